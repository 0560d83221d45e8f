"""How ``secondop serve`` holds up with many people at once, apps forked from the warm helper or started cold.

For each way of starting apps (``warm``: forked by the helper; ``cold``: a new ``secondop`` process each,
``serve --cold-start``; ``merged``: forked by the helper with ``serve --merge-pages``, measured only while the
kernel's KSM is running, at the scanning speed the machine's administrator set) it starts a guest-only
server, times one guest alone (connect to the guide on screen, median of 3), then for each N opens N
scripted SSH sessions at once (asyncssh client, screens rendered with pyte) and prints:

- the time until the last of them sees the guide, and its ratio to one guest alone;
- the session start time, from the connection to the first frame (median and slowest), and its two parts
  (medians): SSH (connecting, key exchange, login, and the terminal and shell the server grants) and the
  app (from the granted shell to the guide on screen);
- memory: the median app's PSS and RSS, the PSS of the server and its helper, and the total PSS of server,
  helper and apps (with PSS, pages that processes share are split between them);
- keystroke-to-screen latency while each session presses a key every 500 ms (median, 95th percentile),
  and the share of keys answered;
- the CPU one session costs, part by part (measured with one guest alone): the server (SSH handshake,
  login, terminal), the helper (its fork), the app (from its start to the guide on screen) and the client
  (this script: asyncssh and the screen it draws, on the same machine); and from it the least time N
  sessions can take on this machine's cores, N x CPU per session / cores, as a ratio to one alone.

Each round's main figures are printed as it ends; the table shows the medians over the runs.

The clients connect from several loopback addresses, as people would from their own machines: the server
lets at most 16 connections from one address wait at once, and 64 in all, so at most 60 of the N are
let connect at the same moment (the rest follow as places free up).

    python bench/bench_serve.py                        # warm and cold, N = 10, 40, 100, once
    python bench/bench_serve.py --runs 3               # medians over three runs
    python bench/bench_serve.py --modes warm --sessions 40 --seconds 10
    python bench/bench_serve.py --modes merged --sessions 40 --seconds 60   # memory is read halfway through
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import pyte

KEY_EVERY = 0.5
COLUMNS, ROWS = 80, 24
KEYS = (b"j", b"k")  # down and up in the section list: every press changes the screen
ADDRESSES = 8  # loopback addresses the clients connect from
AT_ONCE = 60  # connections let in at the same moment (the server lets 64 wait)
READY = b"Welcome"


@dataclass
class Session(asyncssh.SSHClientSession[bytes]):
    screen: pyte.Screen = field(default_factory=lambda: pyte.Screen(COLUMNS, ROWS))
    received: int = 0
    pressed_at: float | None = None
    latencies: list[float] = field(default_factory=list)
    ssh_s: float = 0.0  # from the connection until the server granted the terminal and shell
    app_s: float = 0.0  # from then until the guide was on screen
    first_byte: asyncio.Event = field(default_factory=asyncio.Event)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    _tail: bytes = b""

    def __post_init__(self) -> None:
        self.stream = pyte.ByteStream(self.screen)

    def data_received(self, data: bytes, datatype: object) -> None:  # type: ignore[override]
        self.received += len(data)
        self.first_byte.set()
        self.screen.dirty.clear()
        self.stream.feed(data)
        # A redrawn line is what the person sees change (a moved highlight changes colours, not text).
        if self.pressed_at is not None and self.screen.dirty:
            self.latencies.append(time.monotonic() - self.pressed_at)
            self.pressed_at = None
        if not self.ready.is_set():
            self._tail = (self._tail + data)[-4096:]
            if READY in self._tail:
                self.ready.set()


def rss_kib(pid: int, field_name: str = "VmRSS") -> int:
    """Resident memory in KiB (VmRSS from status, or Pss from smaps_rollup)."""
    source = "smaps_rollup" if field_name == "Pss" else "status"
    try:
        text = Path(f"/proc/{pid}/{source}").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{field_name}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used so far, user and system (schedstat counts it in nanoseconds)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children(pid: int) -> list[tuple[int, bool]]:
    """The children of ``pid``, each with whether it has a terminal of its own."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append((int(entry.name), fields[4] != "0"))
    return found


