"""The ``secondop`` command line: export, read, check-content, and one-line errors for bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from secondop_tui import __version__
from secondop_tui.cli import main
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore

from conftest import read_db, write_section


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def progress(db_path: Path, guide: Guide) -> Path:
    """A progress file with one tick, one note, one own item and one deleted guide item."""
    store = ProgressStore(db_path)
    entries = {entry.id: entry for entry in store.checklist(guide)}
    store.toggle(entries["pathology-report"])
    store.set_note(entries["imaging"], "Ask for the CT from March")
    store.add("records", "Call Dr Lee's office")
    store.delete(entries["lab-results"], guide)
    store.close()
    return db_path


def test_export_txt_groups_by_section_with_ticks_and_notes(
    capsys: pytest.CaptureFixture[str], progress: Path, guide: Guide
) -> None:
    code, out, _ = run(capsys, "export", "--db", str(progress))
    assert code == 0
    lines = out.splitlines()
    total = len(guide.items)  # one deleted, one added
    assert lines[0] == "My second opinion checklist"
    assert lines[2] == f"1 of {total} done"
    records = lines.index("Gather your records")
    assert lines[records + 1] == "-" * len("Gather your records")
    assert "[x] Get a copy of your pathology report" in lines
    assert "[ ] Get your imaging reports and copies of the scans" in lines
    assert lines[lines.index("[ ] Get your imaging reports and copies of the scans") + 1] == (
        "    Note: Ask for the CT from March"
    )
    assert "[ ] Call Dr Lee's office" in lines
    assert not any("most recent lab results" in line for line in lines)
    # Sections appear in guide order.
    positions = [out.find(f"\n{s.title}\n") for s in guide.sections if s.items]
    assert positions == sorted(positions) and -1 not in positions


def test_export_md_to_a_private_file(capsys: pytest.CaptureFixture[str], progress: Path, tmp_path: Path) -> None:
    target = tmp_path / "checklist.md"
    code, out, err = run(capsys, "--db", str(progress), "export", "--format", "md", "-o", str(target))
    assert code == 0 and out == ""
    assert f"Checklist written to {target}" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# My second opinion checklist\n")
    assert "## Gather your records" in text
    assert "- [x] Get a copy of your pathology report" in text
    assert "  - Note: Ask for the CT from March" in text
    assert os.stat(target).st_mode & 0o777 == 0o600


def test_export_into_a_missing_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], progress: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "--db", str(progress), "-o", str(tmp_path / "no" / "such" / "x.txt"))
    assert code == 2
    assert err.startswith("secondop: cannot write ") and err.count("\n") == 1


def test_sectioned_read_prints_plain_text(capsys: pytest.CaptureFixture[str], guide: Guide) -> None:
    code, out, _ = run(capsys, "read", "records")
    assert code == 0
    records = guide.section("records")
    assert records is not None
    assert out.splitlines()[0] == records.title
    assert "Get a copy of your pathology report" in out
    # Items keep an empty box to tick with a pen; Markdown syntax itself is gone.
    assert "[ ] Get a copy of your pathology report" in out
    for markup in ("{#", "](", "**", "## ", "id: records"):
        assert markup not in out
    assert "---" not in out.splitlines(), "front matter leaked into the text"
    # Headings are underlined, as export does: "=" under the title, "-" under a heading inside.
    lines = out.splitlines()
    assert lines[1] == "=" * len(records.title)
    heading = next(line for line in records.body.splitlines() if line.startswith("## "))[3:]
    assert lines[lines.index(heading) + 1] == "-" * len(heading)
    # Other sections are not printed.
    welcome = guide.section("welcome")
    assert welcome is not None and welcome.title not in out


def test_read_all_prints_every_section_in_order(capsys: pytest.CaptureFixture[str], guide: Guide) -> None:
    code, out, _ = run(capsys, "read", "--all")
    assert code == 0
    lines = out.splitlines()
    positions = [lines.index(section.title) for section in guide.sections]
    assert positions == sorted(positions)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_read_unknown_section_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "read", "nonsense")
    assert code == 2 and out == ""
    assert err.startswith("secondop: no section called 'nonsense'; sections are: welcome,")
    assert err.count("\n") == 1


def test_check_content_passes_on_the_shipped_guide(capsys: pytest.CaptureFixture[str], guide: Guide) -> None:
    # A review date's age is for the editors (check-content warns after 12 months): time passing alone must not
    # fail a build, so the limit here is long.
    code, out, _ = run(capsys, "check-content", "--max-age", "1200")
    assert code == 0
    assert f"{len(guide.sections)} sections, {len(guide.items)} checklist items, no problems" in out


def test_check_content_names_file_and_line_of_each_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    write_section(folder, "01-a.md", "id: a\ntitle: A\norder: 1", "Text.\n\n- [ ] Do a thing {#same}\n")
    untitled = write_section(folder, "02-b.md", "id: b\norder: 2", "Text.\n")
    twice = write_section(folder, "03-c.md", "id: c\ntitle: C\norder: 3", "Text.\n\n- [ ] Do another {#same}\n")
    code, out, _ = run(capsys, "check-content", str(folder))
    assert code == 1
    lines = out.splitlines()
    assert lines, "problems must be printed"
    assert all(line.startswith(str(folder)) for line in lines)
    assert f"{untitled}:1: front matter has no 'title'" in lines
    assert f"{twice}:8: item id 'same' is used twice" in lines


@pytest.mark.parametrize("setup", ["missing", "empty", "broken"])
def test_app_with_bad_content_folder_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path, setup: str
) -> None:
    folder = tmp_path / "guide"
    if setup == "empty":
        folder.mkdir()
    elif setup == "broken":
        write_section(folder, "01-a.md", "id: a\norder: one", "Text.\n")
    code, out, err = run(capsys, "--content", str(folder), "--db", str(db_path))
    assert code == 2 and out == ""
    assert err.startswith(f"secondop: the guide in {folder} has a problem: ")
    assert err.count("\n") == 1
    assert not db_path.exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"secondop {__version__}"


def test_bad_arguments_exit_2_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["export", "--format", "pdf"])
    assert stop.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_newer_progress_file_is_refused_and_left_untouched(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    original = json.dumps({"meta": {"state": {"schema": 99}}, "items": {}}).encode()
    db_path.write_bytes(original)
    code, _, err = run(capsys, "export", "--db", str(db_path))
    assert code == 2
    assert "newer secondop" in err and err.count("\n") == 1
    assert db_path.read_bytes() == original


def test_progress_path_that_is_a_folder_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "--db", str(tmp_path))
    assert code == 2
    assert err == f"secondop: {tmp_path} is a folder, not a progress file\n"


def test_environment_variable_chooses_the_progress_file(
    capsys: pytest.CaptureFixture[str], progress: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECONDOP_DB", str(progress))
    code, out, _ = run(capsys, "export")
    assert code == 0 and "[x] Get a copy of your pathology report" in out


def test_python_dash_m_runs_without_a_traceback(tmp_path: Path, progress: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "secondop_tui", "export", "--db", str(progress)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "[x] Get a copy of your pathology report" in done.stdout
    broken = subprocess.run(
        [sys.executable, "-m", "secondop_tui", "read", "--content", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert broken.returncode == 2
    assert "Traceback" not in broken.stderr and broken.stderr.count("\n") == 1


def test_read_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    done = subprocess.run(
        f"'{sys.executable}' -m secondop_tui read --all | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


def test_export_does_not_change_the_progress_file(capsys: pytest.CaptureFixture[str], progress: Path) -> None:
    before = read_db(progress)
    run(capsys, "export", "--db", str(progress))
    assert read_db(progress) == before


def test_a_file_that_fails_after_opening_is_one_line(
    capsys: pytest.CaptureFixture[str], progress: Path, guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Between opening and reading, another program puts a folder where the file was.
    real_open = ProgressStore.__init__

    def open_then_break(
        self: ProgressStore, path: Path | None, read_only: bool = False, open_later: bool = False
    ) -> None:
        real_open(self, path, read_only, open_later)
        assert path is not None
        path.unlink()
        path.mkdir()

    monkeypatch.setattr(ProgressStore, "__init__", open_then_break)
    code, out, err = run(capsys, "export", "--db", str(progress))
    assert code == 2 and out == ""
    assert err.startswith(f"secondop: Could not read or save your progress in {progress}") and err.count("\n") == 1


# "Press n", "pulse L", "oprima t": an instruction to press a key, which means nothing on paper or to a screen reader.
KEY_INSTRUCTION = re.compile(r"\b(?:press|pulse|oprima|presione)\s+(?:\S{1,5}|space|espacio)\b", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_read_holds_no_key_instructions_while_the_app_keeps_them(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    from secondop_tui.data.locations import default_content_dir
    from secondop_tui.i18n import content_dir_for

    code, out, _ = run(capsys, "read", "--lang", lang)
    assert code == 0
    found = sorted({match.group(0) for match in KEY_INSTRUCTION.finditer(out)})
    assert not found, f"secondop read --lang {lang} tells the reader to press keys: {found}"
    assert "app-only" not in out
    # The app's welcome still has them: the guide keeps the keys, `read` leaves them to the app.
    welcome = (content_dir_for(default_content_dir(), lang) / "01-welcome.md").read_text(encoding="utf-8")
    assert KEY_INSTRUCTION.search(welcome)


@pytest.mark.parametrize(
    ("command", "blocked", "extra"),
    [
        (["serve", "--guest", "--port", "0"], "asyncssh", "serve"),
        (["web", "--port", "0"], "textual_serve", "web"),
    ],
)
def test_a_server_without_its_extra_says_so_in_one_line(
    command: list[str], blocked: str, extra: str, tmp_path: Path
) -> None:
    # As in an install without the extra: importing the package fails.
    program = (
        f"import sys; sys.modules[{blocked!r}] = None; from secondop_tui.cli import main; "
        f"raise SystemExit(main({[*command, '--data-dir', str(tmp_path / 'data')]!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"secondop {command[0]} needs the {extra} extra" in result.stderr
    assert f"pip install '.[{extra}]'" in result.stderr
    assert not (tmp_path / "data").exists()
