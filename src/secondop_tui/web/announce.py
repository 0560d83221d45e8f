"""Notices said aloud in the browser (WCAG 4.1.3, status messages).

A notice is drawn as a toast in the terminal, where a screen reader finds it only by reading the whole screen
again. The tab's app also sends its words to the page in a private OSC sequence, which xterm.js hands to the
page's script (``static/page.js``) instead of drawing; the script puts them in the page's polite status region.
"""

from __future__ import annotations

import base64

# A number no terminal gives a meaning to; page.js listens for the same one.
OSC_NOTICE = 7701
LONGEST_NOTICE = 500  # characters: our notices are a sentence or two


def notice_sequence(title: str, message: str) -> str:
    """The OSC sequence that carries a notice's words to the page, in base64 so no byte of them ends it early."""
    words = " ".join(part.strip() for part in (title, message) if part.strip())
    words = " ".join(words.split())[:LONGEST_NOTICE]
    payload = base64.b64encode(words.encode("utf-8")).decode("ascii")
    return f"\x1b]{OSC_NOTICE};{payload}\x07"
