"""Styles parsed once by ``secondop serve``'s warm helper: an app it forks parses no CSS of the prepared
theme, and every app looks the same as one that parsed everything itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet

from secondop_tui.app import GuardedApp
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.guest.warm.prepared_styles import THEMES, prepare_styles
from secondop_tui.settings import Settings
from secondop_tui.textual_compat import SHARED_PARSES_LIMIT, share_css_parses
from secondop_tui.themes import ANSI_THEME, CONTRAST_THEME, DEFAULT_THEME

from support.screen_capture import screen_text

TERMINALS = {  # one terminal for each theme the app picks
    DEFAULT_THEME: {"TERM": "xterm-256color"},
    ANSI_THEME: {"TERM": "xterm"},
    CONTRAST_THEME: {"TERM": "xterm-256color", "NO_COLOR": "1"},
}


async def _start(db_path: Path, guide: Guide) -> tuple[str, str, str]:
    """The app's theme, its first screen as text, and the same in colour (as an SVG picture)."""
    app = GuardedApp(Settings(content_dir=guide.directory, db_path=db_path), guide, ProgressStore(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        return app.theme, screen_text(app), app.export_screenshot()


@pytest.mark.parametrize("theme", sorted(TERMINALS))
async def test_a_prepared_app_looks_the_same_and_parses_no_css_of_a_prepared_theme(
    theme: str, guide: Guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in TERMINALS[theme].items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(Stylesheet, "_parse_rules", Stylesheet._parse_rules)  # undone after the test
    alone = await _start(tmp_path / "alone.json", guide)
    assert alone[0] == theme

    kept = prepare_styles()
    shared = share_css_parses()
    assert kept > 0 and shared.hits == 0
    before = shared.misses
    prepared = await _start(tmp_path / "prepared.json", guide)
    assert prepared == alone
    if theme in THEMES:
        assert shared.misses == before, "the app parsed CSS the helper had not"
        assert shared.hits > 0
    else:
        assert shared.misses > before  # parsed by the app itself, as before


def test_what_is_kept_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Stylesheet, "_parse_rules", Stylesheet._parse_rules)
    shared = share_css_parses()
    for number in range(SHARED_PARSES_LIMIT + 50):
        sheet = Stylesheet()
        sheet.add_source(f"Static {{ width: {number + 1}; }}", read_from=("", f"test {number}"))
        sheet.parse()
        assert sheet.rules[0].styles.width is not None and sheet.rules[0].styles.width.value == number + 1
    assert len(shared.rules) == SHARED_PARSES_LIMIT
