"""``secondop serve`` end to end: the real server process, the real OpenSSH client, real terminals (tmux)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from secondop_tui.serve.names import clean_user_name

pytestmark = pytest.mark.skipif(
    not (shutil.which("ssh") and shutil.which("ssh-keygen") and shutil.which("tmux")),
    reason="needs the OpenSSH client and tmux",
)

SECONDOP = Path(sys.executable).parent / "secondop"
APP_TITLE = "Second opinion guide"
WAIT = 30.0  # generous: the machine running the tests may be busy


class Server:
    """A ``secondop serve`` process on a free port, with its log collected."""

    def __init__(self, data_dir: Path, *options: str, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [str(SECONDOP), "serve", "--port", "0", "--data-dir", str(data_dir), *options],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
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
        deadline = time.monotonic() + WAIT
        while text not in self.log:
            assert time.monotonic() < deadline, f"{text!r} never logged:\n{self.log}"
            time.sleep(0.1)

    def app_pids(self) -> dict[int, str]:
        """The server's app processes and their command lines."""
        found: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found[int(entry.name)] = command
        return found

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
        command = ["ssh", "-F", "/dev/null", "-p", str(server.port), "-o", "StrictHostKeyChecking=no",
                   "-o", f"UserKnownHostsFile={self.folder / 'known_hosts'}", "-o", "LogLevel=ERROR",
                   "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=20"]
        if key is None:
            command += ["-o", "PubkeyAuthentication=no"]
        else:
            command += ["-o", "KbdInteractiveAuthentication=no", "-o", "PasswordAuthentication=no",
                        "-i", str(self.folder / key)]
        return [*command, *extra, f"{login}@127.0.0.1"]


