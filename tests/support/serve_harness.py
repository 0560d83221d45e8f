"""What the ``secondop serve`` tests share: the real server process, OpenSSH key pairs, tmux terminals."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from support.tmux_terminal import Tmux
from support.waiting import wait_until as wait_until_sync
from support.waiting import wait_until_async

SECONDOP = Path(sys.executable).parent / "secondop"
APP_TITLE = "Second opinion guide"
WAIT = 30.0  # generous: the machine running the tests may be busy
NEEDS_OPENSSH = pytest.mark.skipif(
    not (shutil.which("ssh") and shutil.which("ssh-keygen") and shutil.which("tmux")),
    reason="needs the OpenSSH client and tmux",
)


class Server:
    """A ``secondop serve`` process on a free port, with its log collected."""

    COMMAND = "serve"  # the subcommand; ``secondop web`` logs its port the same way

    def __init__(
        self,
        data_dir: Path,
        *options: str,
        env: dict[str, str] | None = None,
        max_files: int | None = None,
        app_options: tuple[str, ...] = (),
    ) -> None:
        """``app_options`` go before the subcommand (``--content DIR``, say)."""
        self.data_dir = data_dir
        # util-linux's prlimit sets a file limit from the start, as a systemd unit's LimitNOFILE would.
        limit = [] if max_files is None else ["prlimit", f"--nofile={max_files}"]
        self.process = subprocess.Popen(
            [*limit, str(SECONDOP), *app_options, self.COMMAND, "--port", "0", "--data-dir", str(data_dir), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self._listening = threading.Event()
        self.port = 0
        threading.Thread(target=self._read_log, daemon=True).start()
        if not self._listening.wait(WAIT):
            self.stop()
            pytest.fail("the server did not start:\n" + self.log)

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            if found := re.search(r"listening on [\d.]+:(\d+)", line):
                self.port = int(found.group(1))
                self._listening.set()

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for_log(self, text: str) -> None:
        try:
            wait_until_sync(lambda: text in self.log, f"{text!r} logged", WAIT)
        except AssertionError:
            raise AssertionError(f"{text!r} never logged:\n{self.log}") from None

    def app_pids(self) -> dict[int, str]:
        """The server's app processes and their command lines: its children on a terminal of their own (the
        warm helper, also its child, has none)."""
        return {pid: command for pid, (command, fields) in self.children().items() if fields[4] != "0"}

    def children(self) -> dict[int, tuple[str, list[str]]]:
        """Every child of the server: its command line, and the fields of /proc/PID/stat after its name
        (state, ppid, pgrp, session, tty_nr, tpgid, ...)."""
        found: dict[int, tuple[str, list[str]]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found[int(entry.name)] = (command, fields)
        return found

    def helper_pids(self) -> set[int]:
        """The warm helpers the server has said are ready, in the order it said so."""
        return {int(pid) for pid in re.findall(r"helper ready \(pid (\d+)", self.log)}

    def app_of(self, user: str) -> int:
        """The app process of ``user``'s one open session, as the server's log names it."""
        log = self.log
        labels = [
            label
            for label in re.findall(rf"(#\d+) login {re.escape(user)}\n", log)
            if f"{label} session end" not in log
        ]
        pids = [int(pid) for label in labels for pid in re.findall(rf"{label} session start \(app (\d+)", log)]
        assert len(pids) == 1, f"{user} has {len(pids)} sessions in the log:\n{self.log}"
        return pids[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Keys:
    """Key pairs for test users, and the authorized_keys file that ties each key to its user."""

    def __init__(self, folder: Path, users: list[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        lines = []
        for user in users:
            key = folder / user
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", str(key)], check=True)
            kind, blob, _ = (folder / f"{user}.pub").read_text().split(" ", 2)
            lines.append(f"{kind} {blob} {user}\n")
        self.authorized = folder / "authorized_keys"
        self.authorized.write_text("".join(lines))

    def ssh(self, server: Server, login: str, key: str | None, *extra: str) -> list[str]:
        """An OpenSSH command line that ignores the tester's own ssh settings."""
        if key is None:
            auth = ["-o", "PubkeyAuthentication=no"]
        else:
            auth = [
                "-o",
                "KbdInteractiveAuthentication=no",
                "-o",
                "PasswordAuthentication=no",
                "-i",
                str(self.folder / key),
            ]
        return self._command(server, login, auth, extra)

    def ssh_offering(self, server: Server, login: str, keys: list[str], *extra: str) -> list[str]:
        """OpenSSH offering each of ``keys`` in turn, then, if all are refused, a guest login."""
        auth = ["-o", "PasswordAuthentication=no"]
        for key in keys:
            auth += ["-i", str(self.folder / key)]
        return self._command(server, login, auth, extra)

    def _command(self, server: Server, login: str, auth: list[str], extra: tuple[str, ...]) -> list[str]:
        return [
            "ssh",
            "-F",
            "/dev/null",
            "-p",
            str(server.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            f"UserKnownHostsFile={self.folder / 'known_hosts'}",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "ConnectTimeout=20",
            *auth,
            *extra,
            f"{login}@127.0.0.1",
        ]


def refused_start(arguments: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``secondop ARGUMENTS``, a server expected to refuse to start; one that starts is stopped, and the test
    fails with its log."""
    process = subprocess.Popen(
        [str(SECONDOP), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        stdout, stderr = process.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        process.terminate()
        stdout, stderr = process.communicate()
        pytest.fail(f"the server started:\n{stderr}")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run an ssh client to its end, with no input, and keep what it printed."""
    return subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=WAIT, check=False)


class Terminals(Tmux):
    """Real terminals in a private tmux server, each running one ssh client."""

    def __init__(self) -> None:
        super().__init__("secondop-serve")
        self.count = 0

    def open(self, command: list[str], width: int = 100, height: int = 30) -> str:  # type: ignore[override]
        self.count += 1
        # The pane stays after ssh ends, with its exit status, so the last words can be read.
        shell = " ".join(_quote(part) for part in command) + '; echo "[ssh exited $?]"; sleep 600'
        return super().open(f"t{self.count}", shell, width, height)

    def wait_for(self, name: str, *texts: str, absent: str | None = None, timeout: float = WAIT) -> str:
        text = ""

        def shown() -> bool:
            nonlocal text
            text = self.screen(name)
            return all(part in text for part in texts) and (absent is None or absent not in text)

        try:
            wait_until_sync(shown, f"{texts!r}", timeout)
        except AssertionError:
            raise AssertionError(f"never saw {texts!r} without {absent!r}; the screen shows:\n{text}") from None
        return text


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def open_checklist(terms: Terminals, name: str) -> str:
    terms.wait_for(name, APP_TITLE, "Welcome")
    terms.keys(name, "c")
    return terms.wait_for(name, "Your checklist", " done")


def quit_app(terms: Terminals, name: str) -> str:
    terms.keys(name, "q")
    return terms.wait_for(name, "[ssh exited 0]")


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (0 once it has gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


class Recorder(asyncssh.SSHClientSession[bytes]):
    """A scripted client's session: keeps what the server sends (up to a bound) and its flow control."""

    KEEP = 8 * 1024 * 1024

    def __init__(self) -> None:
        self.output = bytearray()
        self.writable = asyncio.Event()
        self.writable.set()
        self.closed = asyncio.Event()

    def data_received(self, data: bytes, datatype: object) -> None:  # type: ignore[override]
        self.output += data
        del self.output[: -self.KEEP]

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self.writable.set()
        self.closed.set()

    async def wait_for(self, text: bytes, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            assert not self.closed.is_set(), f"the session ended without {text!r}: {bytes(self.output[-300:])!r}"
            assert time.monotonic() < deadline, f"never received {text!r}: {bytes(self.output[-300:])!r}"
            await asyncio.sleep(0.1)


async def connect(server: Server, user: str = "guest", **options: Any) -> asyncssh.SSHClientConnection:
    """An asyncssh client (for what OpenSSH will not send), without the tester's own keys or agent."""
    options.setdefault("client_keys", None)
    return await asyncssh.connect("127.0.0.1", server.port, username=user, known_hosts=None, agent_path=None, **options)


async def wait_until(check: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    await wait_until_async(check, what, timeout)
