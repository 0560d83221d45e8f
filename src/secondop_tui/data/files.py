"""Private files written whole: a reader sees the old bytes or the new, never a mix, and nobody else can read them.

Every write goes to a private temporary file in the same folder, is flushed and fsynced, then renamed over
the old file (an atomic step on POSIX), and the folder itself is fsynced so the rename survives a power cut.
Used for the progress file, exported checklists and the server's host key.
"""

from __future__ import annotations

import glob
import os
import stat
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


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
        return f"cannot use {directory}: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return f"{directory} is a link"
    if not stat.S_ISDIR(info.st_mode):
        return f"{directory} is not a folder"
    if info.st_uid != os.geteuid():
        return f"{directory} belongs to another user (uid {info.st_uid})"
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        return f"{directory} may be changed by others (mode {mode:o}); run: chmod 700 {directory}"
    return None
