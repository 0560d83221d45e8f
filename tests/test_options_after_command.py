"""The common options work after the subcommand, as the README writes them: ``secondop serve ... --content DIR``
and ``secondop web ... --content DIR`` start the real servers with that guide, and a client sees it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import checked_front, run_secondop, write_section
from support.serve_harness import WAIT, Recorder, Server, connect
from support.web_harness import WebServer

aiohttp = pytest.importorskip("aiohttp", reason="needs the web extra (textual-serve)")

pytestmark = pytest.mark.e2e

MARK = "Zebrafinch"


def own_guide(root: Path) -> Path:
    folder = root / "guide"
    write_section(
        folder, "01-start.md", f"id: start\ntitle: {MARK} welcome\norder: 1\n{checked_front()}", "Words of our own.\n"
    )
    return folder


async def test_serve_takes_content_after_the_subcommand(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0", "--content", str(own_guide(tmp_path)))
    try:
        async with await connect(server) as conn:
            _, session = await conn.create_session(Recorder, term_type="xterm", term_size=(80, 24), encoding=None)
            await session.wait_for(MARK.encode())
    finally:
        server.stop()


async def test_web_takes_content_after_the_subcommand(tmp_path: Path) -> None:
    server = WebServer(tmp_path / "data", "--content", str(own_guide(tmp_path)), home=tmp_path / "home")
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as client:
            ws = await client.ws_connect(f"ws://127.0.0.1:{server.port}/ws?width=80&height=24")
            drawn = b""
            deadline = time.monotonic() + WAIT
            while MARK.encode() not in drawn:
                assert time.monotonic() < deadline, f"never drew the guide's title: {drawn[-300:]!r}"
                message = await ws.receive(timeout=WAIT)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
                if message.type == aiohttp.WSMsgType.BINARY:
                    drawn += message.data
            await ws.close()
    finally:
        server.stop()


def test_export_and_read_take_them_after_the_subcommand_too(tmp_path: Path) -> None:
    folder = own_guide(tmp_path)
    read = run_secondop("read", "--content", str(folder), "--lang", "en")
    assert read.returncode == 0 and read.stdout.startswith(f"{MARK} welcome\n")
    export = run_secondop("export", "--content", str(folder), "--db", str(tmp_path / "p.json"))
    assert export.returncode == 0 and "0 of 0 done" in export.stdout
