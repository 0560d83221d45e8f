"""Parsing the guide folder: front matter, checklist items and their ids, links, problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from secondop_tui.content import ContentError, check_content, load_guide
from secondop_tui.plaintext import guide_text

from conftest import write_section

pytestmark = pytest.mark.unit


@pytest.fixture
def small_guide(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    write_section(
        folder,
        "02-second.md",
        "id: second\ntitle: Second part\norder: 2",
        "Go back to [the start](01-first.md) or see [records](#first).\n\n"
        "- [ ] Call your insurance plan\n- [x] Write down your questions {#write-questions}\n",
    )
    write_section(
        folder,
        "01-first.md",
        "id: first\ntitle: First part\norder: 1",
        "Read **this** first. Visit [a site](https://example.org).\n\n- plain bullet\n",
    )
    (folder / "README.md").write_text("# Not a section\n", encoding="utf-8")
    return folder


def test_sections_load_in_order_with_items_and_lines(small_guide: Path) -> None:
    guide = load_guide(small_guide)
    assert [s.id for s in guide.sections] == ["first", "second"]  # by order, README skipped
    second = guide.sections[1]
    assert [item.text for item in second.items] == ["Call your insurance plan", "Write down your questions"]
    assert second.items[1].id == "write-questions"
    assert second.items[0].line == 8  # line numbers count the front matter
    assert second.items[0].id.startswith("second/")


def test_item_ids_are_stable_across_loads_and_follow_the_text(small_guide: Path) -> None:
    first_ids = [item.id for item in load_guide(small_guide).items]
    assert [item.id for item in load_guide(small_guide).items] == first_ids
    path = small_guide / "02-second.md"
    path.write_text(
        path.read_text()
        .replace("Call your insurance plan", "Phone your insurance plan")
        .replace("Write down your questions", "List your questions")
    )
    changed = [item.id for item in load_guide(small_guide).items]
    assert changed[0] != first_ids[0]  # derived id follows the text
    assert changed[1] == first_ids[1] == "write-questions"  # explicit id survives rewording


def test_links_resolve_by_id_and_file_name(small_guide: Path) -> None:
    guide = load_guide(small_guide)
    assert guide.resolve_link("#first").id == "first"
    assert guide.resolve_link("01-first.md").id == "first"
    assert guide.resolve_link("first.md").id == "first"
    assert guide.resolve_link("https://example.org") is None
    assert guide.resolve_link("tel:18004226237") is None


def links_in(folder: Path, body: str) -> list[tuple[str, str, int]]:
    write_section(folder, "01-a.md", "id: a\ntitle: A\norder: 1", body)
    return [(link.text, link.href, link.line) for link in load_guide(folder).sections[0].links]


def test_every_kind_of_link_is_found_with_its_text_and_line(tmp_path: Path) -> None:
    body = (
        "Plain words, no link here.\n\n"  # lines 6-7
        "See [the plan](https://example.org/plan) first.\n\n"  # line 8
        "Ask the [records office][records], then call.\n\n"  # line 10: the address is defined below
        "Write to <https://example.org/write>.\n\n"  # line 12
        "- [ ] Read [Q\\&A **now**](https://example.org/qa)\n"  # line 14: an escape is kept in the text
        "- [x] Done already\n\n"  # line 15
        "[records]: https://example.org/records\n"
    )
    assert links_in(tmp_path / "content", body) == [
        ("the plan", "https://example.org/plan", 8),
        ("records office", "https://example.org/records", 10),
        ("https://example.org/write", "https://example.org/write", 12),
        ("Q&A now", "https://example.org/qa", 14),
    ]


def test_a_ticked_box_is_a_link_when_the_file_defines_its_letter(tmp_path: Path) -> None:
    # CommonMark reads "[x]" as a shortcut reference when "[x]: address" is defined; the box's line still counts.
    body = "- [x] Done already\n\n[x]: https://example.org/x\n"
    assert links_in(tmp_path / "content", body) == [("x", "https://example.org/x", 6)]


def test_display_markdown_draws_ticks_and_hides_ids(small_guide: Path) -> None:
    section = load_guide(small_guide).sections[1]
    shown = section.markdown_with_marks(lambda item_id: item_id == "write-questions", "[x]", "[ ]")
    assert "- [ ] Call your insurance plan" in shown
    assert "- [x] Write down your questions" in shown
    assert "{#" not in shown


def test_plain_text_has_no_markup(small_guide: Path) -> None:
    text = guide_text(load_guide(small_guide))
    assert text.index("First part") < text.index("Second part")
    assert "**" not in text and "](" not in text and "{#" not in text
    assert "a site (https://example.org)" in text
    assert 'the start (see "First part")' in text
    assert "[ ] Call your insurance plan" in text


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("01-a.md", "no front matter here\n", "01-a.md:1: missing front matter"),
        ("01-a.md", "---\ntitle: A\norder: 1\n---\nx\n", "01-a.md:1: front matter has no 'id'"),
        ("01-a.md", "---\nid: a\ntitle: A\norder: first\n---\nx\n", "01-a.md:4: order 'first' is not a whole number"),
        ("01-a.md", "---\nid: Bad Id\ntitle: A\norder: 1\n---\nx\n", "01-a.md:2: id 'Bad Id' must be"),
        (
            "01-a.md",
            "---\nid: a\ntitle: A\norder: 1\n---\n\nSee [x](#nowhere).\n",
            "01-a.md:7: link to '#nowhere' matches no section",
        ),
        (
            "01-a.md",
            "---\nid: a\ntitle: A\norder: 1\n---\n- [ ] One {#dup}\n- [ ] Two {#dup}\n",
            "01-a.md:7: item id 'dup' is used twice",
        ),
        (
            "01-a.md",
            "---\nid: a\ntitle: A\norder: 1\n---\n- [ ] Odd id {#Not_A_Slug}\n",
            "01-a.md:6: item id {#Not_A_Slug} must be",
        ),
    ],
)
def test_problems_name_file_and_line(tmp_path: Path, name: str, text: str, expected: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    guide, problems = check_content(tmp_path)
    assert guide is None
    assert any(expected in str(problem) for problem in problems), problems
    with pytest.raises(ContentError):
        load_guide(tmp_path)


def test_empty_and_missing_folders_are_problems(tmp_path: Path) -> None:
    assert "no section files" in str(check_content(tmp_path)[1][0])
    assert "not found" in str(check_content(tmp_path / "missing")[1][0])


def test_not_utf8_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "01-a.md").write_bytes(b"---\nid: a\ntitle: \xff\norder: 1\n---\n")
    assert "not UTF-8" in str(check_content(tmp_path)[1][0])
