"""What a browser tab may send over its websocket, checked before it reaches the app.

textual-serve's page script sends JSON lists: ``["stdin", text]``, ``["resize", {"width": w, "height": h}]``,
``["ping", text]``, ``["focus"]`` and ``["blur"]``. Anything else, or anything of the wrong shape or size, is
dropped: a stranger's browser (or a script posing as one) may send whatever it likes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from secondop_tui.guest.policy import clamp_size

# Far more than a person types or pastes at once; the websocket refuses a larger message outright.
MAX_MESSAGE = 64 * 1024
DEFAULT_SIZE = (80, 24)
MAX_PING = 32  # characters of a ping's token, echoed back


@dataclass(frozen=True)
class Keys:
    text: str


@dataclass(frozen=True)
class Resize:
    columns: int
    rows: int


@dataclass(frozen=True)
class Ping:
    token: str


@dataclass(frozen=True)
class Focus:
    focused: bool


Message = Keys | Resize | Ping | Focus


def size_from_query(width: str | None, height: str | None) -> tuple[int, int]:
    """The first size, from the websocket address's ``?width=&height=``; the default if either is not a number."""
    try:
        columns, rows = int(width or ""), int(height or "")
    except ValueError:
        return DEFAULT_SIZE
    return clamp_size(columns, rows)


def _whole_number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse(text: str) -> Message | None:
    """The message in ``text``, or None for anything that is not one we take."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, body = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin" and isinstance(body, str) and body:
        return Keys(body)
    if kind == "resize" and isinstance(body, dict):
        columns, rows = _whole_number(body.get("width")), _whole_number(body.get("height"))
        if columns is not None and rows is not None:
            return Resize(*clamp_size(columns, rows))
        return None
    if kind == "ping" and isinstance(body, str) and len(body) <= MAX_PING:
        return Ping(body)
    if kind in ("focus", "blur"):
        return Focus(kind == "focus")
    return None