class Terminals:
    """Real terminals in a private tmux server, each running one ssh client."""

    def __init__(self) -> None:
        self.socket = f"secondop-serve-{uuid.uuid4().hex[:8]}"
        self.count = 0

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              check=True, capture_output=True, text=True).stdout

    def open(self, command: list[str], width: int = 100, height: int = 30) -> str:
        self.count += 1
        name = f"t{self.count}"
        # The pane stays after ssh ends, with its exit status, so the last words can be read.
        shell = " ".join(_quote(part) for part in command) + "; echo \"[ssh exited $?]\"; sleep 600"
        self.tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), shell)
        return name

    def screen(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, *texts: str, absent: str | None = None, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen(name)
            if all(part in text for part in texts) and (absent is None or absent not in text):
                return text
            assert time.monotonic() < deadline, f"never saw {texts!r} without {absent!r}; the screen shows:\n{text}"
            time.sleep(0.2)

    def keys(self, name: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", name, *keys)

    def resize(self, name: str, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", name, "-x", str(width), "-y", str(height))

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def open_checklist(terms: Terminals, name: str) -> str:
    terms.wait_for(name, APP_TITLE, "Welcome")
    terms.keys(name, "c")
    return terms.wait_for(name, "Your checklist", " done")


def quit_app(terms: Terminals, name: str) -> str:
    terms.keys(name, "q")
    return terms.wait_for(name, "[ssh exited 0]")


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("keys"), ["alice", "bob"])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Iterator[Server]:
    """Keys and guests both on: the main server most tests share."""
    folder = tmp_path_factory.mktemp("serve")
    # The server's own size and progress file must not reach the apps it starts.
    env = {**os.environ, "COLUMNS": "100", "LINES": "30", "SECONDOP_DB": str(folder / "server-own.json")}
    running = Server(folder / "data", "--authorized-keys", str(keys.authorized),
                     "--guest", "--max-sessions", "10", "--idle-timeout", "0", env=env)
    yield running
    running.stop()
    assert not (folder / "server-own.json").exists()


@pytest.fixture
def terms() -> Iterator[Terminals]:
    made = Terminals()
    yield made
    made.close()


def done_items(db: Path) -> list[str]:
    items = json.loads(db.read_text(encoding="utf-8")).get("items", {})
    return [item_id for item_id, item in items.items() if item.get("done")]


@pytest.mark.e2e
def test_each_user_keeps_their_own_ticks(server: Server, keys: Keys, terms: Terminals) -> None:
    first = terms.open(keys.ssh(server, "alice", "alice", "-tt"))
    assert "0 of" in open_checklist(terms, first)
    terms.keys(first, "Space")
    terms.wait_for(first, "[x]", "1 of")
    quit_app(terms, first)

    alice_db = server.data_dir / "users" / "alice" / "progress.json"
    assert len(done_items(alice_db)) == 1
    assert stat.S_IMODE(alice_db.stat().st_mode) == 0o600
    assert stat.S_IMODE(alice_db.parent.stat().st_mode) == 0o700

    again = terms.open(keys.ssh(server, "Alice", "alice", "-tt"))  # same person, name typed differently
    screen = open_checklist(terms, again)
    assert "[x]" in screen and "1 of" in screen
    quit_app(terms, again)

    other = terms.open(keys.ssh(server, "bob", "bob", "-tt"))
    screen = open_checklist(terms, other)
    assert "[x]" not in screen and "0 of" in screen
    quit_app(terms, other)
    assert done_items(alice_db) and "login alice" in server.log and "login bob" in server.log


@pytest.mark.e2e
def test_a_key_only_opens_its_own_users_checklist(server: Server, keys: Keys) -> None:
    # bob's key for alice's name: with guests allowed this falls back to a guest, never to alice's data.
    result = subprocess.run([*keys.ssh(server, "alice", "bob", "-T")], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=WAIT)
    assert result.returncode == 255 and "Permission denied" in result.stderr


@pytest.mark.e2e
def test_guest_checklist_is_deleted_when_the_guest_leaves(server: Server, keys: Keys, terms: Terminals) -> None:
    name = terms.open(keys.ssh(server, "visitor", None, "-tt"))
    open_checklist(terms, name)
    terms.keys(name, "Space")
    terms.wait_for(name, "[x]")
    terms.keys(name, "a")
    terms.wait_for(name, "New item for")
    terms.keys(name, "-l", "zebrasecret")
    terms.keys(name, "Enter")
    terms.wait_for(name, "zebrasecret")
    guests = list((server.data_dir / "guests").iterdir())
    assert len(guests) == 1 and done_items(guests[0] / "progress.json")

    quit_app(terms, name)
    assert list((server.data_dir / "guests").iterdir()) == []
    assert not (server.data_dir / "users" / "visitor").exists()
    assert "login guest" in server.log
    assert "zebrasecret" not in server.log  # what people type is never logged


@pytest.mark.e2e
def test_window_resize_reaches_the_app(server: Server, keys: Keys, terms: Terminals) -> None:
    name = terms.open(keys.ssh(server, "alice", "alice", "-tt"), width=100, height=30)
    terms.wait_for(name, APP_TITLE)
    terms.resize(name, 30, 10)
    terms.wait_for(name, "too small")
    terms.resize(name, 60, 20)
    screen = terms.wait_for(name, APP_TITLE, "Welcome", absent="too small")
    assert max(len(line.rstrip()) for line in screen.splitlines()) <= 60
    quit_app(terms, name)


@pytest.mark.e2e
def test_only_the_app_is_offered(server: Server, keys: Keys) -> None:
    def run(*extra: str, command: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*keys.ssh(server, "alice", "alice", *extra), *command], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=WAIT)

    no_pty = run("-T")
    assert no_pty.returncode == 1 and "needs a terminal" in no_pty.stdout
    command = run("-T", command=("cat", "/etc/passwd"))
    assert command.returncode == 255 and "root:" not in command.stdout
    assert "exec request failed" in command.stderr
    sftp = run("-T", "-s", command=("sftp",))
    assert sftp.returncode == 255 and "subsystem request failed" in sftp.stderr
    remote = run("-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9")
    assert remote.returncode == 255 and "forwarding failed" in remote.stderr
    assert "refused: command" in server.log and "/etc/passwd" not in server.log


@pytest.mark.e2e
async def test_local_port_forwarding_is_refused(server: Server, keys: Keys) -> None:
    async with asyncssh.connect("127.0.0.1", server.port, username="alice", known_hosts=None,
                                client_keys=[str(keys.folder / "alice")], agent_path=None) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.open_connection("127.0.0.1", server.port)
    server.wait_for_log("refused: port forwarding")


@pytest.mark.e2e
def test_a_killed_app_leaves_other_sessions_working(server: Server, keys: Keys, terms: Terminals) -> None:
    first = terms.open(keys.ssh(server, "alice", "alice", "-tt"))
    second = terms.open(keys.ssh(server, "bob", "bob", "-tt"))
    terms.wait_for(first, APP_TITLE)
    terms.wait_for(second, APP_TITLE)
    alice_pids = [pid for pid, command in server.app_pids().items() if "alice" in command]
    assert len(alice_pids) == 1
    os.kill(alice_pids[0], signal.SIGKILL)

    terms.wait_for(first, "stopped unexpectedly", "[ssh exited 1]")
    open_checklist(terms, second)  # bob's app still answers keys
    quit_app(terms, second)
    assert server.process.poll() is None


@pytest.mark.e2e
def test_session_cap_idle_timeout_and_unknown_keys(tmp_path: Path, keys: Keys, terms: Terminals) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized),
                    "--max-sessions", "1", "--idle-timeout", "8")
    try:
        first = terms.open(keys.ssh(server, "alice", "alice", "-tt"))
        terms.wait_for(first, APP_TITLE)
        busy = subprocess.run(keys.ssh(server, "bob", "bob", "-tt"), capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=WAIT)
        assert busy.returncode == 1 and "busy, try again" in busy.stdout

        terms.wait_for(first, "without a key press", "[ssh exited 0]")
        server.wait_for_log("idle timeout")

        for login, key in [("alice", "bob"), ("../alice", "alice"), ("visitor", None)]:
            refused = subprocess.run(keys.ssh(server, login, key, "-T"), capture_output=True, text=True,
                                     stdin=subprocess.DEVNULL, timeout=WAIT)
            assert refused.returncode == 255 and "Permission denied" in refused.stderr
        assert not (tmp_path / "data" / "guests").exists()
        assert sorted(p.name for p in (tmp_path / "data" / "users").iterdir()) == ["alice"]
    finally:
        server.stop()


