"""The command line's small messages, through the installed command: one clear line about the one thing wrong,
the right file and line, whole sentences, nothing a stranger typed repeated at length."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from secondop_tui.data.locations import default_content_dir

from conftest import run_secondop

SOURCE = "sources:\n  - title: An example\n    address: https://example.org/facts"


def section(folder: Path, name: str, front: str, body: str = "Words.\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{front}\nreviewed: {date.today().isoformat()}\n{SOURCE}\n---\n{body}", encoding="utf-8")
    return path


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--port", "99999"), "--port must be 0 to 65535"),
        (("--idle-timeout", "-1"), "--idle-timeout must be 0 or more"),
        (("--max-sessions", "0"), "--max-sessions must be 1 or more"),
        (("--max-per-user", "0"), "--max-per-user must be 1 or more"),
        (("--max-guests-per-address", "0"), "--max-guests-per-address must be 1 or more"),
    ],
)
def test_serve_names_only_the_option_that_is_wrong(tmp_path: Path, options: tuple[str, ...], message: str) -> None:
    result = run_secondop("serve", "--guest", "--data-dir", str(tmp_path / "data"), *options)
    assert (result.returncode, one_line(result.stderr)) == (2, f"secondop: {message}")
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(("given", "shown"), [("-5", "-5"), ("0.5", "0.5")])
def test_idle_reset_says_one_second_and_the_value_as_typed(tmp_path: Path, given: str, shown: str) -> None:
    result = run_secondop("--kiosk", "--idle-reset", given)
    assert (result.returncode, one_line(result.stderr)) == (
        2,
        f"secondop: --idle-reset should be at least 1 second, not {shown}",
    )


def test_read_does_not_repeat_a_long_name_back(tmp_path: Path) -> None:
    result = run_secondop("read", "x" * 100_000)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert len(line) < 400 and line.startswith("secondop: no section called 'xxxx") and "sections are: welcome" in line


def test_check_content_ends_its_summary_with_a_full_stop(tmp_path: Path) -> None:
    result = run_secondop("check-content", "--max-age", "1200", "--lang", "en")
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith(", no problems. Same sections and items in: es.")


def test_check_content_points_at_the_line_that_is_wrong(tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    broken = section(folder, "01-a.md", "title: A\nid: Not A Slug\norder: one")
    section(folder, "02-b.md", "title: B\nid: b\norder: 2")
    twice = section(folder, "03-c.md", "title: C\norder: 3\nid: b")
    result = run_secondop("check-content", "--lang", "en", str(folder))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{broken}:3: id 'Not A Slug' must be lowercase letters, digits and dashes" in lines
    assert f"{broken}:4: order 'one' is not a whole number" in lines
    assert f"{twice}:4: section id 'b' is also used by 02-b.md" in lines


def test_a_broken_english_file_is_not_also_reported_as_missing_from_english(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(default_content_dir(), folder)
    welcome = folder / "01-welcome.md"
    welcome.write_text(welcome.read_text(encoding="utf-8").replace("order: 1\n", "order: one\n"), encoding="utf-8")
    result = run_secondop("check-content", "--lang", "en", "--max-age", "1200", str(folder))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{welcome}:4: order 'one' is not a whole number"]


def test_a_missing_content_folder_has_no_line_number(tmp_path: Path) -> None:
    result = run_secondop("--content", str(tmp_path / "x"), "read")
    assert result.returncode == 2
    assert ":0:" not in result.stderr
    assert one_line(result.stderr).endswith(f"{tmp_path / 'x'}: content folder not found")
