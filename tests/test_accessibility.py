"""Assistive technology: the real cursor follows the highlight, the plain-text guide reads cleanly,
and the high-contrast theme shows selection and ticks without relying on colour."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._toast import Toast

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.settings import Settings
from secondop_tui.themes import ANSI_THEME, CONTRAST_THEME, DEFAULT_THEME, theme_for
from secondop_tui.widgets.checklist_view import ChecklistView
from secondop_tui.widgets.reader import Reader
from secondop_tui.widgets.section_list import SectionList

from conftest import make_app, screen_text
from support.waiting import wait_until_async

SECONDOP = Path(sys.executable).parent / "secondop"


def line_at_cursor(app: SecondOpinionApp) -> str:
    """The screen row the terminal's cursor is on, from the cursor's column on."""
    position = app.cursor_position
    return screen_text(app).splitlines()[position.y][position.x :]


async def test_cursor_follows_the_sidebar_highlight(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sidebar = app.screen.query_one(SectionList)
        assert app.focused is sidebar
        seen = []
        for key in ["down", "down", "down", "up"]:
            await pilot.press(key)
            await pilot.pause()
            title = guide.sections[sidebar.highlighted].title
            assert title in line_at_cursor(app)
            seen.append(app.cursor_position.y)
        assert seen == [seen[0], seen[0] + 1, seen[0] + 2, seen[0] + 1]


async def test_cursor_follows_the_checklist_highlight(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        view = app.screen.query_one(ChecklistView)
        rows = []
        for key in ["down", "down", "up"]:
            await pilot.press(key)
            await pilot.pause()
            entry = view.current
            assert entry is not None
            assert line_at_cursor(app).startswith(f"[ ] {entry.text}"[:40])
            rows.append(app.cursor_position.y)
        assert rows[1] > rows[0] and rows[2] == rows[0]
        # Ticking keeps the cursor on the same item, now marked in words, not only in colour.
        await pilot.press("space")
        await pilot.pause()
        assert line_at_cursor(app).startswith("[x] ")


async def test_cursor_is_on_a_heading_when_reading(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, Reader)
        assert line_at_cursor(app).strip() == guide.sections[0].title
        await pilot.press("n")
        await pilot.pause()
        assert line_at_cursor(app).strip() == guide.sections[1].title


async def test_contrast_theme_marks_the_highlight_without_hue(db_path: Path, guide: Guide) -> None:
    settings = Settings(content_dir=guide.directory, db_path=db_path, ascii_only=True)
    app = SecondOpinionApp(settings, guide, ProgressStore(db_path), environ={"NO_COLOR": "1"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == CONTRAST_THEME
        sidebar = app.screen.query_one(SectionList)
        row = sidebar.render_line(app.cursor_position.y - sidebar.content_region.y)
        style = next(segment.style for segment in row if segment.text.strip())
        assert style is not None and style.bold
        # Black on white against white on black: the difference is brightness, which survives greyscale.
        assert style.color is not None and style.bgcolor is not None
        assert style.color.get_truecolor().red < 64 and style.bgcolor.get_truecolor().red > 192


def test_theme_follows_the_terminal() -> None:
    assert theme_for({"TERM": "xterm-256color"}) == DEFAULT_THEME
    assert theme_for({"TERM": "xterm-256color", "COLORTERM": "truecolor"}) == DEFAULT_THEME
    for term in ["xterm", "linux", "vt100", "screen"]:
        assert theme_for({"TERM": term}) == ANSI_THEME
    assert theme_for({"TERM": "xterm", "COLORTERM": "truecolor"}) == DEFAULT_THEME
    assert theme_for({"TERM": "xterm-256color", "NO_COLOR": ""}) == CONTRAST_THEME


def test_plain_text_guide_reads_in_order_without_markup(guide: Guide, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SECONDOP), "read"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    lines = text.splitlines()
    # Every section title on a line of its own, in the guide's order.
    at = [lines.index(section.title) for section in guide.sections]
    assert at == sorted(at)
    # No Markdown left for a screen reader to spell out.
    for pattern in [r"^#+ ", r"\*\*", r"__", r"\]\(", r"^\s*>", r"`", r"<[a-z/]", r"^---$", r"^\|"]:
        assert not re.search(pattern, text, re.MULTILINE), pattern
    assert "\x1b" not in text


async def back_with(pilot: Pilot[None], open_keys: list[str], back_keys: list[str]) -> tuple[type, type]:
    """Open a screen with ``open_keys``, leave it with ``back_keys``: the screen types before and after."""
    await pilot.press(*open_keys)
    await pilot.pause()
    opened = type(pilot.app.screen)
    await pilot.press(*back_keys)
    await pilot.pause()
    return opened, type(pilot.app.screen)


async def test_every_screen_has_a_way_back_besides_escape(db_path: Path, guide: Guide) -> None:
    from secondop_tui.dialogs.confirm import ConfirmDialog
    from secondop_tui.dialogs.link_picker import LinkPicker
    from secondop_tui.dialogs.text_prompt import TextPrompt
    from secondop_tui.screens.checklist import ChecklistScreen
    from secondop_tui.screens.guide import GuideScreen
    from secondop_tui.screens.help import HelpScreen
    from secondop_tui.screens.search import SearchScreen

    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await back_with(pilot, ["question_mark"], ["g"]) == (HelpScreen, GuideScreen)
        assert await back_with(pilot, ["slash", "r", "e", "c"], ["ctrl+g"]) == (SearchScreen, GuideScreen)
        assert await back_with(pilot, ["slash", "r", "e", "c", "down"], ["ctrl+g"]) == (SearchScreen, GuideScreen)
        assert await back_with(pilot, ["l"], ["g"]) == (LinkPicker, GuideScreen)
        assert await back_with(pilot, ["c"], ["g"]) == (ChecklistScreen, GuideScreen)
        await pilot.press("c")
        await pilot.pause()
        before = screen_text(app)
        await pilot.press("a", "x", "y")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "^g Cancel" in screen_text(app).splitlines()[-1]  # the key is shown, not only known
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert await back_with(pilot, ["d"], ["n"]) == (ConfirmDialog, ChecklistScreen)
        # Nothing was added or deleted on the way.
        assert screen_text(app) == before


async def test_highlight_is_bold_in_every_list_even_without_focus(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "tab")  # the sidebar keeps its highlight but loses focus to the text
        await pilot.pause()
        assert isinstance(app.focused, Reader)
        sidebar = app.screen.query_one(SectionList)
        title = guide.sections[1].title
        styles = [segment.style for segment in sidebar.render_line(1) if title in segment.text]  # the second section
        assert styles and all(style is not None and style.bold for style in styles)
        # Rows that are not highlighted are plain.
        other = [segment.style for segment in sidebar.render_line(2) if guide.sections[2].title in segment.text]
        assert other and not any(style is not None and style.bold for style in other)


# Every screen and dialog a key opens, from the guide: (keys, the screen that comes up).
OPENED_BY_KEYS = {
    "help": (["question_mark"], "HelpScreen"),
    "search": (["slash"], "SearchScreen"),
    "take it with you": (["t"], "TakeAwayScreen"),
    "visit": (["v"], "VisitScreen"),
    "requests": (["r"], "RequestsScreen"),
    "checklist": (["c"], "ChecklistScreen"),
    "add an item": (["c", "a"], "TextPrompt"),
    "note on an item": (["c", "o"], "TextPrompt"),
    "delete an item": (["c", "d"], "ConfirmDialog"),
}


@pytest.mark.parametrize("name", list(OPENED_BY_KEYS))
async def test_every_screen_puts_the_cursor_on_what_has_focus(db_path: Path, guide: Guide, name: str) -> None:
    """A screen reader in a terminal reads where the terminal's cursor is: on each screen and dialog it must be
    in the widget that has focus, never left where the screen underneath had it."""
    keys, screen_name = OPENED_BY_KEYS[name]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await wait_until_async(lambda: type(app.screen).__name__ == screen_name, f"{screen_name} up", pause=pilot.pause)
        await wait_until_async(
            lambda: on_what_has_focus(app),
            lambda: (
                f"cursor at {app.cursor_position}, focus on {app.focused!r} at {getattr(app.focused, 'region', None)}"
            ),
            pause=pilot.pause,
        )
        assert line_at_cursor(app).strip(), "the cursor is on a blank"


def on_what_has_focus(app: SecondOpinionApp) -> bool:
    """The cursor is in the focused widget of the screen on top; with nothing focused, in its first words."""
    target = app.focused if app.focused is not None else app.screen.query(Static).first()
    return target.screen is app.screen and target.region.contains_point(app.cursor_position)


@pytest.mark.parametrize("size", [(80, 24), (50, 16)])
@pytest.mark.parametrize("low", [False, True], ids=["focus high", "focus low"])
async def test_a_notice_never_covers_the_focused_row(
    db_path: Path, guide: Guide, size: tuple[int, int], low: bool
) -> None:
    """WCAG 2.4.11: with the highlighted item at the top of the list or at its bottom, a notice leaves that row
    whole on screen, and the cursor on it."""
    app = make_app(db_path, guide)
    width, height = size
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("c")
        await wait_until_async(lambda: isinstance(app.focused, ChecklistView), "the checklist up", pause=pilot.pause)
        if low:  # down the list until the highlight is on the last rows of the screen
            for _ in range(height):
                await pilot.press("down")
            await wait_until_async(
                lambda: app.cursor_position.y >= height - 4, "the highlight near the bottom", pause=pilot.pause
            )
        row = app.cursor_position.y
        words = line_at_cursor(app).strip()
        await pilot.press("U")  # nothing deleted: a notice says so
        await wait_until_async(lambda: app.screen.query(Toast), "a notice", pause=pilot.pause)
        await pilot.pause()
        (toast,) = app.screen.query(Toast)
        assert toast.region.height and not toast.region.overlaps(Region(0, row, width, 1)), (toast.region, row)
        assert app.cursor_position.y == row and line_at_cursor(app).strip() == words, screen_text(app)
        box = toast.region
        shown = [line[box.x : box.right] for line in screen_text(app).splitlines()[box.y : box.bottom]]
        assert "None of the guide's steps are deleted." in " ".join(" ".join(shown).replace("▌", " ").split())