def apps(server_pid: int) -> list[int]:
    """The server's app processes: its children on a terminal (the warm helper has none)."""
    return [pid for pid, on_terminal in _children(server_pid) if on_terminal]


def helpers(server_pid: int) -> list[int]:
    return [pid for pid, on_terminal in _children(server_pid) if not on_terminal]


def start_server(
    data_dir: Path,
    max_sessions: int,
    *options: str,
    max_files: int | None = None,
    wait_for: str | None = "helper ready",
) -> tuple[subprocess.Popen[str], int]:
    """A guest server (and ``options``), optionally under a file limit as a systemd unit would set it; it is
    returned once it listens and (unless ``wait_for`` is None or it starts apps cold) its helper is ready."""
    limit = [] if max_files is None else ["prlimit", f"--nofile={max_files}"]
    command = [
        *limit,
        sys.executable,
        "-m",
        "secondop_tui",
        "serve",
        "--port",
        "0",
        "--guest",
        "--data-dir",
        str(data_dir),
        "--max-sessions",
        str(max_sessions),
        "--idle-timeout",
        "0",
        *options,
    ]
    if "--cold-start" in options:
        wait_for = None
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    port, waited = 0, wait_for is None
    for line in server.stderr:
        if found := re.search(r"listening on [\d.]+:(\d+)", line):
            port = int(found.group(1))
        waited = waited or wait_for in line
        if port and waited:
            # Keep reading the log so the server never blocks on a full pipe.
            threading.Thread(target=server.stderr.read, daemon=True).start()
            return server, port
    raise SystemExit("the server did not start")


async def open_session(
    port: int, number: int, gate: asyncio.Semaphore
) -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientChannel[bytes], Session, float]:
    """A guest session, and how long it took from the connection to the guide on screen."""
    async with gate:  # held until the app has started: the time the server counts the connection as waiting
        started = time.monotonic()
        conn = await asyncssh.connect(
            "127.0.0.1",
            port,
            username=f"bench{number}",
            known_hosts=None,
            client_keys=None,
            agent_path=None,
            local_addr=(f"127.0.0.{2 + number % ADDRESSES}", 0),
        )
        chan, session = await conn.create_session(
            Session, term_type="xterm-256color", term_size=(COLUMNS, ROWS), encoding=None
        )
        session.ssh_s = time.monotonic() - started
        await asyncio.wait_for(session.first_byte.wait(), timeout=600)
    await asyncio.wait_for(session.ready.wait(), timeout=600)
    took = time.monotonic() - started
    session.app_s = took - session.ssh_s
    return conn, chan, session, took


async def one_alone(port: int, server_pid: int) -> dict[str, float]:
    """One guest alone: the time to the guide on screen, and the CPU each part spent on it."""
    helper_pids = helpers(server_pid)
    server_cpu, helper_cpu = cpu_seconds(server_pid), sum(cpu_seconds(pid) for pid in helper_pids)
    client_cpu = own_cpu_seconds()
    conn, chan, session, took = await open_session(port, 0, asyncio.Semaphore(1))
    used = {
        "alone_s": took,
        "alone_ssh_s": session.ssh_s,
        "alone_app_s": session.app_s,
        "cpu_server_s": cpu_seconds(server_pid) - server_cpu,
        "cpu_helper_s": sum(cpu_seconds(pid) for pid in helper_pids) - helper_cpu,
        "cpu_app_s": sum(cpu_seconds(pid) for pid in apps(server_pid)),  # a new process: all its CPU is this
        "cpu_client_s": own_cpu_seconds() - client_cpu,
    }
    chan.close()
    conn.close()
    while apps(server_pid):
        await asyncio.sleep(0.05)
    return used


async def press_keys(chan: asyncssh.SSHClientChannel[bytes], session: Session, seconds: float, offset: float) -> int:
    await asyncio.sleep(offset)  # spread presses over the half second, as people would
    presses = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        session.pressed_at = time.monotonic()
        chan.write(KEYS[presses % 2])
        presses += 1
        await asyncio.sleep(KEY_EVERY)
    return presses


