"""Where people's checklists live, made and checked so that no one but the server can redirect them.

Anyone who can write to the data folder, or to a folder in it, can put a link where a checklist is
expected (``users/bob/progress.json -> ../alice/progress.json``) and so show alice's ticks to bob. The
data folder is checked at start; every folder below it is checked (never followed through a link) each
time a session opens it. Once every folder on the way is the server's own and closed to others, nobody
else can change what a path leads to.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from secondop_tui.data.files import DIR_MODE, ensure_private_dir, folder_problem
from secondop_tui.i18n import _

PROGRESS_FILE = "progress.json"


class UnsafeFolder(Exception):
    """A folder, a checklist file or the keys file that someone other than the server could change."""


def check_data_dir(data_dir: Path) -> None:
    """Make the data folder if it is missing; refuse one that others could change."""
    ensure_private_dir(data_dir)
    problem = folder_problem(data_dir, follow_link=True)  # a link the admin chose is fine; below, none are
    if problem is not None:
        raise UnsafeFolder(_("the data folder is not safe: {problem}").format(problem=problem))


def private_folder(parent: Path, name: str) -> Path:
    """``parent/name``, made as a private folder if missing; never made or used through a link."""
    folder = parent / name
    try:
        folder.mkdir(mode=DIR_MODE)  # does not follow a link at ``name``: one there is "already there"
    except FileExistsError:
        pass
    else:
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    problem = folder_problem(folder)
    if problem is not None:
        raise UnsafeFolder(problem)
    return folder


def clear_stale_guests(data_dir: Path, name: str) -> None:
    """Empty ``data_dir/name`` of guests' folders, left behind only if the server itself was killed (nobody can
    be using them now). Checked first: through a planted link this would delete someone else's folders."""
    if not os.path.lexists(data_dir / name):
        return
    for folder in private_folder(data_dir, name).iterdir():
        shutil.rmtree(folder, ignore_errors=True)


def user_progress_file(data_dir: Path, user: str) -> Path:
    """Where ``user``'s checklist is kept, once its folders are known to be the server's alone."""
    path = private_folder(private_folder(data_dir, "users"), user) / PROGRESS_FILE
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path  # a new user: the app makes it
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
        raise UnsafeFolder(f"{path} is not a file of the server's own")
    return path
