"""The few symbols the app draws itself, with ASCII stand-ins for terminals without Unicode."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Marks:
    read: str
    done: str
    todo: str


UNICODE_MARKS = Marks(read="✓", done="☑", todo="☐")
ASCII_MARKS = Marks(read="*", done="[x]", todo="[ ]")


def marks_for(ascii_only: bool) -> Marks:
    return ASCII_MARKS if ascii_only else UNICODE_MARKS
