"""A place in the person's Downloads folder for a saved checklist: a new private file, never one that is there.

The file is made empty (0600, exclusive, not through a link) before Textual writes the checklist into it, so a
save can neither replace something the person already has nor leave the checklist readable by others.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_downloads_path

from secondop_tui.data.files import open_plain

MOST_TRIES = 100


def downloads_folder() -> Path:
    return user_downloads_path()


def reserve_file(folder: Path, stem: str, suffix: str) -> Path:
    """A new, empty, private file in ``folder``: ``stem``+``suffix``, or ``stem-2``+``suffix`` and so on.

    Raises OSError (FileNotFoundError for a missing folder) when no such file can be made.
    """
    for number in range(1, MOST_TRIES + 1):
        path = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            fd = open_plain(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            continue  # the person's own file, or an earlier save: left as it is
        os.fchmod(fd, 0o600)  # the open's mode is filtered by the umask
        os.close(fd)
        return path
    raise FileExistsError(f"{folder} already holds {MOST_TRIES} saved checklists named {stem}")


def give_back(path: Path) -> None:
    """Remove a reserved file that a failed save left empty; anything with bytes in it stays."""
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass
