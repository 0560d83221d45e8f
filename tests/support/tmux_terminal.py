"""The one terminal driver of the tests: real terminals in a private tmux server, read with capture-pane.

``Tmux`` is the driver (one tmux server, any number of named terminals); ``TmuxTerminal`` is one terminal
running the installed ``secondop`` (or any command) with the exit status kept.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from support.waiting import wait_until

INSTALLED = Path(sys.executable).parent / "secondop"
# The tmux client must speak UTF-8 itself, or capture-pane would hide what the app really wrote.
TMUX_ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def require_tmux() -> None:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed; .ci/run installs it")


class Tmux:
    """One tmux server on a private socket; each terminal in it is a session with a name."""

    def __init__(self, prefix: str = "secondop-test") -> None:
        self.socket = f"{prefix}-{uuid.uuid4().hex[:10]}"

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            env=TMUX_ENV,
        )
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def open(self, name: str, command: str, width: int = 80, height: int = 24, cwd: Path | None = None) -> str:
        """A terminal called ``name`` running the shell command ``command``; its pane stays after the command
        ends, so the test can see how it ended."""
        self.tmux(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(width),
            "-y",
            str(height),
            *(["-c", str(cwd)] if cwd is not None else []),
            command,
        )
        self.tmux("set-option", "-t", name, "remain-on-exit", "on")
        return name

    def screen(self, name: str, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-t", name, *(["-e"] if escapes else []))

    def keys(self, name: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", name, *keys)

    def resize(self, name: str, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", name, "-x", str(width), "-y", str(height))

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30, check=False, env=TMUX_ENV
        )


class TmuxTerminal:
    """One terminal of its own tmux server, running a command whose exit status is kept."""

    NAME = "app"

    def __init__(
        self,
        argv: Sequence[str],
        width: int = 80,
        height: int = 24,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        require_tmux()
        self.driver = Tmux()
        self.socket = self.driver.socket
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            **(env or {}),
        }
        # A shell records the exit status: tmux can report a pane dead before it has reaped the process,
        # and then never shows the status. The shell then waits, so the pane stays alive: a dead pane
        # can lose what was written after the program left the alternate screen.
        self._private = Path(tempfile.mkdtemp(prefix="secondop-tmux-"))
        self.status_file = self._private / "exit-status"
        record = f'"$0" "$@"; echo "$?" > {shlex.quote(str(self.status_file))}; exec sleep 3600'
        # `env -i` so the app sees only what the test chose, as a fresh login would.
        command = ["env", "-i", *(f"{key}={value}" for key, value in environment.items()), "sh", "-c", record, *argv]
        self.driver.open(self.NAME, shlex.join(command), width, height, cwd or Path.cwd())

    def _tmux(self, *args: str) -> str:
        return self.driver.tmux(*args)

    def record(self, path: Path) -> None:
        """Append every byte the program writes to the terminal to ``path`` from now on."""
        self._tmux("pipe-pane", "-o", "-t", self.NAME, f"cat >> {shlex.quote(str(path))}")

    def send(self, *keys: str) -> None:
        self.driver.keys(self.NAME, *keys)

    def resize(self, width: int, height: int) -> None:
        self.driver.resize(self.NAME, width, height)

    def screen(self) -> str:
        return self.driver.screen(self.NAME)

    def title(self) -> str:
        """The window title the program has set (with an escape sequence), as tmux keeps it."""
        return self._tmux("display-message", "-p", "-t", self.NAME, "#{pane_title}").strip()

    def exit_status(self) -> int | None:
        """The command's exit status once it has ended, else None."""
        try:
            status = self.status_file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return int(status) if status else None

    def dead(self) -> bool:
        return self.exit_status() is not None

    def wait_for(self, text: str, timeout: float = 30.0, alive: bool = False) -> str:
        """The screen once it shows ``text``; fails the test with the last screen if it never does.

        With ``alive``, it also fails as soon as the program has ended: it must show ``text`` while running.
        """
        screen = ""

        def shown() -> bool:
            nonlocal screen
            screen = self.screen()
            if alive and self.dead():
                pytest.fail(f"the program ended with status {self.exit_status()}; last screen:\n{screen}")
            return text in screen

        try:
            wait_until(shown, f"{text!r} on the screen", timeout)
        except AssertionError:
            pytest.fail(f"{text!r} never appeared on the screen; last screen:\n{screen}")
        return screen

    def wait_until_dead(self, timeout: float = 20.0) -> None:
        try:
            wait_until(self.dead, "the app's exit", timeout)
        except AssertionError:
            pytest.fail(f"the app did not exit; last screen:\n{self.screen()}")

    def close(self) -> None:
        self.driver.close()
        shutil.rmtree(self._private, ignore_errors=True)