def memory(server_pid: int) -> dict[str, float]:
    app_pids, helper_pids = apps(server_pid), helpers(server_pid)
    app_pss = [rss_kib(pid, "Pss") for pid in app_pids]
    app_rss = [rss_kib(pid) for pid in app_pids]
    total = rss_kib(server_pid, "Pss") + sum(rss_kib(pid, "Pss") for pid in helper_pids) + sum(app_pss)
    return {
        "app_pss_mib": statistics.median(app_pss) / 1024 if app_pss else 0.0,
        "app_rss_mib": statistics.median(app_rss) / 1024 if app_rss else 0.0,
        "total_pss_mib": total / 1024,
        "own_pss_mib": (total - sum(app_pss)) / 1024,  # the server's and the helper's
    }


async def run_round(
    port: int, server_pid: int, count: int, seconds: float, alone: dict[str, float]
) -> dict[str, float]:
    gate = asyncio.Semaphore(AT_ONCE)
    started = time.monotonic()
    opened = await asyncio.gather(*(open_session(port, number, gate) for number in range(count)))
    last = time.monotonic() - started
    starts = sorted(took for _, _, _, took in opened)
    await asyncio.sleep(2)  # let first-frame work settle
    before = [s.received for _, _, s, _ in opened]
    for _, _, session, _ in opened:
        session.latencies.clear()

    measure = asyncio.create_task(asyncio.sleep(seconds / 2))
    pressing = asyncio.gather(
        *(press_keys(chan, s, seconds, KEY_EVERY * i / count) for i, (_, chan, s, _) in enumerate(opened))
    )
    await measure
    used = memory(server_pid)
    presses = sum(await pressing)
    await asyncio.sleep(1)
    sent = sum(s.received - b for (_, _, s, _), b in zip(opened, before))
    latencies = sorted(x for _, _, s, _ in opened for x in s.latencies)
    for conn, chan, _, _ in opened:
        chan.close()
        conn.close()
    while apps(server_pid):
        await asyncio.sleep(0.1)
    cpu_session = sum(value for key, value in alone.items() if key.startswith("cpu_"))
    return {
        "sessions": count,
        **alone,
        "last_s": last,
        "ratio": last / alone["alone_s"],
        "cpu_session_s": cpu_session,
        "floor_ratio": count * cpu_session / (os.cpu_count() or 1) / alone["alone_s"],
        "start_median_s": statistics.median(starts),
        "start_max_s": starts[-1],
        "start_ssh_median_s": statistics.median(s.ssh_s for _, _, s, _ in opened),
        "start_app_median_s": statistics.median(s.app_s for _, _, s, _ in opened),
        **used,
        "latency_median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "latency_p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("nan"),
        "answered": len(latencies) / presses if presses else 0.0,
        "bytes_per_key": sent / presses if presses else 0.0,
    }


MODE_OPTIONS = {"warm": [], "cold": ["--cold-start"], "merged": ["--merge-pages"]}
KSM = Path("/sys/kernel/mm/ksm")


def ksm_settings() -> str | None:
    """KSM's scanning settings while it runs, None when it does not."""
    try:
        if (KSM / "run").read_text().strip() != "1":
            return None
        return ", ".join(f"{name} {(KSM / name).read_text().strip()}" for name in ("pages_to_scan", "sleep_millisecs"))
    except OSError:
        return None


