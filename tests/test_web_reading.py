"""The guide's web pages (``/read/``) as HTML: what a section's Markdown becomes, without a browser."""

from __future__ import annotations

from pathlib import Path

from secondop_tui.content import Guide, Section
from secondop_tui.web.reading import section_html


def one_section_guide(body: str) -> tuple[Guide, Section]:
    records = Section("records", "Gather your records", 2, Path("02-records.md"), "Records.", 1)
    section = Section("welcome", "Welcome", 1, Path("01-welcome.md"), body, 1)
    return Guide(Path("."), (section, records)), section


def test_raw_html_in_a_section_reaches_the_page_as_text() -> None:
    guide, section = one_section_guide(
        'Hello <script>alert(1)</script> and <img src=x onerror="x()">\n\n<div>block</div>\n'
    )
    html = section_html(section, guide)
    assert "<script" not in html and "<img" not in html and "<div" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;div&gt;block&lt;/div&gt;" in html


def test_the_app_only_parts_are_left_out_as_secondop_read_does() -> None:
    guide, section = one_section_guide(
        "Para leer en español, oprima L. {.app-only}\n\nFirst words.\n\n"
        "## Five keys {.app-only}\n\n- Press n.\n\n### Under it\n\nStill keys.\n\n"
        "## Key points\n\n- Kept point.\n- Press c to open it. {.app-only}\n"
    )
    html = section_html(section, guide)
    assert "First words." in html and "Key points" in html and "Kept point." in html
    for gone in ["oprima L", "Five keys", "Press n", "Under it", "Still keys", "Press c", "app-only"]:
        assert gone not in html, gone
    assert html.count("<li>") == 1


def test_links_between_sections_become_links_between_pages_and_others_are_checked() -> None:
    guide, section = one_section_guide(
        "See [your records](#records), [the file](02-records.md), [a place](#nowhere), "
        "[NCI](https://www.cancer.gov/) and [a trick](javascript:alert(1)).\n"
    )
    html = section_html(section, guide)
    assert html.count('href="records"') == 2
    assert 'href="https://www.cancer.gov/"' in html
    assert "a place" in html and "#nowhere" not in html  # no page of the guide: its words, unlinked
    assert 'href="javascript' not in html and "a trick" in html  # left as text, never a link


def test_checklist_items_read_as_a_list_without_their_boxes_or_ids() -> None:
    guide, section = one_section_guide("- [ ] Ask for the pathology report {#ask-pathology}\n- [x] Done one {#done}\n")
    html = section_html(section, guide)
    assert "<li>Ask for the pathology report</li>" in html and "<li>Done one</li>" in html
    assert "[ ]" not in html and "{#" not in html


def test_a_wide_drawing_scrolls_in_a_box_a_keyboard_can_reach() -> None:
    guide, section = one_section_guide("```\n" + "-" * 120 + "\n```\n")
    assert '<pre tabindex="0"><code>' in section_html(section, guide)
