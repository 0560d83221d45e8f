"""Characters that a terminal, an editor or a browser would obey rather than show, and what is done with them.

Progress keeps text exactly as typed; only what is drawn or printed goes through ``printable``, so
that an escape sequence pasted into a note can never move the cursor, change colours or retitle the
terminal, and a right-to-left override can never make the words read in another order. The guide's own
files are held to the same rule when they are loaded (``content``): such characters are left out there.
"""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL and the C1 range, which some terminals also obey.
_CONTROL_CODES = tuple(code for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if code not in (0x09, 0x0A))
# Bidirectional embeddings, overrides (U+202A to U+202E) and isolates (U+2066 to U+2069): they reorder the text
# around them where it is shown, as an editor or a browser opening an exported checklist would.
_BIDI_CODES = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
UNSAFE_CODES = frozenset((*_CONTROL_CODES, *_BIDI_CODES))
UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(UNSAFE_CODES)) + "]")

_SHOWN = {code: "?" for code in UNSAFE_CODES}
_SINGLE_LINE = {**_SHOWN, 0x09: " ", 0x0A: " "}


def printable(text: str, single_line: bool = False) -> str:
    """``text`` with every such character shown as '?' (newlines and tabs to spaces if single_line)."""
    return text.translate(_SINGLE_LINE if single_line else _SHOWN)


def without_unsafe(text: str) -> str:
    """``text`` with every such character left out (tabs and newlines stay)."""
    return UNSAFE.sub("", text)