@pytest.mark.e2e
def test_failed_logins_are_rate_limited(tmp_path: Path, keys: Keys) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized))
    try:
        def attempt(key: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(keys.ssh(server, "alice", key, "-T"), capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, timeout=WAIT)

        assert attempt("alice").returncode == 1  # the right key works (and is told it needs a terminal)
        for _ in range(10):
            assert attempt("bob").returncode == 255
        assert attempt("alice").returncode == 255  # now even the right key waits
        server.wait_for_log("too many failed logins")
    finally:
        server.stop()


@pytest.mark.e2e
def test_sigterm_closes_sessions_and_exits_zero(tmp_path: Path, keys: Keys, terms: Terminals) -> None:
    server = Server(tmp_path / "data", "--guest")
    try:
        name = terms.open(keys.ssh(server, "anyone", None, "-tt"))
        terms.wait_for(name, APP_TITLE)
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(WAIT) == 0
        terms.wait_for(name, "server is stopping", "[ssh exited 0]")
        assert list((tmp_path / "data" / "guests").iterdir()) == []
        assert server.app_pids() == {}
    finally:
        server.stop()


def test_host_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    first = Server(tmp_path / "data", "--guest")
    first.stop()
    key = tmp_path / "data" / "host_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    fingerprint = re.search(r"fingerprint (SHA256:\S+)", first.log)
    assert fingerprint and "created" in first.log
    second = Server(tmp_path / "data", "--guest")
    second.stop()
    assert fingerprint.group(1) in second.log and "read from" in second.log


def test_serve_needs_a_way_in(tmp_path: Path) -> None:
    result = subprocess.run([str(SECONDOP), "serve", "--data-dir", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == "secondop: serve needs --authorized-keys FILE, --guest, or both"


@pytest.mark.parametrize("raw, clean", [
    ("alice", "alice"), ("Alice", "alice"), ("j.doe-2", "j.doe-2"),
    ("../alice", None), ("..", None), (".hidden", None), ("-rf", None), ("a/b", None), ("", None),
    ("x" * 33, None), ("al ice", None),
])
def test_user_names_are_safe_folder_names(raw: str, clean: str | None) -> None:
    assert clean_user_name(raw) == clean
