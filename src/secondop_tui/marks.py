"""Every symbol the app draws itself, in one place, with ASCII stand-ins for terminals without Unicode.

Borders are the exception: Textual draws them, and ``styles/app.tcss`` swaps in ASCII ones under the app's
``-ascii`` class.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

# Ticks in text that leaves the screen (export, print, QR codes) and in the checklist, where a box with a
# letter reads the same in every terminal and font.
TEXT_DONE = "[x]"
TEXT_TODO = "[ ]"

# A QR code in character cells: each cell holds two modules, top and bottom.
HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


class Marks(NamedTuple):
    read: str  # beside a section already read
    done: str  # a ticked task in the guide's text
    todo: str
    bullets: tuple[str, ...]  # list bullets by depth
    quote: str  # the bar before quoted text
    rule: str  # a horizontal rule, repeated
    title_separator: str  # between the app's title and the section's
    more: str  # in a footer too narrow for every key: there are more


UNICODE_MARKS = Marks(
    read="✓",
    done="☑",
    todo="☐",
    bullets=("•", "◦", "▪"),
    quote="▌",
    rule="─",
    title_separator=" — ",
    more="…",
)
ASCII_MARKS = Marks(
    read="*",
    done=TEXT_DONE,
    todo=TEXT_TODO,
    bullets=("*", "-", "+"),
    quote="|",
    rule="-",
    title_separator=" - ",
    more="...",
)


def marks_for(ascii_only: bool) -> Marks:
    return ASCII_MARKS if ascii_only else UNICODE_MARKS


# Typographic signs outside Latin-1, which the Linux console's own font lacks (its letters are all there).
CONSOLE_STAND_INS = {"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "...", "€": "EUR"}
# Letters and signs of other languages that have no ASCII form of their own.
ASCII_STAND_INS = str.maketrans({**CONSOLE_STAND_INS, "¿": "", "¡": "", "«": '"', "»": '"', "º": "o", "ª": "a"})
_CONSOLE_TABLE = str.maketrans(CONSOLE_STAND_INS)


def console_text(text: str) -> str:
    """``text`` for the Linux console: its letters as they are, typographic quotes and dashes plain."""
    return text.translate(_CONSOLE_TABLE)


def ascii_text(text: str) -> str:
    """``text`` for a terminal without UTF-8: accents dropped (``á`` -> ``a``, ``ñ`` -> ``n``), as Spanish
    is written where accents cannot be (``cancer.gov/espanol``); anything else left becomes ``?``."""
    plain = unicodedata.normalize("NFKD", text.translate(ASCII_STAND_INS))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.encode("ascii", "replace").decode("ascii")
