"""How ``secondop serve`` holds up with many people at once.

Starts a guest-only server, opens N scripted SSH sessions (asyncssh client, screens rendered with pyte),
and has each press a key every 500 ms. Prints, for each N: the server's memory, the memory of one
session's app, keystroke-to-screen latency (median and 95th percentile) and bytes sent per keystroke.

    python bench/bench_serve.py               # N = 10, 20, 40
    python bench/bench_serve.py --sessions 5 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import re
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


@dataclass
class Session(asyncssh.SSHClientSession[bytes]):
    screen: pyte.Screen = field(default_factory=lambda: pyte.Screen(COLUMNS, ROWS))
    received: int = 0
    pressed_at: float | None = None
    latencies: list[float] = field(default_factory=list)
    ready: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.stream = pyte.ByteStream(self.screen)

    def data_received(self, data: bytes, datatype: object) -> None:  # type: ignore[override]
        self.received += len(data)
        self.screen.dirty.clear()
        self.stream.feed(data)
        # A redrawn line is what the person sees change (a moved highlight changes colours, not text).
        if self.pressed_at is not None and self.screen.dirty:
            self.latencies.append(time.monotonic() - self.pressed_at)
            self.pressed_at = None
        if not self.ready.is_set() and any("Welcome" in line for line in self.screen.display):
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


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def start_server(data_dir: Path, max_sessions: int, *options: str,
                 max_files: int | None = None) -> tuple[subprocess.Popen[str], int]:
    """A guest server (and ``options``), optionally under a file limit as a systemd unit would set it."""
    limit = [] if max_files is None else ["prlimit", f"--nofile={max_files}"]
    command = [*limit, sys.executable, "-m", "secondop_tui", "serve", "--port", "0", "--guest", "--data-dir",
               str(data_dir), "--max-sessions", str(max_sessions), "--idle-timeout", "0", *options]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    for line in server.stderr:
        if found := re.search(r"listening on [\d.]+:(\d+)", line):
            # Keep reading the log so the server never blocks on a full pipe.
            threading.Thread(target=server.stderr.read, daemon=True).start()
            return server, int(found.group(1))
    raise SystemExit("the server did not start")


async def press_keys(chan: asyncssh.SSHClientChannel[bytes], session: Session, seconds: float,
                     offset: float) -> int:
    await asyncio.sleep(offset)  # spread presses over the half second, as people would
    presses = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        session.pressed_at = time.monotonic()
        chan.write(KEYS[presses % 2])
        presses += 1
        await asyncio.sleep(KEY_EVERY)
    return presses


async def run_round(port: int, server_pid: int, count: int, seconds: float) -> dict[str, float]:
    opened: list[tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientChannel[bytes], Session]] = []
    started = time.monotonic()
    for number in range(count):
        conn = await asyncssh.connect("127.0.0.1", port, username=f"bench{number}", known_hosts=None,
                                      client_keys=None, agent_path=None)
        chan, session = await conn.create_session(Session, term_type="xterm-256color",
                                                  term_size=(COLUMNS, ROWS), encoding=None)
        opened.append((conn, chan, session))
    await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for _, _, s in opened)), timeout=300)
    startup = time.monotonic() - started
    await asyncio.sleep(2)  # let first-frame work settle
    before = [s.received for _, _, s in opened]
    for _, _, session in opened:
        session.latencies.clear()

    measure = asyncio.create_task(asyncio.sleep(seconds / 2))
    pressing = asyncio.gather(*(press_keys(chan, s, seconds, KEY_EVERY * i / count)
                                for i, (_, chan, s) in enumerate(opened)))
    await measure
    apps = children(server_pid)
    server_rss = rss_kib(server_pid)
    app_rss = [rss_kib(pid) for pid in apps]
    app_pss = [rss_kib(pid, "Pss") for pid in apps]
    presses = sum(await pressing)
    await asyncio.sleep(1)
    sent = sum(s.received - b for (_, _, s), b in zip(opened, before))
    latencies = sorted(x for _, _, s in opened for x in s.latencies)
    for conn, chan, _ in opened:
        chan.close()
        conn.close()
    await asyncio.sleep(1)
    return {
        "sessions": count,
        "startup_s": startup,
        "server_rss_mib": server_rss / 1024,
        "app_rss_mib": statistics.median(app_rss) / 1024 if app_rss else 0.0,
        "app_pss_mib": statistics.median(app_pss) / 1024 if app_pss else 0.0,
        "latency_median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "latency_p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("nan"),
        "answered": len(latencies) / presses if presses else 0.0,
        "bytes_per_key": sent / presses if presses else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long each round presses keys")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        server, port = start_server(Path(folder) / "data", max(args.sessions) + 5)
        try:
            for count in args.sessions:
                row = asyncio.run(run_round(port, server.pid, count, args.seconds))
                rows.append(row)
                print(f"N={count} done", file=sys.stderr, flush=True)
        finally:
            server.terminate()
            server.wait(30)
    header = ("N", "start s", "server RSS MiB", "app RSS MiB", "app PSS MiB", "latency med ms",
              "latency p95 ms", "answered", "bytes/key")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for row in rows:
        print(f"{row['sessions']} | {row['startup_s']:.1f} | {row['server_rss_mib']:.1f} | "
              f"{row['app_rss_mib']:.1f} | {row['app_pss_mib']:.1f} | {row['latency_median_ms']:.0f} | "
              f"{row['latency_p95_ms']:.0f} | {row['answered']:.0%} | {row['bytes_per_key']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
