"""A stranger at the kiosk pressing and clicking anything, fast: how much the kiosk survives, and whether it
still answers.

Run from the repository root:  python bench/bench_kiosk_storm.py [--seconds 300] [--rate 15] [--seed 1]
                          or:  python bench/bench_kiosk_storm.py --language-rounds 1000

The installed ``secondop --kiosk`` (with an admin PIN file, so F12 asks for it) runs in a real
pseudo-terminal of 80x24. Events arrive at ``--rate`` a second, as a terminal sends them: random everyday
keys (L and e switch the language), the keys that end other programs and the kiosk's function keys, and
among them clicks anywhere but the footer (one event in four) and resizes of the window (one in twenty). At
the end F2 then F1 must bring up the help over a fresh start: proof that the kiosk still takes keys, not only
that its process is alive.

``--language-rounds`` runs the pattern that used to end the kiosk instead, in tmux as the end-to-end test
does: L (or F2) with three clicks on the welcome's text right behind it, round after round.

Not a test: it takes minutes. The default test run has bounded storms (tests/test_kiosk_storm.py and
tests/test_kiosk_e2e.py) and a few dozen rounds of the pattern.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import random
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

import pyte

SECONDOP = Path(sys.executable).parent / "secondop"
SIZE = (80, 24)
# Window sizes a resize picks from: the usual, smaller, larger, and one below the smallest the app draws.
SIZES = [(80, 24), (100, 30), (60, 20), (50, 16), (132, 43), (30, 10)]
ANSWER_TIMEOUT = 300.0  # seconds for the final F2, F1 to show the help: generous, for a busy machine

# What a terminal sends for each key (xterm).
EVERYDAY = {
    **{letter: letter for letter in "abcdegjklnpqsxyzJKL1?/ "},
    "enter": "\r",
    "escape": "\x1b",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "backspace": "\x7f",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "ctrl+c": "\x03",
    "ctrl+q": "\x11",
    "ctrl+z": "\x1a",
    "ctrl+backslash": "\x1c",
    "ctrl+v": "\x16",
}
FUNCTION = {"f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f12": "\x1b[24~"}


class Terminal:
    """The kiosk in a pseudo-terminal, its output drawn on a pyte screen by a reader thread."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.screen = pyte.Screen(*SIZE)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.master = master
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if not ready:
                if self.process.poll() is not None:
                    return
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.stream.feed(data)

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def resize(self, width: int, height: int) -> None:
        """What a terminal window does when it is resized: a new size on the pty, and SIGWINCH."""
        with self.lock:
            self.screen.resize(height, width)
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.process.send_signal(signal.SIGWINCH)  # the kiosk's session has no controlling terminal to send it

    def text(self) -> str:
        with self.lock:
            return "\n".join(self.screen.display)

    def wait_for(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if text in self.text():
                return True
            time.sleep(0.1)
        return False

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def language_rounds(rounds: int, seed: int) -> int:
    """The end-to-end test's pattern, ``rounds`` times, in tmux at 80x24."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from support.tmux_terminal import TmuxTerminal
    from test_kiosk_e2e import START, switch_and_click  # the tested pattern and harness, shared

    env = {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}
    terminal = TmuxTerminal([str(SECONDOP), "--kiosk"], 80, 24, env=env)
    try:
        terminal.wait_for(START)
        started = time.monotonic()
        survived = switch_and_click(terminal, rounds, seed)
        elapsed = time.monotonic() - started
        status = terminal.exit_status()
    finally:
        terminal.close()
    print(
        f"rounds survived  {survived} of {rounds} in {elapsed:.0f} s"
        + ("" if status is None else f" (the kiosk ended with status {status})")
    )
    return 0 if survived == rounds else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--rate", type=float, default=15.0, help="events a second")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--language-rounds",
        type=int,
        default=0,
        help="run this many rounds of L (or F2) with clicks right behind it instead",
    )
    args = parser.parse_args()
    if args.language_rounds:
        return language_rounds(args.language_rounds, args.seed)

    chooser = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        pin_file = Path(folder) / "admin-pin"
        pin_file.write_text("8642-desk\n", encoding="utf-8")
        pin_file.chmod(0o600)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": folder,
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
        }
        if "PYTHONPATH" in os.environ:  # to measure another checkout's code with this one's command
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        terminal = Terminal([str(SECONDOP), "--kiosk", "--admin-pin-file", str(pin_file)], env)
        try:
            if not terminal.wait_for("This is the start screen", ANSWER_TIMEOUT):
                print("the kiosk did not start", file=sys.stderr)
                return 1
            total = int(args.seconds * args.rate)
            sent = clicks = resizes = 0
            size = SIZE
            started = time.monotonic()
            while sent < total and terminal.process.poll() is None:
                kind = chooser.random()
                if kind < 1 / 20:
                    size = chooser.choice(SIZES)
                    terminal.resize(*size)
                    resizes += 1
                elif kind < 1 / 20 + 1 / 4:
                    # Anywhere but the last row: a click on a key in the footer is that key, pressed later.
                    column, row = chooser.randint(1, size[0]), chooser.randint(1, size[1] - 1)
                    terminal.send(f"\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m")
                    clicks += 1
                else:
                    table = FUNCTION if chooser.random() < 0.2 else EVERYDAY
                    terminal.send(table[chooser.choice(list(table))])
                sent += 1
                # Keep the rate over the whole run, not per event: a slow write does not slow the storm.
                time.sleep(max(0.0, started + sent / args.rate - time.monotonic()))
            elapsed = time.monotonic() - started
            alive = terminal.process.poll() is None
            answered, behind = False, 0.0
            if alive:
                terminal.resize(*SIZE)
                terminal.send(FUNCTION["f2"] + FUNCTION["f1"])
                asked = time.monotonic()
                answered = terminal.wait_for("Show every key", ANSWER_TIMEOUT)
                # Clicks cost the kiosk more than keys: on a busy machine it can still be working through them.
                behind = time.monotonic() - asked
            status = terminal.process.poll()
        finally:
            terminal.close()

    survived = alive and answered
    rows = [
        ("events sent", f"{sent} of {total} ({clicks} clicks, {resizes} resizes, the rest keys)"),
        ("over", f"{elapsed:.0f} s ({sent / elapsed:.1f} events a second)"),
        ("kiosk still running", "yes" if alive else f"no: it ended with status {status} by event {sent}"),
        ("answers F2, F1 afterwards", f"yes, in {behind:.1f} s" if answered else "no"),
        ("events survived", f"{sent} of {sent}" if survived else "not all"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0 if survived else 1


if __name__ == "__main__":
    sys.exit(main())
