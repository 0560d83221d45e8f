"""The reading pane's own text layout: headings, lists, marks, ASCII, anchors, and wrapping to the width."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from secondop_tui.content import Guide, load_guide
from secondop_tui.markdown_blocks import parse
from secondop_tui.marks import ASCII_MARKS, UNICODE_MARKS
from secondop_tui.widgets.reader import Reader
from secondop_tui.widgets.styled_text import layout

from conftest import make_app, screen_text, write_section

SAMPLE = (
    "# Title\n\nFirst words of the section.\n## A heading\n\n"
    "- one short item\n- an item long enough that it has to wrap onto a second line here\n"
    "  - a nested item\n\n1. first step\n2. second step\n\n> A quoted line.\n"
)


def plain(lines: list) -> list[str]:  # type: ignore[type-arg]
    return [line.plain for line in lines]


def test_headings_are_bold_and_stand_after_a_blank_line() -> None:
    page = layout(parse(SAMPLE), 40, UNICODE_MARKS)
    text = plain(page.lines)
    assert [text[row] for row, _ in page.headings] == ["Title", "A heading"]
    assert [name for _, name in page.headings] == ["title", "a-heading"]
    second = page.headings[1][0]
    assert text[second - 1] == ""  # a gap before it, even with no blank line in the source
    for row, _ in page.headings:
        styles = [str(span.style) for span in page.lines[row].spans]
        assert any("bold" in style for style in styles), styles
    body = text.index("First words of the section.")
    assert not page.lines[body].spans  # body text plain


def test_list_items_wrap_with_a_hanging_indent() -> None:
    text = plain(layout(parse(SAMPLE), 40, UNICODE_MARKS).lines)
    start = next(i for i, line in enumerate(text) if line.startswith("• an item long"))
    assert text[start + 1].startswith("  ") and not text[start + 1].startswith("   ")
    assert all(len(line) <= 40 for line in text)
    assert "  ◦ a nested item" in text
    assert "1. first step" in text and "2. second step" in text
    assert "▌ A quoted line." in text


def test_ascii_symbols_and_task_marks_replace_the_bullet() -> None:
    marked = "- [x] Tell your doctor that you want a second opinion about it\n- [ ] Ask for a referral\n- other\n"
    text = plain(layout(parse(marked + "\n> quoted\n"), 30, ASCII_MARKS).lines)
    assert text[0] == "[x] Tell your doctor that you"
    assert text[1].startswith("    want")  # the hang lines up with the text, past the mark
    assert "[ ] Ask for a referral" in text
    assert "* other" in text
    assert "| quoted" in text
    assert all(line.isascii() for line in text)


def test_rewraps_to_each_width() -> None:
    blocks = parse(SAMPLE)
    narrow, wide = layout(blocks, 20, UNICODE_MARKS), layout(blocks, 80, UNICODE_MARKS)
    assert len(narrow.lines) > len(wide.lines)
    assert all(len(line.plain) <= 20 for line in narrow.lines)
    assert "".join(plain(narrow.lines)).replace(" ", "") == "".join(plain(wide.lines)).replace(" ", "")


def anchored_guide(folder: Path) -> Guide:
    filler = "\n\n".join(f"Paragraph {n} of filler text that takes up some room." for n in range(30))
    write_section(
        folder,
        "01-first.md",
        "id: first\ntitle: First part\norder: 1",
        f"The first words.\n\n{filler}\n\n## At the end\n\nLast words.\n\n{filler}\n\n"
        "- [ ] Call the clinic {#call-clinic}\n",
    )
    return load_guide(folder)


def reader_lines(app: App[None]) -> list[str]:
    """The rows of the screen that the reader covers, cut to its columns."""
    where = app.screen.query_one(Reader).content_region
    rows = screen_text(app).splitlines()[where.y : where.bottom]
    return [row[where.x : where.right].strip() for row in rows]


async def test_anchor_link_scrolls_its_heading_into_view_and_cursor_follows(tmp_path: Path) -> None:
    guide = anchored_guide(tmp_path / "content")
    app = make_app(tmp_path / "progress.json", guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        reader = app.screen.query_one(Reader)
        assert "At the end" not in reader_lines(app)
        await app.screen.follow("#at-the-end")
        await pilot.pause()
        assert reader.scroll_y > 0
        assert reader_lines(app)[0] == "At the end"  # the heading is the first row of the text
        assert app.cursor_position.y == reader.content_region.y
        # Bold, so it reads as a heading without colour.
        strip = reader.render_line(0)  # the reader's top row, as Textual's line API draws it
        style = next(segment.style for segment in strip if "At the end" in segment.text)
        assert style is not None and style.bold


async def test_ticks_show_in_the_text_and_change_after_the_checklist(tmp_path: Path) -> None:
    guide = anchored_guide(tmp_path / "content")
    app = make_app(tmp_path / "progress.json", guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "end")
        await pilot.wait_for_scheduled_animations()
        assert f"{UNICODE_MARKS.todo} Call the clinic" in reader_lines(app)
        await pilot.press("c", "space", "g")
        await pilot.wait_for_scheduled_animations()
        assert f"{UNICODE_MARKS.done} Call the clinic" in reader_lines(app)


async def test_ascii_mode_text_has_ascii_marks(tmp_path: Path) -> None:
    guide = anchored_guide(tmp_path / "content")
    app = make_app(tmp_path / "progress.json", guide, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "end")
        await pilot.wait_for_scheduled_animations()
        assert f"{ASCII_MARKS.todo} Call the clinic" in reader_lines(app)
        assert screen_text(app).isascii()


async def test_text_rewraps_when_the_window_resizes(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        rows_at_80 = reader.virtual_size.height
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        assert reader.virtual_size.height < rows_at_80
        longest = max(len(line) for line in screen_text(app).splitlines()[1:-1])
        assert longest > 90
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert reader.virtual_size.height == rows_at_80


async def test_clicking_a_link_opens_its_section(db_path: Path, guide: Guide) -> None:
    section = next(s for s in guide.sections if any(guide.resolve_link(l.href) for l in s.links))
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.screen.open_section(section.id)
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        rows = [line.plain for line in reader.page().lines]
        # A link whose first words sit on one row at this width (a longer one may wrap).
        row, link = next(
            (i, l)
            for l in section.links
            if guide.resolve_link(l.href)
            for i, line in enumerate(rows)
            if l.text[:12] in line
        )
        target = guide.resolve_link(link.href)
        assert target is not None
        reader.scroll_to(y=row, animate=False, immediate=True)
        await pilot.pause()
        where = reader.content_region
        y = where.y + row - round(reader.scroll_y)  # the last screenful cannot scroll to the top
        column = where.x + rows[row].index(link.text[:12]) + 1
        assert link.text[:12] in screen_text(app).splitlines()[y]
        assert await pilot.click(offset=(column, y))
        await pilot.pause()
        assert app.screen.current == target.id


# -- Parts for the screen only: key instructions mean nothing on paper or to `secondop read` ------------------------

KEYS_SAMPLE = (
    "Para leer en español, oprima L. {.app-only}\n\nThe guide's first words.\n\n"
    "## Keys to start {.app-only}\n\n- Press n for the next section.\n\n### Deeper\n\nStill about keys.\n\n"
    "## What is kept\n\nYour ticks are saved.\n"
)


def test_a_part_marked_for_the_app_shows_on_screen_without_its_mark() -> None:
    text = plain(layout(parse(KEYS_SAMPLE), 60, UNICODE_MARKS).lines)
    assert "Para leer en español, oprima L." in text and "Keys to start" in text and "Still about keys." in text
    assert not any("{.app-only}" in line or "app-only" in line for line in text)


def test_paper_leaves_out_a_marked_paragraph_and_a_marked_heading_with_its_part() -> None:
    from secondop_tui.plaintext import markdown_lines

    paper = markdown_lines(KEYS_SAMPLE, for_paper=True)
    assert paper[0] == "The guide's first words."
    for gone in ("oprima L", "Keys to start", "Press n", "Deeper", "Still about keys"):
        assert not any(gone in line for line in paper), (gone, paper)
    assert "What is kept" in paper and "Your ticks are saved." in paper  # the next part at the same level stays
    screen = markdown_lines(KEYS_SAMPLE)
    assert "Keys to start" in screen and not any("app-only" in line for line in screen)


async def test_the_welcome_in_the_app_still_teaches_the_keys(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        reader = app.screen.query_one(Reader)
        rows = [line.plain.strip() for line in reader.page().lines]
    assert "Five keys to start" in rows and any("Press n to go" in row for row in rows)
    assert not any("app-only" in row for row in rows)


def test_paper_keeps_the_numbers_of_numbered_steps() -> None:
    """Steps to follow in order stay numbered in `secondop read`, as on screen."""
    from secondop_tui.plaintext import markdown_lines

    lines = markdown_lines(
        "1. Call the office.\n2. Say what you want, and where to send it, in a line long enough to wrap.\n"
        "\n- a bullet\n",
        width=40,
    )
    assert lines[0] == "1. Call the office."
    assert lines[1].startswith("2. Say what you want") and lines[2].startswith("   ")  # the hang lines up past "2. "
    assert "- a bullet" in lines
