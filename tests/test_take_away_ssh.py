"""Taking the checklist away over SSH: the real server, the real OpenSSH client, a real terminal (tmux).

The copy travels as an OSC 52 sequence from the app on the server, through the SSH connection, to the
person's terminal; tmux with ``set-clipboard on`` takes it into its own paste buffer, where the test reads it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.take_away.printer import PER_SESSION, SERVER_MOST

from support.serve_harness import NEEDS_OPENSSH, WAIT, Keys, Server, Terminals, open_checklist, quit_app

pytestmark = [pytest.mark.e2e, NEEDS_OPENSSH]


@pytest.fixture
def printed(tmp_path: Path) -> Path:
    return tmp_path / "printed.txt"


@pytest.fixture
def server(tmp_path: Path, printed: Path) -> Iterator[Server]:
    printer = tmp_path / "fake-lp"
    printer.write_text('#!/bin/sh\ncat > "$1"\n', encoding="utf-8")
    printer.chmod(0o700)
    running = Server(tmp_path / "data", "--guest", "--print-command", f"{printer} {printed}")
    yield running
    running.stop()


@pytest.fixture
def terms() -> Iterator[Terminals]:
    made = Terminals()
    yield made
    made.close()


def test_a_guest_copies_and_prints_the_checklist_without_a_shell(
    server: Server, terms: Terminals, tmp_path: Path, printed: Path, guide: Guide
) -> None:
    keys = Keys(tmp_path / "keys", [])
    name = terms.open(keys.ssh(server, "visitor", None, "-tt"))
    terms.tmux("set-option", "-g", "set-clipboard", "on")  # the person's terminal accepts a program's copy
    open_checklist(terms, name)
    terms.keys(name, "Space")
    terms.wait_for(name, "[x]", "1 of")
    terms.keys(name, "t")
    screen = terms.wait_for(name, "Take your checklist with you")
    assert "Copy it" in screen and "Print it" in screen
    assert "Save it" not in screen  # a file would land on the server, not with the person

    terms.keys(name, "c")
    terms.wait_for(name, "Copied")
    copied = terms.tmux("show-buffer")
    ticked = guide.items[0].text
    assert copied.startswith("My second opinion checklist\nMade on ")
    assert f"[x] {ticked}" in copied and f"1 of {len(guide.items)} done" in copied

    terms.keys(name, "p")
    terms.wait_for(name, "Printed", "Your checklist", absent="Take your checklist")  # and back to the checklist
    assert f"[x] {ticked}" in printed.read_text(encoding="utf-8")
    quit_app(terms, name)
    assert ticked not in server.log  # nothing of the list reaches the server's log


# -- strangers and one printer ---------------------------------------------------------------------

JOB_END = "---PRINTJOB---"


@pytest.fixture(params=["warm", "cold"])
def counted(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    """A guest server whose printer adds each job to a file, as ``lp`` would queue it. Its apps are forked by
    the warm helper, or (``cold``) each started as a new process: the server knows them apart either way."""
    jobs = tmp_path / "jobs.txt"
    printer = tmp_path / "counting-lp"
    printer.write_text(f'#!/bin/sh\ncat >> "$1"\necho {JOB_END} >> "$1"\n', encoding="utf-8")
    printer.chmod(0o700)
    cold = ["--cold-start"] if request.param == "cold" else []
    running = Server(tmp_path / "data", "--guest", *cold, "--print-command", f"{printer} {jobs}")
    yield running, jobs
    running.stop()


def jobs_in(path: Path) -> int:
    return path.read_text(encoding="utf-8").count(JOB_END) if path.exists() else 0


def job_lines(server: Server) -> list[tuple[str, str]]:
    """The label and number of each print job in the server's log."""
    return re.findall(r"(#\d+) print job (\d+) of at most", server.log)


def settle(terms: Terminals, name: str, jobs: Path, quiet: float = 3.0) -> str:
    """The screen once neither it nor the jobs file has changed for ``quiet`` seconds: the keys are handled.
    A machine too busy to draw for that long could end the wait early, which can only make a test pass that
    should fail, never the other way."""
    deadline = time.monotonic() + 4 * WAIT
    last, since = ("", -1), time.monotonic()
    while True:
        now = (terms.screen(name), jobs_in(jobs))
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return now[0]
        assert time.monotonic() < deadline, f"the app never settled; the screen shows:\n{now[0]}"
        time.sleep(0.2)


def test_a_guest_holding_p_prints_once(counted: tuple[Server, Path], terms: Terminals, tmp_path: Path) -> None:
    server, jobs = counted
    name = terms.open(Keys(tmp_path / "keys", []).ssh(server, "visitor", None, "-tt"))
    open_checklist(terms, name)
    terms.keys(name, "t")
    terms.wait_for(name, "Print it")
    for _ in range(60):  # a held key, which the terminal repeats (the spacing is the input's, not a deadline)
        terms.keys(name, "p")
        time.sleep(0.05)
    settle(terms, name, jobs)
    assert jobs_in(jobs) == 1
    assert len(job_lines(server)) == 1  # one line in the server's log for the job, with the session's label


def test_a_few_print_outs_per_guest_and_for_the_whole_server(
    counted: tuple[Server, Path], terms: Terminals, tmp_path: Path
) -> None:
    """Each session's app is a process of its own; the server counts for all of them."""
    server, jobs = counted
    keys = Keys(tmp_path / "keys", [])
    first, second = (terms.open(keys.ssh(server, "visitor", None, "-tt")) for _ in range(2))

    def print_once(name: str, again: bool) -> None:
        terms.keys(name, "t")
        terms.wait_for(name, "Print it")
        terms.keys(name, "p")
        if again:  # an unchanged checklist: printing another copy is a choice made with the arrows and Enter
            terms.wait_for(name, "Print another copy")
            terms.keys(name, "Down", "Enter")
        terms.wait_for(name, "Your checklist", absent="Print another copy")

    for name in (first, second):
        open_checklist(terms, name)
    for count in range(1, PER_SESSION + 1):
        print_once(first, again=count > 1)
        terms.wait_for(first, "Printed")
    print_once(first, again=True)
    terms.wait_for(first, "the most print-outs one")
    assert jobs_in(jobs) == PER_SESSION
    for count in range(PER_SESSION + 1, SERVER_MOST + 1):
        print_once(second, again=count > PER_SESSION + 1)
        terms.wait_for(second, "Printed")
    print_once(second, again=True)
    terms.wait_for(second, "many print-outs in the")
    assert jobs_in(jobs) == SERVER_MOST
    lines = job_lines(server)
    assert len(lines) == SERVER_MOST
    assert len({label for label, _ in lines}) == 2 and [number for _, number in lines] == ["1", "2", "3", "1", "2"]
    assert "visitor" not in "".join(line for line in server.lines if "print job" in line)  # the label alone
