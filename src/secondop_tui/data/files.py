"""Private files written whole: a reader sees the old bytes or the new, never a mix, and nobody else can read them.

Every write goes to a private temporary file in the same folder, is flushed and fsynced, then renamed over
the old file (an atomic step on POSIX), and the folder itself is fsynced so the rename survives a power cut.
Used for the progress file, exported checklists and the server's host key.

Files beside the progress file are opened with ``O_NOFOLLOW`` and checked to be plain files, so a symbolic
link planted at one of their names is refused, never followed or written through.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
import tempfile
from pathlib import Path

from secondop_tui.i18n import N_, _

FILE_MODE = 0o600
DIR_MODE = 0o700


class NotPlainFile(OSError):
    """A symbolic link, a folder or a device stands where a plain file belongs; nothing was opened through it."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, f"{path} is {what}", str(path))
        self.what = what


def open_plain(path: Path, flags: int) -> int:
    """``os.open`` that refuses a symbolic link at ``path`` and anything but a plain file (new ones get 0600)."""
    # O_NONBLOCK: a named pipe planted at the path must not hang the open waiting for a writer.
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, FILE_MODE)
    except OSError as error:
        if error.errno == errno.ELOOP and os.path.islink(path):
            raise NotPlainFile(path, N_("a symbolic link")) from None
        if error.errno == errno.EISDIR:
            raise NotPlainFile(path, N_("a folder")) from None
        raise
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):
        os.close(fd)
        raise NotPlainFile(path, N_("a folder") if stat.S_ISDIR(kind) else N_("a device or pipe"))
    return fd


def read_plain(path: Path) -> bytes | None:
    """The bytes of the plain file at ``path``, or None when nothing is there; never read through a link."""
    try:
        fd = open_plain(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as file:
        return file.read()


def ensure_plain_file(path: Path) -> None:
    """Create ``path`` empty and private unless a plain file is there already; a planted link is refused."""
    os.close(open_plain(path, os.O_RDONLY | os.O_CREAT))


def make_private(path: Path) -> None:
    """Take away other people's access to the plain file at ``path`` (chmod would follow a link)."""
    fd = open_plain(path, os.O_RDONLY)
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new private file; FileExistsError if anything, a link included, has that name."""
    fd = open_plain(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with os.fdopen(fd, "wb") as file:
            os.fchmod(fd, FILE_MODE)  # the open's mode is filtered by the umask
            file.write(data)
            file.flush()
            os.fsync(fd)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def ensure_private_dir(directory: Path) -> None:
    """Create ``directory`` (and missing parents) as 0700; folders that already exist are left alone."""
    missing: list[Path] = []
    current = directory
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another process made it first
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (mode 0600) so that readers see the old bytes or the new, never a mix."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def remove_stale_temps(path: Path) -> None:
    """Delete temporary files that a writer killed mid-save left beside ``path``.

    Call only while holding the file's lock: a live writer makes its temporary file under that lock.
    """
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        stale.unlink(missing_ok=True)


def folder_problem(directory: Path, *, follow_link: bool = False) -> str | None:
    """Why ``directory`` is not a folder that only this user can change, or None if it is.

    Whoever can write to a folder can put a link in it where a file is expected, so a folder owned by
    another user, or one its group or others may write to, is a problem. So is a link itself, unless
    ``follow_link`` (for a folder that the person running the program named).
    """
    try:
        info = os.stat(directory) if follow_link else os.lstat(directory)
    except OSError as error:
        return _("cannot use {folder}: {reason}").format(folder=directory, reason=error.strerror)
    if stat.S_ISLNK(info.st_mode):
        return _("{folder} is a link").format(folder=directory)
    if not stat.S_ISDIR(info.st_mode):
        return _("{folder} is not a folder").format(folder=directory)
    if info.st_uid != os.geteuid():
        return _("{folder} belongs to another user (uid {uid})").format(folder=directory, uid=info.st_uid)
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        return _("{folder} may be changed by others (mode {mode}); run: chmod 700 {folder}").format(
            folder=directory, mode=f"{mode:o}"
        )
    return None


def trusted_file_problem(path: Path) -> str | None:
    """Why nobody but this user and root can be trusted to have written ``path``, or None.

    For a file that decides who may read whose checklist (the SSH server's keys file), as OpenSSH's StrictModes
    checks authorized_keys: the file, and every folder on the way to it, must belong to this user or to root
    and be closed to writing by others. A folder that others may write to but that has the sticky bit (/tmp)
    is fine on the way: only an entry's owner may rename or remove it there.
    """
    try:
        real = Path(os.path.realpath(path, strict=True))
        info = os.stat(real)
    except OSError as error:
        return _("cannot use {folder}: {reason}").format(folder=path, reason=error.strerror)
    if not stat.S_ISREG(info.st_mode):
        return _("{path} is not a file").format(path=path)
    owners = (os.geteuid(), 0)
    for place in (real, *real.parents):
        info = os.stat(place)
        mode = stat.S_IMODE(info.st_mode)
        if info.st_uid not in owners:
            return _("{folder} belongs to another user (uid {uid})").format(folder=place, uid=info.st_uid)
        if mode & 0o022 and not (place != real and mode & stat.S_ISVTX):
            return _("{path} may be changed by others (mode {mode}); run: chmod go-w {path}").format(
                path=place, mode=f"{mode:o}"
            )
    return None
