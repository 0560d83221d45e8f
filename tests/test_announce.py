"""The OSC sequence that carries a notice's words to the browser page (web/announce.py)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.guest.apps import WebGuestApp
from secondop_tui.settings import Settings
from secondop_tui.web.announce import LONGEST_NOTICE, OSC_NOTICE, notice_sequence


def words_in(sequence: str) -> str:
    found = re.fullmatch(rf"\x1b\]{OSC_NOTICE};([A-Za-z0-9+/=]*)\x07", sequence)
    assert found, repr(sequence)
    return base64.b64decode(found.group(1)).decode("utf-8")


def test_title_and_message_arrive_as_one_line() -> None:
    assert words_in(notice_sequence("Link", "Web address:\n  https://www.cancer.gov")) == (
        "Link Web address: https://www.cancer.gov"
    )


def test_nothing_in_the_words_can_end_the_sequence_or_start_another() -> None:
    sequence = notice_sequence("", "típico \x07 \x1b]52;c;AAAA\x07 sección")
    assert sequence.count("\x07") == 1 and sequence.count("\x1b") == 1
    assert words_in(sequence).startswith("típico")


def test_a_long_notice_is_cut_short() -> None:
    assert len(words_in(notice_sequence("", "word " * 1000))) == LONGEST_NOTICE


async def test_a_notice_whose_markup_is_broken_is_still_shown(db_path: Path, guide: Guide) -> None:
    """The page's copy of a notice never stops the notice itself, whatever its words."""
    settings = Settings(content_dir=guide.directory, db_path=db_path)
    app = WebGuestApp(settings, guide, ProgressStore(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.notify("Closing [/b] with nothing open", title="Link")
        app.notify("Plain [b]words[/b] too")
        await pilot.pause()
        assert [note.message for note in app._notifications] == [
            "Closing [/b] with nothing open",
            "Plain [b]words[/b] too",
        ]
