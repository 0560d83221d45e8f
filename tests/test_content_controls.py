"""Characters in the guide that a terminal would obey rather than show: check-content names each one's file and
line, and nothing that shows the guide (``read``, the app in a real terminal) passes them on."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import checked_front
from support.tmux_terminal import INSTALLED, TmuxTerminal

# One of each kind, as a translation from outside might carry them.
KINDS = {
    "title escape": "\x1b]0;TITLEPWN\x07",
    "clipboard write": "\x1b]52;c;ZXZpbA==\x07",
    "screen clear": "\x1b[2J",
    "bell": "\x07",
    "backspace": "\x08",
    "form feed": "\x0c",
    "nul": "\x00",
    "delete": "\x7f",
    "C1 control sequence": "\x9b31m",
    "C1 string terminator": "\x9c",
    "right-to-left override": "\u202e",
    "right-to-left isolate": "\u2067",
}
UNSAFE = {ch for text in KINDS.values() for ch in text if not ch.isprintable() and ch not in "\t\n"}


def guide_folder(root: Path, title: str = "Start here", line: str = "Nothing odd here.") -> Path:
    """A two-section guide that check-content passes, with ``line`` as the first section's body line (line 11 of its file)."""
    folder = root / "guide"
    folder.mkdir()
    front = checked_front()
    (folder / "01-start.md").write_text(
        f"---\nid: start\ntitle: {title}\norder: 1\n{front}\n---\n\n{line}\n\n- [ ] Ask first {{#ask}}\n",
        encoding="utf-8",
        newline="",
    )
    (folder / "02-next.md").write_text(
        f"---\nid: next\ntitle: Next\norder: 2\n{front}\n---\n\nMore words.\n", encoding="utf-8"
    )
    return folder


def secondop(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The installed command's raw bytes: a stray carriage return must not be lost to newline translation."""
    return subprocess.run(
        [str(INSTALLED), *args], capture_output=True, timeout=120, stdin=subprocess.DEVNULL, check=False
    )


def unsafe_in(output: bytes) -> set[str]:
    return {ch for ch in output.decode("utf-8") if ch in UNSAFE}


def test_a_clean_guide_passes(tmp_path: Path) -> None:
    done = secondop("check-content", "--lang", "en", str(guide_folder(tmp_path)))
    assert done.returncode == 0, done.stdout


def test_windows_line_endings_are_not_a_problem(tmp_path: Path) -> None:
    folder = guide_folder(tmp_path)
    for path in folder.glob("*.md"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    done = secondop("check-content", "--lang", "en", str(folder))
    assert done.returncode == 0, done.stdout
    assert unsafe_in(secondop("read", "--content", str(folder)).stdout) == set()


@pytest.mark.parametrize("bad", KINDS.values(), ids=KINDS.keys())
def test_check_content_names_the_file_and_line(tmp_path: Path, bad: str) -> None:
    folder = guide_folder(tmp_path, line=f"Before {bad} after.")
    done = secondop("check-content", "--lang", "en", str(folder))
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    codes = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in bad if ch in UNSAFE}))
    assert f"{folder / '01-start.md'}:11: control character{'s' if ',' in codes else ''} {codes}" in "\n".join(lines)
    assert unsafe_in(done.stdout + done.stderr) == set()


@pytest.mark.parametrize("bad", KINDS.values(), ids=KINDS.keys())
def test_read_shows_the_guide_without_them(tmp_path: Path, bad: str) -> None:
    done = secondop("read", "--content", str(guide_folder(tmp_path, line=f"Before {bad} after.")))
    assert done.returncode == 0, done.stderr
    assert unsafe_in(done.stdout + done.stderr) == set()
    assert b"Before " in done.stdout and b" after." in done.stdout


def test_a_control_in_a_title_is_found_on_its_line(tmp_path: Path) -> None:
    folder = guide_folder(tmp_path, title="Start\x1b]0;TITLEPWN\x07 here")
    done = secondop("check-content", "--lang", "en", str(folder))
    assert done.returncode == 1
    assert f"{folder / '01-start.md'}:3: control characters U+0007, U+001B" in done.stdout.decode()
    listed = secondop("read", "--content", str(folder))
    assert unsafe_in(listed.stdout) == set() and b"Start]0;TITLEPWN here" in listed.stdout


def test_the_app_in_a_real_terminal_passes_none_of_them_on(tmp_path: Path) -> None:
    every = "".join(KINDS.values())
    folder = guide_folder(tmp_path, title="Start\x1b]2;TITLEPWN\x07 here", line=f"Before {every} after.")
    written = tmp_path / "terminal.bytes"
    terminal = TmuxTerminal(
        [str(INSTALLED), "--content", str(folder), "--db", str(tmp_path / "p.json")], 80, 24, cwd=tmp_path
    )
    try:
        terminal.record(written)
        terminal.wait_for("Before", alive=True)
        # A new size makes the app draw everything again, so the recording holds a whole screen whatever the
        # first frame's timing was.
        terminal.resize(90, 24)
        terminal.wait_for("Next", alive=True)
        title = terminal.title()
        terminal.send("q")
        terminal.wait_until_dead()
    finally:
        terminal.close()
    assert "TITLEPWN" not in title
    output = written.read_bytes()
    for planted in (
        b"\x1b]2;TITLEPWN",
        b"\x1b]0;TITLEPWN",
        b"\x1b]52;c;ZXZpbA==",
        "\x9b31m".encode(),
        "\u202e".encode(),
        "\u2067".encode(),
        b"TITLEPWN\x07",
    ):
        assert planted not in output, planted
