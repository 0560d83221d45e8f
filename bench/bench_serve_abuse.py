"""What a stranger can cost ``secondop serve``: three figures, each the median of several runs.

- the server's memory while one guest floods keys for 30 s (and what became of that guest's app);
- one app's memory after its client asks for a 65535 x 65535 terminal (against 80 x 24);
- how long a real OpenSSH login takes while 1,000 idle connections are open, under a 1,024-file limit.

    python bench/bench_serve_abuse.py            # 3 runs of each
    python bench/bench_serve_abuse.py --runs 5 --flood-seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import asyncssh
from bench_serve import apps, rss_kib, start_server

MIB = 1024


class Client(asyncssh.SSHClientSession[bytes]):
    def __init__(self) -> None:
        self.output = bytearray()
        self.writable = asyncio.Event()
        self.writable.set()
        self.closed = asyncio.Event()
        self.seen_welcome = asyncio.Event()

    def data_received(self, data: bytes, datatype: object) -> None:  # type: ignore[override]
        self.output = (self.output[-16:] + data)[-65536:]  # a large frame would push the word out
        if b"Welcome" in self.output:
            self.seen_welcome.set()

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self.writable.set()
        self.closed.set()


async def open_app(
    port: int, size: tuple[int, int], wait: bool = True
) -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientChannel[bytes], Client]:
    conn = await asyncssh.connect(
        "127.0.0.1", port, username="bench", known_hosts=None, client_keys=None, agent_path=None
    )
    chan, client = await conn.create_session(Client, term_type="xterm", term_size=size, encoding=None)
    if wait:
        await asyncio.wait_for(client.seen_welcome.wait(), 120)
    return conn, chan, client


async def flood_keys(port: int, server_pid: int, seconds: float) -> dict[str, float]:
    conn, chan, client = await open_app(port, (80, 24))
    before = peak = rss_kib(server_pid)
    app = apps(server_pid)[0]
    app_peak = rss_kib(app)
    sent, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        if not client.closed.is_set() and client.writable.is_set():
            chan.write(b"j" * 65536)
            sent += 65536
        await asyncio.sleep(0.01)
        peak, app_peak = max(peak, rss_kib(server_pid)), max(app_peak, rss_kib(app))
    closed = client.closed.is_set()
    conn.close()
    while apps(server_pid):  # the next measure must not take this app for its own
        await asyncio.sleep(0.1)
    return {
        "server_before": before / MIB,
        "server_peak": peak / MIB,
        "app_peak": app_peak / MIB,
        "sent": sent / MIB / MIB,
        "app_closed": float(closed),
    }


async def huge_window(port: int, server_pid: int, size: tuple[int, int]) -> float:
    """The app's largest memory until 2 s after its first frame, or for 20 s if that never comes."""
    conn, _, client = await open_app(port, size, wait=False)
    while not apps(server_pid):
        await asyncio.sleep(0.05)
    app, app_rss, end = apps(server_pid)[0], 0, time.monotonic() + 20
    while time.monotonic() < end:
        app_rss = max(app_rss, rss_kib(app))
        if client.seen_welcome.is_set():
            end = min(end, time.monotonic() + 2)  # let it settle after the first frame
        await asyncio.sleep(0.1)
    conn.close()
    while apps(server_pid):
        await asyncio.sleep(0.1)
    return app_rss / MIB


def login_during_idle_flood(folder: Path, flood: int) -> float:
    key = folder / "key"
    if not key.exists():
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        kind, blob, _ = (folder / "key.pub").read_text().split(" ", 2)
        (folder / "authorized_keys").write_text(f"{kind} {blob} bench\n")
    with tempfile.TemporaryDirectory() as data:
        server, port = start_server(
            Path(data), 20, "--authorized-keys", str(folder / "authorized_keys"), max_files=1024
        )
        sockets = []
        try:
            for _ in range(flood):
                sock = socket.socket()
                sock.setblocking(False)
                sock.connect_ex(("127.0.0.1", port))
                sockets.append(sock)
                time.sleep(0.002)  # about as fast as the server takes them, so the kernel's queue holds
            time.sleep(1)
            started = time.monotonic()
            login = subprocess.run(
                [
                    "ssh",
                    "-F",
                    "/dev/null",
                    "-p",
                    str(port),
                    "-o",
                    "StrictHostKeyChecking=no",
                    "-o",
                    "UserKnownHostsFile=/dev/null",
                    "-o",
                    "LogLevel=ERROR",
                    "-o",
                    "IdentitiesOnly=yes",
                    "-o",
                    "KbdInteractiveAuthentication=no",
                    "-i",
                    str(key),
                    "-T",
                    "bench@127.0.0.1",
                ],
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                timeout=120,
                check=False,
            )
            took = time.monotonic() - started
            if "needs a terminal" not in login.stdout:
                raise SystemExit(f"the login failed: {login.stderr.strip()}")
            return took
        finally:
            for sock in sockets:
                sock.close()
            server.terminate()
            server.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--flood-seconds", type=float, default=30.0)
    parser.add_argument("--idle-connections", type=int, default=1000)
    args = parser.parse_args()
    floods, huge, small, logins = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            server, port = start_server(Path(folder) / f"data{run}", 5)
            try:
                floods.append(asyncio.run(flood_keys(port, server.pid, args.flood_seconds)))
                huge.append(asyncio.run(huge_window(port, server.pid, (65535, 65535))))
                small.append(asyncio.run(huge_window(port, server.pid, (80, 24))))
            finally:
                server.terminate()
                server.wait(30)
            logins.append(login_during_idle_flood(Path(folder), args.idle_connections))
            print(f"run {run + 1} done", flush=True)

    def median(key: str) -> float:
        return statistics.median(row[key] for row in floods)

    print(
        f"key flood, {args.flood_seconds:g} s: server RSS {median('server_before'):.0f} MiB before, "
        f"{median('server_peak'):.0f} MiB at most; the app at most {median('app_peak'):.0f} MiB, closed in "
        f"{sum(row['app_closed'] for row in floods):.0f} of {len(floods)} runs; {median('sent'):.1f} MiB of "
        "keys taken"
    )
    print(
        f"app RSS after asking for 65535x65535: {statistics.median(huge):.0f} MiB (80x24: "
        f"{statistics.median(small):.0f} MiB)"
    )
    print(
        f"a real login during {args.idle_connections} idle connections: median "
        f"{statistics.median(logins):.2f} s (runs: {', '.join(f'{t:.2f}' for t in logins)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
