"""The installed ``secondop --kiosk`` in a real terminal: keys that end other programs leave it running."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.kiosk.launch import CRASH_MESSAGE

from tmux_terminal import INSTALLED, TmuxTerminal

pytestmark = pytest.mark.e2e

PIN = "8642-desk"
WELCOME = "Getting a second opinion"
STAY = "stays on for the next person"
# The bytes a terminal sends for ctrl+c, ctrl+q, ctrl+z and ctrl+\ (SIGINT, XON, SIGTSTP, SIGQUIT
# when the terminal's ISIG flag is on): sent raw so tmux cannot translate them.
CONTROL_BYTES = {"ctrl+c": "03", "ctrl+q": "11", "ctrl+z": "1a", "ctrl+backslash": "1c"}


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[TmuxTerminal]:
    pin_file = tmp_path / "admin-pin"
    pin_file.write_text(PIN + "\n", encoding="utf-8")
    pin_file.chmod(0o600)
    home = tmp_path / "home"
    home.mkdir()
    terminal = TmuxTerminal(
        [str(INSTALLED), "--kiosk", "--admin-pin-file", str(pin_file)],
        100, 30,
        # Asks Textual to let ctrl+c and friends act as signals: kiosk mode must not allow it.
        env={"HOME": str(home), "TEXTUAL_ALLOW_SIGNALS": "1"},
        cwd=tmp_path,
    )
    yield terminal
    terminal.close()


def press_every_way_out(terminal: TmuxTerminal) -> None:
    terminal.send("q")
    for key, byte in CONTROL_BYTES.items():
        terminal._tmux("send-keys", "-t", "0", "-H", byte)
        terminal.wait_for(STAY)
        assert not terminal.dead(), f"{key} ended the kiosk"


def test_keys_that_end_programs_leave_the_kiosk_running_and_staff_can_exit(
    kiosk: TmuxTerminal, tmp_path: Path
) -> None:
    screen = kiosk.wait_for(WELCOME)
    assert "F2 I'm done" in screen

    press_every_way_out(kiosk)
    # Still alive and still listening: enter opens the guide.
    kiosk.send("Enter")
    kiosk.wait_for("Checklist")
    press_every_way_out(kiosk)
    kiosk.send("c")
    kiosk.wait_for(" done")
    press_every_way_out(kiosk)
    kiosk.send("F3")
    kiosk.wait_for("Take your checklist with you")

    # Staff: F12, a wrong PIN is refused, the right one opens the staff menu, x exits cleanly.
    kiosk.send("F12")
    kiosk.wait_for("Staff only")
    kiosk.send("-l", "1111")
    kiosk.send("Enter")
    kiosk.wait_for("not right")
    assert "1111" not in kiosk.screen()
    kiosk.send("-l", PIN)
    kiosk.send("Enter")
    kiosk.wait_for("Staff menu")
    kiosk.send("x")
    kiosk.wait_until_dead()
    assert kiosk.exit_status() == 0


START = "This is the start screen"
HELP = "Show every key"


def prove_alive_and_fresh(terminal: TmuxTerminal) -> None:
    """F2 then F1: once the help shows, every key sent before was taken; escape then shows a fresh start."""
    terminal.send("F2", "F1")
    terminal.wait_for(HELP, alive=True)
    terminal.send("Escape")
    terminal.wait_for(START, alive=True)
    assert not terminal.dead()


def test_f3_and_f2_as_fast_as_the_terminal_sends_them_never_end_the_kiosk(kiosk: TmuxTerminal) -> None:
    kiosk.wait_for(WELCOME)
    kiosk.send("Enter")
    kiosk.wait_for("Checklist")
    for _ in range(40):
        kiosk.send("F3", "F2")
    prove_alive_and_fresh(kiosk)


# tmux key names: everyday keys, the ways out, and the kiosk's function keys (one key in five).
EVERYDAY_KEYS = [*"abcdegjklnpqsxyzJK1?/", "Space", "Enter", "Escape", "Tab", "BTab", "BSpace", "Up", "Down",
                 "Left", "Right", "Home", "End", "PPage", "NPage", "C-c", "C-q", "C-v"]
FUNCTION_KEYS = ["F1", "F2", "F3", "F12"]
STORM_BURST = 30


def key_storm(seed: int, count: int) -> list[str]:
    chooser = random.Random(seed)
    return [chooser.choice(FUNCTION_KEYS if chooser.random() < 0.2 else EVERYDAY_KEYS) for _ in range(count)]


def test_a_storm_of_keys_in_a_real_terminal_never_ends_the_kiosk(kiosk: TmuxTerminal) -> None:
    kiosk.wait_for(WELCOME)
    keys = key_storm(11, 1500)
    for start in range(0, len(keys), STORM_BURST):
        for key in keys[start : start + STORM_BURST]:
            kiosk.send(key)  # one at a time, as typed: each key can land while the one before is still at work
        # Waiting for the start screen after each burst keeps the terminal from running far ahead of the app.
        kiosk.send("F2")
        kiosk.wait_for(START, alive=True)
    prove_alive_and_fresh(kiosk)


# Run as the kiosk's command: the real launcher and app, with the store made to fail when a visitor adds
# an item, so that a crash happens with the visitor's words in the failing frame's local variables.
CRASHING_KIOSK = """
import sys
from secondop_tui.cli import main
from secondop_tui.data.store import ProgressStore

def add(self, section_id, text):
    raise RuntimeError("broken on purpose by the test")

ProgressStore.add = add
sys.exit(main(sys.argv[1:]))
"""
VISITOR_WORDS = "zebra parking question"


def test_a_crash_shows_one_calm_line_and_nothing_the_visitor_typed(tmp_path: Path) -> None:
    script = tmp_path / "crashing_kiosk.py"
    script.write_text(CRASHING_KIOSK, encoding="utf-8")
    written = tmp_path / "terminal-output"
    terminal = TmuxTerminal([sys.executable, str(script), "--kiosk"], 100, 30, cwd=tmp_path)
    try:
        terminal.record(written)
        terminal.wait_for(WELCOME)
        terminal.send("c")
        terminal.wait_for(" done")
        terminal.send("a")
        terminal.wait_for("New item for")
        terminal.send("-l", VISITOR_WORDS)
        terminal.wait_for(VISITOR_WORDS)
        terminal.send("Enter")
        terminal.wait_until_dead()
        assert terminal.exit_status() == 1
        screen = terminal.screen()
        lines = [line for line in screen.splitlines() if line.strip()]
        assert lines == [CRASH_MESSAGE], screen
    finally:
        terminal.close()
    # Everything the program wrote after it left the full-screen view: the one line, no traceback.
    output = written.read_bytes()
    after = output.rsplit(b"\x1b[?1049l", 1)[-1]
    assert b"Traceback" not in output and b"RuntimeError" not in output
    assert VISITOR_WORDS.encode() not in after and b"zebra" not in after
    assert CRASH_MESSAGE.encode() in after
