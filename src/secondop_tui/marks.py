"""Every symbol the app draws itself, in one place, with ASCII stand-ins for terminals without Unicode.

Borders are the exception: Textual draws them, and ``styles/app.tcss`` swaps in ASCII ones under the app's
``-ascii`` class.
"""

from __future__ import annotations

from dataclasses import dataclass

# Ticks in text that leaves the screen (export, print, QR codes) and in the checklist, where a box with a
# letter reads the same in every terminal and font.
TEXT_DONE = "[x]"
TEXT_TODO = "[ ]"

# A QR code in character cells: each cell holds two modules, top and bottom.
HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


@dataclass(frozen=True)
class Marks:
    read: str  # beside a section already read
    done: str  # a ticked task in the guide's text
    todo: str
    bullets: tuple[str, ...]  # list bullets by depth
    quote: str  # the bar before quoted text
    rule: str  # a horizontal rule, repeated
    title_separator: str  # between the app's title and the section's


UNICODE_MARKS = Marks(
    read="✓", done="☑", todo="☐", bullets=("•", "◦", "▪"), quote="▌", rule="─", title_separator=" — "
)
ASCII_MARKS = Marks(
    read="*", done=TEXT_DONE, todo=TEXT_TODO, bullets=("*", "-", "+"), quote="|", rule="-", title_separator=" - "
)


def marks_for(ascii_only: bool) -> Marks:
    return ASCII_MARKS if ascii_only else UNICODE_MARKS
