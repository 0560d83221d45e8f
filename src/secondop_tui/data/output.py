"""Where ``secondop export -o FILE`` may write the checklist, and how, so that nothing a person made is lost.

- A new name gets a new private file (0600), made only if nothing has taken the name meanwhile.
- An existing file is written only with ``force``, and then in place, as ``cp`` does: it keeps its owner, its
  mode and its other names (hard links), and a symbolic link to it is followed, not replaced.
- A terminal, a device such as /dev/null, or a named pipe is written to, as the shell's ``>`` would; nothing is
  ever put in its place. A folder, a disk, a socket and a link to nothing are refused.
- The progress file, by whatever name, link or hard link, is never written, ``force`` or not: export would turn
  the person's ticks into the printed list.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from secondop_tui.data.files import write_new
from secondop_tui.i18n import _


class OutputRefused(Exception):
    """The checklist must not go where it was asked to; the message is one line for the person."""


def _same_file(one: os.stat_result, other: os.stat_result | None) -> bool:
    return other is not None and (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _refuse(path: Path, reason: str) -> OutputRefused:
    return OutputRefused(_("cannot write {path}: {reason}").format(path=path, reason=reason))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_output(path: Path, data: bytes, *, force: bool, progress: Path) -> None:
    """Write ``data`` to ``path`` by the rules above: OutputRefused, or OSError when the system says no."""
    progress_now = _stat_or_none(progress)
    target_now = _stat_or_none(path)
    is_progress = (target_now is not None and _same_file(target_now, progress_now)) or (
        os.path.realpath(path) == os.path.realpath(progress)
    )
    if is_progress:
        raise OutputRefused(_("{path} is the progress file; give the checklist another name").format(path=path))
    try:
        write_new(path, data)
        return
    except FileExistsError:
        pass  # something has the name: what it is decides
    if target_now is None:
        target_now = _stat_or_none(path)
        if target_now is None and os.path.islink(path):
            raise _refuse(path, _("it is a link to a file that does not exist"))
    mode = target_now.st_mode if target_now else 0
    if stat.S_ISDIR(mode):
        raise _refuse(path, _("it is a folder"))
    if stat.S_ISBLK(mode):
        raise _refuse(path, _("it is a disk, not a file"))
    if stat.S_ISSOCK(mode):
        raise _refuse(path, _("it is a socket, not a file"))
    if stat.S_ISREG(mode) and not force:
        raise OutputRefused(_("{path} already exists; add --force to replace it").format(path=path))
    # No O_CREAT and no O_TRUNC: only what is there now is opened, and nothing is cut before the new bytes are in.
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        opened = os.fstat(fd)
        # Checked again on what was opened: the name may have been pointed elsewhere since it was looked at.
        if _same_file(opened, progress_now) or not _same_file(opened, target_now):
            raise OutputRefused(_("{path} changed while it was being written; nothing was written").format(path=path))
        _write_all(fd, data)
        if stat.S_ISREG(opened.st_mode):
            os.ftruncate(fd, len(data))
            os.fsync(fd)
    finally:
        os.close(fd)
