"""Sources and review dates: read from the front matter, shown to readers, and enforced by check-content."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from secondop_tui.cli import main
from secondop_tui.content import Guide, check_content, load_guide
from secondop_tui.plaintext import markdown_lines, section_text
from secondop_tui.provenance import months_before, review_problems, sources_markdown
from secondop_tui.widgets.reader import Reader

from conftest import make_app, screen_text, write_section

TODAY = date.today()
GOOD_FRONT = (
    "id: a\ntitle: A part\norder: 1\nreviewed: {day}\nsources:\n"
    "  - title: Seeking a second opinion (American Cancer Society)\n"
    "    address: https://www.cancer.org/cancer/managing-cancer/finding-care/seeking-a-second-opinion.html\n"
    "  - title: Finding cancer care (NCI)\n"
    "    address: https://www.cancer.gov/about-cancer/managing-care/services\n"
)


def sourced_folder(folder: Path, day: date = TODAY, front: str = GOOD_FRONT) -> Path:
    write_section(
        folder, "01-a.md", front.format(day=day.isoformat()), "Some words.\n\n- [ ] Call the clinic {#call}\n"
    )
    return folder


def check(capsys: pytest.CaptureFixture[str], folder: Path, *options: str) -> tuple[int, list[str]]:
    code = main(["check-content", str(folder), *options])
    return code, capsys.readouterr().out.splitlines()


def test_sources_and_date_are_read_with_their_lines(tmp_path: Path) -> None:
    section = load_guide(sourced_folder(tmp_path)).sections[0]
    assert section.reviewed == TODAY.isoformat()
    assert [(s.title, s.line) for s in section.sources] == [
        ("Seeking a second opinion (American Cancer Society)", 7),
        ("Finding cancer care (NCI)", 9),
    ]
    assert section.sources[1].address == "https://www.cancer.gov/about-cancer/managing-care/services"
    assert section.field_lines["reviewed"] == 5


def test_a_section_without_sources_still_opens_in_the_app(tmp_path: Path) -> None:
    write_section(tmp_path, "01-a.md", "id: a\ntitle: A\norder: 1", "Text.\n")
    guide, problems = check_content(tmp_path)
    assert guide is not None and not problems
    assert sources_markdown(guide.sections[0]) == ""


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("id: a\ntitle: A\norder: 1\nsources:\n  - name: NCI\n", 6, "a source needs 'title: ...' and 'address: ...'"),
        ("id: a\ntitle: A\norder: 1\nsources: cancer.gov\n", 5, "put each source on the lines below 'sources:'"),
        ("id: a\ntitle: A\norder: 1\n- title: NCI\n", 5, "a list line belongs under 'sources:'"),
    ],
)
def test_a_malformed_source_list_is_one_line_naming_file_and_line(
    tmp_path: Path, front: str, line: int, message: str
) -> None:
    path = write_section(tmp_path, "01-a.md", front, "Text.\n")
    guide, problems = check_content(tmp_path)
    assert guide is None
    assert len(problems) == 1 and str(problems[0]).startswith(f"{path}:{line}: {message}"), problems


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("id: a\ntitle: A\norder: 1\nreviewed: {day}\n", 1, "no sources"),
        ("id: a\ntitle: A\norder: 1\nreviewed: {day}\nsources:\n", 6, "no sources"),
        ("id: a\ntitle: A\norder: 1\nreviewed: {day}\nsources:\n  - title: NCI\n", 7, "source 'NCI' has no address"),
        ("id: a\ntitle: A\norder: 1\nreviewed: {day}\nsources:\n  - address: cancer.gov\n", 7, "a source has no title"),
        (
            "id: a\ntitle: A\norder: 1\nreviewed: {day}\nsources:\n  - title: NCI\n    address: the NCI site\n",
            7,
            "source address 'the NCI site' is not a web address",
        ),
        ("id: a\ntitle: A\norder: 1\nsources:\n  - title: NCI\n    address: cancer.gov\n", 1, "no 'reviewed:' date"),
        (
            "id: a\ntitle: A\norder: 1\nreviewed: last week\nsources:\n  - title: NCI\n    address: cancer.gov\n",
            5,
            "reviewed 'last week' is not a date (YYYY-MM-DD)",
        ),
        (
            "id: a\ntitle: A\norder: 1\nreviewed: 2026-02-30\nsources:\n  - title: NCI\n    address: cancer.gov\n",
            5,
            "reviewed '2026-02-30' is not a date",
        ),
        (
            "id: a\ntitle: A\norder: 1\nreviewed: 26/11/2026\nsources:\n  - title: NCI\n    address: cancer.gov\n",
            5,
            "reviewed '26/11/2026' is not a date",
        ),
    ],
)
def test_check_content_reports_each_missing_or_bad_field_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, front: str, line: int, message: str
) -> None:
    path = write_section(tmp_path, "01-a.md", front.format(day=TODAY.isoformat()), "Text.\n")
    code, lines = check(capsys, tmp_path)
    assert code == 1
    assert any(row.startswith(f"{path}:{line}: {message}") for row in lines), lines
    assert not any("warning" in row for row in lines)


def test_a_clean_folder_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, lines = check(capsys, sourced_folder(tmp_path))
    assert code == 0
    assert lines == [f"{tmp_path}: 1 section, 1 checklist item, no problems."]


def test_an_old_review_date_is_a_warning_with_its_own_exit_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = months_before(TODAY, 12) - timedelta(days=1)
    path = sourced_folder(tmp_path, old) / "01-a.md"
    code, lines = check(capsys, tmp_path)
    assert code == 3
    assert lines[0] == (
        f"{path}:5: warning: reviewed {old.isoformat()} is more than 12 months ago: check the sources again"
    )
    assert lines[1].endswith("1 section, 1 checklist item, 1 warning.")
    # Exactly 12 months is still within the limit.
    sourced_folder(tmp_path, months_before(TODAY, 12))
    assert check(capsys, tmp_path)[0] == 0


def test_max_age_sets_the_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sourced_folder(tmp_path, months_before(TODAY, 4))
    assert check(capsys, tmp_path, "--max-age", "6")[0] == 0
    code, lines = check(capsys, tmp_path, "--max-age", "3")
    assert code == 3 and "more than 3 months ago" in lines[0]


def test_a_warning_beside_a_problem_still_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sourced_folder(tmp_path, months_before(TODAY, 30))
    write_section(tmp_path, "02-b.md", "id: b\ntitle: B\norder: 2\nreviewed: 2026-01-01", "Text.\n")
    code, lines = check(capsys, tmp_path)
    assert code == 1
    assert any("warning:" in row for row in lines) and any("02-b.md:1: no sources" in row for row in lines)


def test_a_bad_max_age_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["check-content", str(sourced_folder(tmp_path)), "--max-age", "0"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == "secondop: --max-age must be 1 month or more\n"


def test_months_before_keeps_to_real_days() -> None:
    assert months_before(date(2026, 11, 26), 12) == date(2025, 11, 26)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_review_problems_of_a_clean_section_are_none(tmp_path: Path) -> None:
    assert review_problems(load_guide(sourced_folder(tmp_path)).sections, TODAY) == []


def test_read_prints_the_sources_and_the_date_under_a_heading(tmp_path: Path) -> None:
    guide = load_guide(sourced_folder(tmp_path, date(2026, 11, 26)))
    lines = section_text(guide.sections[0], guide).splitlines()
    at = lines.index("Sources")
    assert lines[at + 1] == "-------"
    assert "Last checked: 26 November 2026." in lines
    text = " ".join(line.strip() for line in lines[at:])
    assert "- Finding cancer care (NCI): https://www.cancer.gov/about-cancer/managing-care/services" in text
    assert lines[:2] == ["A part", "======"]


def test_markdown_in_a_source_is_shown_as_written(tmp_path: Path) -> None:
    front = (
        "id: a\ntitle: A\norder: 1\nreviewed: 2026-11-26\nsources:\n"
        "  - title: NCCN *patient* guides [all]\n    address: https://www.nccn.org/patients/life_with_cancer/x_y.aspx\n"
    )
    write_section(tmp_path, "01-a.md", front, "Text.\n")
    guide = load_guide(tmp_path)
    text = " ".join(line.strip() for line in section_text(guide.sections[0], guide).splitlines())
    assert "NCCN *patient* guides [all]: https://www.nccn.org/patients/life_with_cancer/x_y.aspx" in text


async def test_the_reader_shows_sources_at_the_end_of_each_section(db_path: Path, tmp_path: Path) -> None:
    guide: Guide = load_guide(sourced_folder(tmp_path / "content", date(2026, 11, 26)))
    app = make_app(db_path, guide, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "end")
        await pilot.wait_for_scheduled_animations()
        text = screen_text(app)
        rows = [line.plain for line in app.screen.query_one(Reader).page().lines]
    assert "Sources" in text and "Last checked: 26 November 2026." in text
    assert rows.index("Some words.") < rows.index("Sources") < rows.index("Last checked: 26 November 2026.")
    # The address is shown, whole, as text (wrapped to the reader's width).
    assert "https://www.cancer.gov/about-cancer/managing-care/services" in "".join(row.strip() for row in rows)


def test_print_keeps_phone_numbers_whole_and_cuts_only_an_address_too_long_for_a_line() -> None:
    lines = markdown_lines("- Call the helpline at 1-800-4-CANCER (1-800-422-6237) any day.", width=30)
    assert any("1-800-4-CANCER" in line for line in lines) and any("1-800-422-6237" in line for line in lines)
    address = "https://example.org/" + "a" * 60
    lines = markdown_lines(f"- A very long source: {address}", width=40)
    assert lines[0] == "- A very long source:"
    assert all(len(line) <= 40 for line in lines)
    assert "".join(line.strip() for line in lines[1:]) == address


# -- Where a source may point: the publisher's own page, whole, over https, from the guide's trusted list --------

SOURCE_FRONT = "id: a\ntitle: A\norder: 1\nreviewed: {day}\nsources:\n  - title: A page\n    address: {address}\n"


def source_problems(capsys: pytest.CaptureFixture[str], folder: Path, address: str) -> tuple[Path, int, list[str]]:
    path = write_section(folder, "01-a.md", SOURCE_FRONT.format(day=TODAY.isoformat(), address=address), "Text.\n")
    code, lines = check(capsys, folder)
    return path, code, lines


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "powerfulpatients.org",
            "source address 'powerfulpatients.org' is not written in full: start it with https://",
        ),
        ("livehelp.cancer.gov", "source address 'livehelp.cancer.gov' is not written in full"),
        (
            "http://www.cancer.gov/about-cancer/managing-care/services",
            "source address 'http://www.cancer.gov/about-cancer/managing-care/services' uses plain http",
        ),
        ("https://www.cancer.org/es", "source address 'https://www.cancer.org/es' is a site's home page"),
        ("https://www.cancer.gov/", "source address 'https://www.cancer.gov/' is a site's home page"),
        ("https://www.cancer.gov/espanol", "is a site's home page"),
        (
            "https://docslib.org/doc/118630/getting-a-second-opinion-before-surgery",
            (
                "source address 'https://docslib.org/doc/118630/getting-a-second-opinion-before-surgery' is not from a "
                "trusted publisher (docslib.org is not on the list in "
            ),
        ),
        ("https://cancer.gov.example.com/about", "(cancer.gov.example.com is not on the list"),
        ("https://notcancer.gov/about", "(notcancer.gov is not on the list"),
    ],
)
def test_each_bad_kind_of_source_is_a_problem_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, address: str, message: str
) -> None:
    path, code, lines = source_problems(capsys, tmp_path, address)
    assert code == 1
    assert any(row.startswith(f"{path}:7: ") and message in row for row in lines), lines


@pytest.mark.parametrize(
    "address",
    [
        "https://www.cancer.gov/about-cancer/managing-care/services",
        "https://es.medicare.gov/coverage/second-surgical-opinions",  # a publisher's subdomain is the publisher
        "https://telehealth.hhs.gov/licensure/getting-started-licensure",
        "https://www.cancer.gov/espanol/cancer/manejo-del-cancer/servicios",
        "https://www.cancer.gov/contact",
    ],
)
def test_a_publishers_own_page_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path, address: str) -> None:
    _, code, lines = source_problems(capsys, tmp_path, address)
    assert code == 0, lines


def test_an_organisation_keeps_its_own_list_of_publishers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "trusted-sources.txt").write_text(
        "# Our own list\nclinic.example   # our hospital's patient pages\n\nhhs.gov\n", encoding="utf-8"
    )
    assert source_problems(capsys, tmp_path, "https://www.clinic.example/second-opinions")[1] == 0
    assert source_problems(capsys, tmp_path, "https://www.hhs.gov/hipaa/for-individuals/index.html")[1] == 0
    path, code, lines = source_problems(capsys, tmp_path, "https://www.cancer.gov/contact")
    assert code == 1
    assert any(
        row.startswith(f"{path}:7: ")
        and f"(www.cancer.gov is not on the list in {tmp_path / 'trusted-sources.txt'})" in row
        for row in lines
    ), lines


def test_a_bad_line_in_the_list_is_a_problem_with_its_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    listing = tmp_path / "trusted-sources.txt"
    listing.write_text("cancer.gov\nhttps://www.hhs.gov/hipaa\n", encoding="utf-8")
    _, code, lines = source_problems(capsys, tmp_path, "https://www.cancer.gov/contact")
    assert code == 1
    assert (
        f"{listing}:2: 'https://www.hhs.gov/hipaa' is not a host name (one publisher a line, such as cancer.gov)"
        in lines
    )


def test_a_translation_uses_the_list_of_the_folder_above_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "trusted-sources.txt").write_text("clinic.example\n", encoding="utf-8")
    front = SOURCE_FRONT.format(day=TODAY.isoformat(), address="https://clinic.example/segunda-opinion")
    write_section(tmp_path, "01-a.md", front, "Text.\n")
    spanish = write_section(tmp_path / "es", "01-a.md", front, "Texto.\n")
    assert check(capsys, tmp_path)[0] == 0
    spanish.write_text(spanish.read_text(encoding="utf-8").replace("clinic.example", "docslib.org"), encoding="utf-8")
    code, lines = check(capsys, tmp_path)
    assert code == 1 and any(row.startswith(f"{spanish}:7: ") and "docslib.org" in row for row in lines), lines


def test_the_shipped_list_names_only_hosts() -> None:
    from secondop_tui.data.locations import default_content_dir
    from secondop_tui.provenance import TRUSTED_FILE, trusted_hosts

    hosts, problems = trusted_hosts(default_content_dir() / TRUSTED_FILE)
    assert not problems and {"cancer.gov", "cancer.org", "medicare.gov", "hhs.gov"} <= hosts
