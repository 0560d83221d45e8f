"""Make text that a person typed safe to put on a terminal.

Progress keeps text exactly as typed; only what is drawn or printed goes through ``printable``, so
that an escape sequence pasted into a note can never move the cursor, change colours or retitle the
terminal.
"""

from __future__ import annotations

# C0 controls (but tab and newline), DEL and the C1 range, which some terminals also obey.
_CONTROLS = {code: "?" for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)) if code not in (0x09, 0x0A)}
_SINGLE_LINE = {**_CONTROLS, 0x09: " ", 0x0A: " "}


def printable(text: str, single_line: bool = False) -> str:
    """``text`` with every control character shown as '?' (newlines and tabs to spaces if single_line)."""
    return text.translate(_SINGLE_LINE if single_line else _CONTROLS)
