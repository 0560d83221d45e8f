"""A real terminal for end-to-end tests: the installed ``secondop`` in tmux, read with capture-pane."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

INSTALLED = Path(sys.executable).parent / "secondop"


def require_tmux() -> None:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed; .ci/run installs it")


class TmuxTerminal:
    """One tmux server on a private socket, holding one window that runs a command."""

    def __init__(
        self,
        argv: Sequence[str],
        width: int = 80,
        height: int = 24,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        require_tmux()
        self.socket = f"secondop-test-{uuid.uuid4().hex[:10]}"
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
        command = [
            "env", "-i", *(f"{key}={value}" for key, value in environment.items()), "sh", "-c", record, *argv
        ]
        self._tmux(
            "new-session", "-d", "-x", str(width), "-y", str(height),
            "-c", str(cwd or Path.cwd()), shlex.join(command),
        )
        # Keep the pane after the app exits so the test can see how it ended.
        self._tmux("set-option", "-g", "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, timeout=30, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def record(self, path: Path) -> None:
        """Append every byte the program writes to the terminal to ``path`` from now on."""
        self._tmux("pipe-pane", "-o", "-t", "0", f"cat >> {shlex.quote(str(path))}")

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "0", *keys)

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", "0", "-x", str(width), "-y", str(height))

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "0")

    def title(self) -> str:
        """The window title the program has set (with an escape sequence), as tmux keeps it."""
        return self._tmux("display-message", "-p", "-t", "0", "#{pane_title}").strip()

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
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if alive and self.dead():
                pytest.fail(f"the program ended with status {self.exit_status()}; last screen:\n{screen}")
            if text in screen:
                return screen
            time.sleep(0.1)
        pytest.fail(f"{text!r} never appeared on the screen; last screen:\n{screen}")

    def wait_until_dead(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.dead():
                return
            time.sleep(0.1)
        pytest.fail(f"the app did not exit; last screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30, check=False)
        shutil.rmtree(self._private, ignore_errors=True)
