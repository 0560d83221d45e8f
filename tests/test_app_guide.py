"""The guide screen, driven by keys through Textual's Pilot: what the person sees and what is saved."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from secondop_tui.content import Guide
from secondop_tui.plaintext import section_text
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.help import HelpScreen
from secondop_tui.screens.search import SearchScreen
from secondop_tui.screens.too_small import TooSmallScreen
from secondop_tui.widgets.reader import Reader
from secondop_tui.widgets.section_list import SectionList

from conftest import break_progress_file, make_app, move_highlight, read_db, screen_text
from support.take_away_pilot import wait_for


async def test_first_screen_shows_sidebar_reader_and_footer(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        first = guide.sections[0]
        for section in guide.sections[:5]:
            assert section.title in text  # sidebar, in guide order
        assert text.index(guide.sections[0].title) < text.index(guide.sections[1].title)
        assert first.title in text.splitlines()[0]  # header names the open section
        assert "Checklist" in text.splitlines()[-1] and "Quit" in text.splitlines()[-1]  # footer keys
        assert isinstance(app.focused, SectionList)
    assert read_db(db_path)["meta"]["state"]["last_section"] == first.id


async def test_n_and_p_move_between_sections_and_are_saved(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, GuideScreen)
        await pilot.press("n", "n")
        assert screen.current == guide.sections[2].id
        assert guide.sections[2].title in screen_text(app).splitlines()[0]
        await pilot.press("p")
        assert screen.current == guide.sections[1].id
        await pilot.press("p", "p")  # past the first: stays, says so
        await pilot.pause()
        assert screen.current == guide.sections[0].id
        assert "first section" in screen_text(app)
    assert read_db(db_path)["meta"]["state"]["last_section"] == guide.sections[0].id


async def test_arrow_and_jk_move_the_highlight_and_enter_opens(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        sidebar = app.screen.query_one(SectionList)
        await pilot.press("down", "j", "j")
        assert sidebar.highlighted == 3
        await pilot.press("k", "up")
        assert sidebar.highlighted == 1
        assert app.screen.current == guide.sections[0].id  # moving alone does not open
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current == guide.sections[1].id
    state = read_db(db_path)["meta"]["state"]
    assert state["last_section"] == guide.sections[1].id
    assert set(state["read"]) == {guide.sections[0].id, guide.sections[1].id}


async def test_tab_moves_focus_and_reader_scrolls_by_keys(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    longest = max(guide.sections, key=lambda s: len(s.body))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.screen.open_section(longest.id)
        await pilot.pause()
        await pilot.press("tab")
        reader = app.screen.query_one(Reader)
        assert app.focused is reader
        await pilot.press("space")
        await pilot.pause()
        after_page = reader.scroll_y
        assert after_page > 5
        await pilot.press("b")
        await pilot.pause()
        assert reader.scroll_y < after_page
        await pilot.press("j", "j")
        await pilot.pause()
        assert reader.scroll_y >= 2
        await pilot.press("end")
        await pilot.pause()
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert reader.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert reader.scroll_y > 5
        await pilot.press("pageup")
        await pilot.pause()
        assert reader.scroll_y == 0
        await pilot.press("shift+tab")
        assert isinstance(app.focused, SectionList)


async def test_scroll_position_is_remembered_per_section(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    longest = max(guide.sections, key=lambda s: len(s.body))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await screen.open_section(longest.id)
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        reader = screen.query_one(Reader)
        kept = reader.scroll_y
        assert kept > 0
        other = next(s for s in guide.sections if s.id != longest.id)
        await screen.open_section(other.id)
        await pilot.pause()
        assert reader.scroll_y == 0
        await screen.open_section(longest.id)
        await pilot.pause()
        await pilot.pause()
        assert reader.scroll_y == kept


async def test_sidebar_marks_read_sections_and_counts(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    with_items = next(s for s in guide.sections if s.items)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.screen.open_section(with_items.id)
        await pilot.pause()
        text = screen_text(app)
        line = next(line for line in text.splitlines()[1:] if with_items.title in line)
        assert "✓" in line
        assert f"0/{len(with_items.items)}" in text
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await move_highlight(pilot, app.screen.view, app.screen.view.get_option_index(with_items.items[0].id))
        await pilot.press("space", "g")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        assert f"1/{len(with_items.items)}" in screen_text(app)


async def test_c_opens_checklist_and_g_or_escape_return(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("g")
        assert isinstance(app.screen, GuideScreen)
        await pilot.press("c")
        await pilot.press("escape")
        assert isinstance(app.screen, GuideScreen)


async def test_slash_searches_and_opens_a_result(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    target = next(s for s in guide.sections if "insurance" in section_text(s, guide).lower())  # as a reader sees it
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        assert isinstance(app.focused, Input)
        await pilot.press(*"insurance")
        await pilot.pause()
        results = app.screen.query_one(OptionList)
        titles = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert target.id in titles
        await pilot.press("down")
        await move_highlight(pilot, results, titles.index(target.id))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        assert app.screen.current == target.id


async def test_search_with_no_match_says_so_and_escape_goes_back(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"zzqqy")
        await pilot.pause()
        assert "Nothing in the guide matches" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, GuideScreen)


async def test_question_mark_lists_every_key(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 50)) as pilot:  # tall enough to show the checklist's keys too
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        groups = dict(app.screen.groups)
        guide_keys = " ".join(keys for keys, _ in groups["Guide"])
        checklist_keys = " ".join(keys for keys, _ in groups["Checklist"])
        for key in ("n", "p", "c", "/", "space", "b", "l", "s", "j", "k", "enter"):
            assert key in guide_keys.split(", ") or key in guide_keys.replace(",", " ").split(), key
        for key in ("space", "x", "a", "e", "d", "u", "U", "o", "n", "p", "K", "J", "g", "esc"):
            assert key in checklist_keys.replace(",", " ").split(), key
        meaning = {
            group: {key: what for keys, what in groups[group] for key in keys.split(", ")}
            for group in ("Guide", "Checklist")
        }
        for key in ("n", "p"):  # one meaning on both screens
            assert meaning["Guide"][key] == meaning["Checklist"][key], key
        assert listed(groups["Anywhere"]) == ["ctrl+q"]
        for key in ("?", "q", "tab", "shift+tab"):
            assert key in listed(groups["Guide and checklist"]), key
        assert "Tick or untick the item" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, GuideScreen)


def listed(rows: list[tuple[str, str]]) -> list[str]:
    """The keys in some rows of the help screen."""
    return [key for keys, _ in rows for key in keys.split(", ")]


async def test_help_at_80x24_shows_how_to_close_it_and_claims_no_key_that_does_not_work_there(
    db_path: Path, guide: Guide
) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Escape, q, g or ? closes this screen; up and down scroll" in screen_text(app)
        last = "Cancel"  # the last row, out of sight at first
        assert last not in screen_text(app)
        for _ in range(120):  # help lists the visit's and the requests' keys too
            await pilot.press("down")
            if last in screen_text(app):
                break
        assert last in screen_text(app)
        # q quits from the guide and the checklist; on this screen it closes the screen (as in less and man), so
        # help must not say it quits anywhere. ctrl+q does work anywhere, this screen included.
        assert "q" not in listed(dict(app.screen.groups)["Anywhere"])
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_links_key_lists_links_and_follows_one(db_path: Path, guide: Guide) -> None:
    section = next(s for s in guide.sections if any(guide.resolve_link(l.href) for l in s.links))
    link = next(l for l in section.links if guide.resolve_link(l.href))
    target = guide.resolve_link(link.href)
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.screen.open_section(section.id)
        await pilot.press("l")
        await pilot.pause()
        assert f"go to {target.title}" in screen_text(app)
        picker = app.screen.query_one(OptionList)
        await move_highlight(pilot, picker, section.links.index(link))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current == target.id


async def test_outside_link_is_shown_not_opened(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url)  # a real browser must never be started
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.screen.follow("https://www.cancer.gov")
        await pilot.pause()
        assert "https://www.cancer.gov" in screen_text(app)
    assert opened == []


async def test_narrow_screen_hides_sidebar_and_s_shows_it(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        sidebar = app.screen.query_one(SectionList)
        assert not sidebar.display or sidebar.region.width == 0
        assert isinstance(app.focused, Reader)
        assert guide.sections[1].title not in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert guide.sections[1].title in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.current == guide.sections[1].id
        assert isinstance(app.focused, Reader)  # the list closes again after choosing


async def test_a_narrow_footer_offers_the_sections_and_both_keys_work_at_every_width(
    db_path: Path, guide: Guide
) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "s Topics" in footer and "Search" not in footer
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "/ Search" in footer and "Topics" not in footer
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.has_class("sidebar-closed")


async def test_too_small_window_says_so_and_recovers(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "too small" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        assert guide.sections[0].title in screen_text(app)


async def test_a_window_grown_while_a_screen_covered_the_notice_is_not_told_it_is_too_small(
    db_path: Path, guide: Guide
) -> None:
    """A key that opens a screen (help) while the notice shows puts that screen over it; the window grows
    meanwhile, and closing the screen must show the guide, not a notice that is no longer true."""
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(30, 8)
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, GuideScreen))
        assert "too small" not in screen_text(app)


async def test_q_and_ctrl_q_quit(db_path: Path, guide: Guide) -> None:
    for key in ("q", "ctrl+q"):
        app = make_app(db_path, guide)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(key)
            await pilot.pause()
            assert not app.is_running


async def test_comes_back_to_the_section_being_read(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "q")
    again = make_app(db_path, guide)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.screen.current == guide.sections[3].id
        assert guide.sections[3].title in screen_text(again).splitlines()[0]


async def test_reading_on_after_the_file_breaks_shows_one_calm_line(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        break_progress_file(db_path)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        text = screen_text(app)
        assert "Could not read or save" in text and guide.sections[1].title in text
