"""The few choices that shape one run of the app, gathered in one object instead of globals.

The command line, the SSH server and kiosk mode each build a ``Settings`` and hand it to the app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from secondop_tui.data.locations import default_content_dir, default_db_path
from secondop_tui.i18n import ENGLISH, choose_language


def locale_is_utf8(environ: dict[str, str] | None = None) -> bool:
    """Whether the terminal's locale can show non-ASCII marks (LC_ALL beats LC_CTYPE beats LANG)."""
    env = os.environ if environ is None else environ
    # Python turns LANG=C into LC_CTYPE=C.UTF-8 for itself at start-up (PEP 538); the terminal still lacks UTF-8.
    if not env.get("LC_ALL") and env.get("LANG", "C") in ("C", "POSIX") and env.get("LC_CTYPE") == "C.UTF-8":
        return False
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(name)
        if value:
            return "utf-8" in value.lower() or "utf8" in value.lower()
    return False


def is_linux_console(environ: dict[str, str] | None = None) -> bool:
    """Whether the terminal is the Linux console itself (a virtual terminal, as a kiosk's tty1), whose fonts
    have Latin-1's letters but few other symbols."""
    env = os.environ if environ is None else environ
    return env.get("TERM") == "linux"


@dataclass(frozen=True)
class Settings:
    content_dir: Path
    db_path: Path | None  # None keeps progress in memory only
    ascii_only: bool = False  # no UTF-8: letters and symbols in ASCII
    console: bool = False  # the Linux console: its letters as they are, symbols in ASCII
    mouse: bool = True
    print_command: str | None = None  # prints what it reads on its input; None: no printer here
    language: str = ENGLISH  # the language to start in, and a kiosk's for each new visitor
    language_given: bool = False  # chosen with --lang: it wins over the choice kept in the progress file

    @property
    def ascii_symbols(self) -> bool:
        """Borders, marks, scrollbars and key names drawn in ASCII."""
        return self.ascii_only or self.console

    @classmethod
    def from_environment(
        cls,
        content_dir: Path | None = None,
        db_path: Path | None = None,
        language: str | None = None,
        default_language: str = ENGLISH,
    ) -> Settings:
        return cls(
            content_dir=content_dir or default_content_dir(),
            db_path=db_path or default_db_path(),
            ascii_only=not locale_is_utf8(),
            console=is_linux_console(),
            language=choose_language(language, os.environ, default_language),
            language_given=language is not None,
        )
