"""The installed ``secondop --kiosk`` in a real terminal: keys that end other programs leave it running."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from secondop_tui.kiosk.launch import CRASH_MESSAGE

from support.tmux_terminal import INSTALLED, TmuxTerminal
from test_terminals import unsafe_on_the_console

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
        100,
        30,
        # Asks Textual to let ctrl+c and friends act as signals: kiosk mode must not allow it.
        env={"HOME": str(home), "TEXTUAL_ALLOW_SIGNALS": "1"},
        cwd=tmp_path,
    )
    yield terminal
    terminal.close()


def press_every_way_out(terminal: TmuxTerminal) -> None:
    terminal.send("q")
    for key, byte in CONTROL_BYTES.items():
        terminal._tmux("send-keys", "-t", terminal.NAME, "-H", byte)
        terminal.wait_for(STAY)
        assert not terminal.dead(), f"{key} ended the kiosk"


def test_keys_that_end_programs_leave_the_kiosk_running_and_staff_can_exit(kiosk: TmuxTerminal, tmp_path: Path) -> None:
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


SPANISH_START = "Esta es la pantalla de inicio"


def click(column: int, row: int) -> str:
    """What a terminal sends for a left click (press, then release) on a cell, 1-based, in SGR mouse mode."""
    return f"\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m"


def switch_and_click(terminal: TmuxTerminal, rounds: int, seed: int) -> int:
    """Rounds survived of: a key that rebuilds the welcome screen in the other language, with three clicks on
    its text sent right behind it. Every other round goes back to English with L, or with F2, whose clearing of
    the visit rebuilds it too. Each round waits for the new language (or the kiosk's end) before the next."""
    chooser = random.Random(seed)
    for done in range(rounds):
        to_spanish = done % 2 == 0
        key = "L" if to_spanish or done % 4 == 1 else "F2"
        clicks = "".join(click(chooser.randint(8, 72), chooser.randint(6, 18)) for _ in range(3))
        terminal.send(key)
        terminal.send("-l", clicks)
        shows = SPANISH_START if to_spanish else START
        deadline = time.monotonic() + 60
        while shows not in terminal.screen():
            if terminal.dead():
                return done
            assert time.monotonic() < deadline, f"{shows!r} never showed:\n{terminal.screen()}"
            time.sleep(0.02)
    return rounds


# A quick run tries a few dozen rounds; the full run more (bench/bench_kiosk_storm.py --language-rounds, 1,000).
@pytest.mark.parametrize("rounds", [40, pytest.param(300, marks=pytest.mark.slow)])
def test_clicks_right_behind_a_language_switch_or_f2_never_end_the_kiosk(kiosk: TmuxTerminal, rounds: int) -> None:
    kiosk.wait_for(START)
    survived = switch_and_click(kiosk, rounds, seed=rounds)
    assert survived == rounds, f"the kiosk ended with status {kiosk.exit_status()} in round {survived + 1}"
    prove_alive_and_fresh(kiosk)


# tmux key names: everyday keys (L switches the language), and the kiosk's function keys (one key in five).
EVERYDAY_KEYS = [
    *"abcdegjklnpqsxyzJKL1?/",
    "Space",
    "Enter",
    "Escape",
    "Tab",
    "BTab",
    "BSpace",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PPage",
    "NPage",
    "C-c",
    "C-q",
    "C-v",
]
FUNCTION_KEYS = ["F1", "F2", "F3", "F12"]
# Window sizes a resize picks from: the fixture's, smaller, larger, and one below the smallest the app draws.
SIZES = [(100, 30), (80, 24), (60, 20), (50, 16), (132, 43), (30, 10)]
STORM_BURST = 30


@dataclass(frozen=True)
class Stroke:
    """One thing a visitor does: a key with clicks right behind it, or a resize of the window."""

    key: str = ""
    clicks: tuple[tuple[int, int], ...] = ()  # (column, row) on a grid of 100x30, scaled to the window's size
    size: tuple[int, int] | None = None


def storm(seed: int, count: int) -> list[Stroke]:
    """Keys, a third of them with clicks anywhere on the window right behind, and a resize one time in thirty."""
    chooser = random.Random(seed)
    strokes: list[Stroke] = []
    for _ in range(count):
        if chooser.random() < 1 / 30:
            strokes.append(Stroke(size=chooser.choice(SIZES)))
            continue
        key = chooser.choice(FUNCTION_KEYS if chooser.random() < 0.2 else EVERYDAY_KEYS)
        clicks = chooser.choice([0, 0, 1, 3])
        strokes.append(Stroke(key, tuple((chooser.randrange(100), chooser.randrange(30)) for _ in range(clicks))))
    return strokes


def send_stroke(terminal: TmuxTerminal, stroke: Stroke, size: tuple[int, int]) -> tuple[int, int]:
    """Send ``stroke`` to a window of ``size``; the window's size afterwards."""
    if stroke.size is not None:
        terminal.resize(*stroke.size)
        return stroke.size
    terminal.send(stroke.key)
    width, height = size
    # Never on the last row: a click on a key in the footer presses that key, but only after the keys sent
    # behind the click, and the test could no longer tell which key came last.
    cells = [(1 + column * width // 100, 1 + row * (height - 1) // 30) for column, row in stroke.clicks]
    if cells:
        terminal.send("-l", "".join(click(column, row) for column, row in cells))
    return size


def test_a_storm_of_keys_clicks_and_resizes_in_a_real_terminal_never_ends_the_kiosk(kiosk: TmuxTerminal) -> None:
    kiosk.wait_for(WELCOME)
    strokes = storm(11, 1500)
    for start in range(0, len(strokes), STORM_BURST):
        size = (100, 30)
        for stroke in strokes[start : start + STORM_BURST]:
            size = send_stroke(kiosk, stroke, size)  # one at a time: each can land while the last is still at work
        # Waiting for the start screen after each burst keeps the terminal from running far ahead of the app.
        kiosk.resize(100, 30)
        kiosk.send("F2")
        try:
            kiosk.wait_for(START, alive=True)
        except pytest.fail.Exception:
            # F2 is the app's own key, handled at once; a "?" sent just before it goes by way of the focused
            # widget and may open help on the fresh start. The next visitor's F2 closes it, as here.
            kiosk.send("F2")
            kiosk.wait_for(START, alive=True)
    prove_alive_and_fresh(kiosk)


def test_on_the_linux_console_the_kiosk_draws_only_what_its_fonts_have(tmp_path: Path) -> None:
    """As the shipped unit runs it (TERM=linux, UTF-8): no glyph a console font lacks, nothing shown as a diamond,
    and no QR code, whose half blocks console-setup's fonts lack; the welcome says what F3 gives instead."""
    terminal = TmuxTerminal([str(INSTALLED), "--kiosk"], 80, 24, env={"TERM": "linux"}, cwd=tmp_path)
    try:
        screens = [terminal.wait_for(START)]
        words = " ".join(" ".join(line.strip().strip("|┃") for line in screens[0].splitlines()).split())
        assert "F3 shows your checklist as text" in words
        assert "enter Read the guide" in screens[0].splitlines()[-1]
        for key, shows in [
            ("F1", HELP),
            ("Escape", START),
            ("Enter", "Checklist"),
            ("c", " done"),
            ("L", "Marcar"),
            ("F3", "Llévese su lista"),
            ("F2", START),
        ]:
            terminal.send(key)
            screens.append(terminal.wait_for(shows, alive=True))
        assert "no puede dibujarlo" in screens[6]  # the QR code: this terminal cannot draw one
        for screen in screens:
            assert not unsafe_on_the_console(screen), unsafe_on_the_console(screen)
    finally:
        terminal.close()


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