def run_mode(mode: str, sessions: list[int], seconds: float, folder: Path) -> list[dict[str, float]]:
    most = max(sessions) + 5
    options = ["--max-guests-per-address", str(most)] + MODE_OPTIONS[mode]
    server, port = start_server(folder / mode, most, *options)
    rows = []
    try:
        tries = [asyncio.run(one_alone(port, server.pid)) for _ in range(3)]
        alone = {key: statistics.median(one[key] for one in tries) for key in tries[0]}
        print(
            f"{mode} one alone: {alone['alone_s']:.3f} s (SSH {alone['alone_ssh_s']:.3f} s, app "
            f"{alone['alone_app_s']:.3f} s); CPU: server {alone['cpu_server_s']:.3f} s, helper "
            f"{alone['cpu_helper_s']:.3f} s, app {alone['cpu_app_s']:.3f} s, client {alone['cpu_client_s']:.3f} s",
            file=sys.stderr,
            flush=True,
        )
        for count in sessions:
            row = asyncio.run(run_round(port, server.pid, count, seconds, alone))
            rows.append(row)
            print(
                f"{mode} N={count}: last {row['last_s']:.2f} s ({row['ratio']:.1f}x alone; the CPU allows no "
                f"less than {row['floor_ratio']:.1f}x), key median {row['latency_median_ms']:.0f} ms, "
                f"p95 {row['latency_p95_ms']:.0f} ms",
                file=sys.stderr,
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(60)
    return rows


COLUMNS_SHOWN = (
    ("mode", "{}"),
    ("N", "{:.0f}"),
    ("alone s", "{:.2f}"),
    ("last s", "{:.2f}"),
    ("last/alone", "{:.1f}"),
    ("CPU floor/alone", "{:.1f}"),
    ("start med s", "{:.2f}"),
    ("start max s", "{:.2f}"),
    ("SSH med s", "{:.2f}"),
    ("app med s", "{:.2f}"),
    ("app PSS MiB", "{:.1f}"),
    ("app RSS MiB", "{:.1f}"),
    ("server+helper PSS MiB", "{:.0f}"),
    ("total PSS MiB", "{:.0f}"),
    ("key med ms", "{:.0f}"),
    ("key p95 ms", "{:.0f}"),
    ("answered", "{:.0%}"),
    ("bytes/key", "{:.0f}"),
    ("CPU/session ms", "{:.0f}"),
    ("server ms", "{:.0f}"),
    ("helper ms", "{:.0f}"),
    ("app ms", "{:.0f}"),
    ("client ms", "{:.0f}"),
)
KEYS_SHOWN = (
    "sessions",
    "alone_s",
    "last_s",
    "ratio",
    "floor_ratio",
    "start_median_s",
    "start_max_s",
    "start_ssh_median_s",
    "start_app_median_s",
    "app_pss_mib",
    "app_rss_mib",
    "own_pss_mib",
    "total_pss_mib",
    "latency_median_ms",
    "latency_p95_ms",
    "answered",
    "bytes_per_key",
    "cpu_session_s",
    "cpu_server_s",
    "cpu_helper_s",
    "cpu_app_s",
    "cpu_client_s",
)
MILLISECONDS = {"cpu_session_s", "cpu_server_s", "cpu_helper_s", "cpu_app_s", "cpu_client_s"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 40, 100])
    parser.add_argument("--modes", nargs="+", choices=tuple(MODE_OPTIONS), default=["warm", "cold"])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long each round presses keys")
    parser.add_argument("--runs", type=int, default=1, help="runs of everything; the table shows medians")
    args = parser.parse_args()
    if "merged" in args.modes:
        settings = ksm_settings()
        if settings is None:
            raise SystemExit("merged: KSM is not running (as root: echo 1 > /sys/kernel/mm/ksm/run)")
        print(f"merged: KSM is running ({settings})", file=sys.stderr, flush=True)
    results: dict[tuple[str, int], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            for mode in args.modes:
                for row in run_mode(mode, args.sessions, args.seconds, Path(folder) / str(run)):
                    results.setdefault((mode, int(row["sessions"])), []).append(row)
    print(" | ".join(name for name, _ in COLUMNS_SHOWN))
    print(" | ".join("---" for _ in COLUMNS_SHOWN))
    for (mode, _), rows in results.items():
        values = [mode] + [
            statistics.median(row[key] for row in rows) * (1000 if key in MILLISECONDS else 1) for key in KEYS_SHOWN
        ]
        print(" | ".join(form.format(value) for (_, form), value in zip(COLUMNS_SHOWN, values)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
