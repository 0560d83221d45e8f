"""Where things live: the shipped guide and styles, the user's progress file, the server's data.

In an installed wheel, content and styles sit inside the package under ``assets/``. In a source
checkout (or an editable install) they sit at the top of the repository; both are looked for.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "secondop"
DB_ENV = "SECONDOP_DB"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _asset_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "assets" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / name


def default_content_dir() -> Path:
    """The guide that ships with the app."""
    return _asset_dir("content")


def styles_dir() -> Path:
    return _asset_dir("styles")


def own_db_path() -> Path:
    """``progress.json`` in the platform's user data folder: secondop's own place, where nobody else keeps files."""
    return user_data_path(APP_NAME, appauthor=False) / "progress.json"


def is_own_db_path(path: Path) -> bool:
    return os.path.abspath(path) == os.path.abspath(own_db_path())


def default_db_path() -> Path:
    """``$SECONDOP_DB`` if set, else the app's own place."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return own_db_path()


def default_serve_dir() -> Path:
    """Where ``secondop serve`` keeps its host key and each person's progress, unless told otherwise."""
    return user_data_path(APP_NAME, appauthor=False) / "serve"


def default_web_dir() -> Path:
    """Where ``secondop web`` keeps each browser tab's throwaway checklist, unless told otherwise."""
    return user_data_path(APP_NAME, appauthor=False) / "web"
