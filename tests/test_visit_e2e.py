"""The visit in the installed app, in a real terminal (tmux): fill a card, quit, start again, and print it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from secondop_tui.content import load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.visit.bank import bank

from conftest import read_db, run_secondop
from support.tmux_terminal import INSTALLED, TmuxTerminal

pytestmark = pytest.mark.e2e

OWN = "Can I drive myself home?"
ANSWER = "Bring a driver the first time"


def wait_for_file(path: Path, text: str, terminal: TmuxTerminal, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while not (path.exists() and text in path.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, f"{path} never held {text!r}; the screen shows:\n{terminal.screen()}"
        time.sleep(0.1)
    return path.read_text(encoding="utf-8")


def test_a_card_filled_in_survives_a_restart_and_prints(tmp_path: Path) -> None:
    db = tmp_path / "progress.json"
    printer = tmp_path / "fake-lp"
    printer.write_text('#!/bin/sh\ncat > "$1"\n', encoding="utf-8")
    printer.chmod(0o700)
    printed = tmp_path / "printed.txt"
    first_question = bank(load_guide(default_content_dir()))[0].text

    terminal = TmuxTerminal([str(INSTALLED), "--db", str(db)], 80, 24, cwd=tmp_path)
    try:
        terminal.wait_for("Quit")
        terminal.send("v")
        terminal.wait_for("On your card (0)")
        terminal.send("space")
        terminal.wait_for("On your card (1)")
        terminal.send("a")
        terminal.wait_for("Your own question")
        terminal.send("-l", OWN)
        terminal.send("Enter")
        terminal.wait_for("On your card (2)")
        terminal.send("w")
        terminal.wait_for("Answer:")
        terminal.send("-l", ANSWER)
        terminal.send("Enter")
        terminal.wait_for(ANSWER)
        terminal.send("q")  # quit from the visit: every change is saved already
        terminal.wait_until_dead()
    finally:
        terminal.close()
    assert ANSWER in str(read_db(db)["visit_questions"])

    terminal = TmuxTerminal(
        [str(INSTALLED), "--db", str(db), "--print-command", f"{printer} {printed}"], 80, 24, cwd=tmp_path
    )
    try:
        terminal.wait_for("Quit")
        terminal.send("v")
        terminal.wait_for(ANSWER)  # the card as it was left
        terminal.send("t")
        terminal.wait_for("Take your question card with you")
        terminal.send("p")
        card = wait_for_file(printed, ANSWER, terminal)
        terminal.wait_for("Printed")
        terminal.send("C-q")
        terminal.wait_until_dead()
    finally:
        terminal.close()
    assert card.startswith("My questions for the doctor")
    assert card.index(f"1. {first_question}") < card.index(f"2. {OWN}") < card.index(ANSWER)
    # The same card from the command line.
    exported = run_secondop("export", "--card", "--db", str(db))
    assert exported.returncode == 0 and exported.stdout == card
