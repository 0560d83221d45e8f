"""What a browser tab may send (``web/messages.py``): input from strangers, so every shape not ours is dropped."""

from __future__ import annotations

import json

import pytest

from secondop_tui.guest.policy import MAX_COLUMNS, MAX_ROWS
from secondop_tui.web.messages import MAX_PING, Focus, Keys, Ping, Resize, parse, size_from_query

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (["stdin", "q"], Keys("q")),
        (["stdin", "añ✓\x1b[A"], Keys("añ✓\x1b[A")),
        (["resize", {"width": 100, "height": 30}], Resize(100, 30)),
        (["resize", {"width": 99999, "height": -4}], Resize(MAX_COLUMNS, 1)),
        (["ping", "1733400000"], Ping("1733400000")),
        (["ping", "x" * MAX_PING], Ping("x" * MAX_PING)),
        (["focus"], Focus(True)),
        (["blur"], Focus(False)),
    ],
)
def test_the_page_scripts_messages_are_understood(sent: list[object], message: object) -> None:
    assert parse(json.dumps(sent)) == message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "{}",
        "[]",
        "null",
        '"stdin"',
        "[1, 2]",
        '["stdin"]',
        '["stdin", ""]',
        '["stdin", 5]',
        '["resize", {"width": "80", "height": 24}]',
        '["resize", {"width": 80}]',
        '["resize", [80, 24]]',
        '["resize", {"width": 80.5, "height": 24}]',
        '["resize", {"width": 80.0, "height": 24}]',
        '["resize", {"width": true, "height": 24}]',
        '["resize", {"width": 1e999, "height": 24}]',
        '["ping", 5]',
        f'["ping", "{"x" * (MAX_PING + 1)}"]',
        '["quit"]',
        '["deliver_file_start", "x"]',
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_anything_else_is_dropped(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("width", "height", "size"),
    [
        ("120", "40", (120, 40)),
        ("100000", "99999", (MAX_COLUMNS, MAX_ROWS)),
        ("0", "-1", (1, 1)),
        (None, "40", (80, 24)),
        ("wide", "40", (80, 24)),
        ("", "", (80, 24)),
    ],
)
def test_the_first_size_comes_from_the_address_bounded(
    width: str | None, height: str | None, size: tuple[int, int]
) -> None:
    assert size_from_query(width, height) == size
