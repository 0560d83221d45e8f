"""The guide a server offers is checked as ``check-content`` checks it: at the start of ``serve`` and ``web`` (a
bad one is refused in one line, nothing listens), and at each reload of either (a bad one is not taken: the
guide read before is still served, and the log says exactly why). A patient never sees a server's path."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.data.locations import default_content_dir

from support.serve_harness import NEEDS_OPENSSH, SECONDOP, WAIT, Keys, Server, Terminals, quit_app, refused_start

pytestmark = [NEEDS_OPENSSH, pytest.mark.e2e]


def guide_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(default_content_dir(), content)
    return content


def break_welcome(content: Path) -> None:
    """One bad value, as a person editing the guide might leave it."""
    welcome = content / "01-welcome.md"
    welcome.write_text(welcome.read_text().replace("order: 1\n", "order: one\n", 1))


def start(tmp_path: Path, command: str, content: Path) -> subprocess.CompletedProcess[str]:
    """Start ``command`` on ``content``, expecting it to refuse at once."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SECONDOP")}
    extra = ["--guest"] if command == "serve" else []
    return refused_start(
        ["--content", str(content), command, "--port", "0", "--data-dir", str(tmp_path / "data"), *extra], env=env
    )


@pytest.mark.parametrize("command", ["serve", "web"])
@pytest.mark.parametrize("fault", ["missing", "bad value"])
def test_a_server_refuses_a_bad_guide_at_start_in_one_line(tmp_path: Path, command: str, fault: str) -> None:
    if command == "web":
        pytest.importorskip("textual_serve", reason="needs the web extra")
    content = tmp_path / "nowhere"
    if fault == "bad value":
        content = guide_copy(tmp_path)
        break_welcome(content)
    result = start(tmp_path, command, content)
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"secondop: the guide in {content} has a problem: "), line
    if fault == "bad value":
        assert re.search(r"01-welcome\.md:\d+: order 'one' is not a whole number( \(and \d+ more\))?$", line), line
    else:
        assert "content folder not found" in line
    assert "listening" not in result.stderr


def test_a_guide_with_only_old_review_dates_is_served(tmp_path: Path) -> None:
    """What check-content only warns about (a review due) does not stop a server."""
    content = guide_copy(tmp_path)
    for page in content.rglob("*.md"):
        page.write_text(re.sub(r"(?m)^reviewed: \S+$", "reviewed: 2001-01-01", page.read_text()))
    warned = subprocess.run(
        [str(SECONDOP), "check-content", str(content)], capture_output=True, text=True, timeout=WAIT, check=False
    )
    assert warned.returncode == 3, warned.stdout
    server = Server(tmp_path / "data", "--guest", app_options=("--content", str(content)))
    server.stop()


@pytest.fixture
def terms() -> Iterator[Terminals]:
    made = Terminals()
    yield made
    made.close()


@pytest.mark.parametrize("start_mode", ["warm", "cold"])
def test_a_bad_guide_at_reload_leaves_the_old_one_served_and_the_log_says_why(
    tmp_path: Path, terms: Terminals, start_mode: str
) -> None:
    content = guide_copy(tmp_path)
    keys = Keys(tmp_path / "keys", [])
    options = ["--guest", "--idle-timeout", "0"] + (["--cold-start"] if start_mode == "cold" else [])
    server = Server(tmp_path / "data", *options, app_options=("--content", str(content)))
    try:
        if start_mode == "warm":
            server.wait_for_log("helper ready")
        break_welcome(content)
        server.process.send_signal(signal.SIGUSR1)
        server.wait_for_log("order 'one' is not a whole number")
        assert f"reload: the guide in {content} has a problem" in server.log, server.log
        assert "the guide read before is still served" in server.log

        # A new person still gets the guide read before, and never a path of the server.
        name = terms.open(keys.ssh(server, "visitor", None, "-tt"))
        screen = terms.wait_for(name, "Welcome", "Second opinion guide")
        assert str(tmp_path) not in screen
        quit_app(terms, name)

        # Fixed, and reloaded: the change is served.
        welcome = content / "01-welcome.md"
        welcome.write_text(
            welcome.read_text()
            .replace("order: one\n", "order: 1\n", 1)
            .replace("This guide can help", "Zebrafinch. This guide can help")
        )
        server.process.send_signal(signal.SIGUSR1)
        server.wait_for_log(f"reload: the guide in {content} has no problems")
        again = terms.open(keys.ssh(server, "visitor", None, "-tt"))
        terms.wait_for(again, "Zebrafinch")
        quit_app(terms, again)
    finally:
        server.stop()
    assert "session end (status 2" not in server.log


@pytest.mark.parametrize("start_mode", ["warm", "cold"])
async def test_web_serves_a_checked_copy_and_a_bad_guide_at_reload_leaves_the_old_one(
    tmp_path: Path, start_mode: str
) -> None:
    pytest.importorskip("textual_serve", reason="needs the web extra")
    from support.web_harness import web_servers
    from support.web_sockets import connect, sockets

    content = guide_copy(tmp_path)
    welcome = content / "01-welcome.md"
    with web_servers(tmp_path) as start_web:
        cold = ["--cold-start"] if start_mode == "cold" else []
        server = start_web("--idle-timeout", "0", "--content", str(content), *cold)
        if start_mode == "warm":
            server.wait_for_log("helper ready")
        assert f"the guide in {content} has no problems" in server.log
        async with sockets(server) as session:
            before = await connect(session, server)
            await before.wait_for("Welcome")
            # An edit in place reaches nobody until a reload, and a bad one is not taken then.
            break_welcome(content)
            welcome.write_text(welcome.read_text().replace("This guide can help", "Zebrafinch. This guide can help"))
            server.process.send_signal(signal.SIGUSR1)
            server.wait_for_log("order 'one' is not a whole number")
            assert "the guide read before is still served" in server.log
            still = await connect(session, server)
            await still.wait_for("Welcome")
            assert "Zebrafinch" not in still.text() and str(tmp_path) not in still.text()
            async with session.get(f"{server.url}read/en/welcome") as page:
                assert "Zebrafinch" not in await page.text()

            # Fixed, and reloaded: new tabs and /read/ get it.
            welcome.write_text(welcome.read_text().replace("order: one\n", "order: 1\n", 1))
            server.process.send_signal(signal.SIGUSR1)
            server.wait_for_log(f"reload: the guide in {content} has no problems")
            after = await connect(session, server)
            await after.wait_for("Zebrafinch")
            async with session.get(f"{server.url}read/en/welcome") as page:
                assert "Zebrafinch" in await page.text()
    assert "session end (app ended" not in server.log and "Traceback" not in server.log
