"""The installed ``secondop`` in Spanish in a real terminal (tmux at 80x24): UTF-8, and ASCII (LANG=C)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide

from conftest import read_db
from support.tmux_terminal import INSTALLED, TmuxTerminal

pytestmark = pytest.mark.e2e


@pytest.fixture
def opened() -> Iterator[list[TmuxTerminal]]:
    terminals: list[TmuxTerminal] = []
    yield terminals
    for terminal in terminals:
        terminal.close()


def test_lang_es_in_a_real_terminal_ticks_switches_and_keeps_both(
    opened: list[TmuxTerminal], db_path: Path, tmp_path: Path, guide: Guide
) -> None:
    total = len(guide.items)
    terminal = TmuxTerminal([str(INSTALLED), "--lang", "es", "--db", str(db_path)], 80, 24, cwd=tmp_path)
    opened.append(terminal)
    screen = terminal.wait_for("q Salir")
    assert "Guía de segunda opinión — Bienvenida" in screen and "Reúna su expediente 0/12" in screen
    terminal.send("c")
    terminal.wait_for(f"0 de {total} hechos")
    terminal.send("space")
    screen = terminal.wait_for(f"1 de {total} hechos")
    assert "[x] Escriba por qué quiere una segunda opinión" in screen
    terminal.send("L")
    screen = terminal.wait_for(f"1 of {total} done")
    assert "[x] Write down why you want a second opinion" in screen
    terminal.send("q")
    terminal.wait_until_dead()
    assert terminal.exit_status() == 0
    state = read_db(db_path)["meta"]["state"]
    assert state["language"] == "en"


def test_spanish_locale_without_utf8_shows_plain_letters(
    opened: list[TmuxTerminal], db_path: Path, tmp_path: Path
) -> None:
    terminal = TmuxTerminal(
        [str(INSTALLED), "--db", str(db_path)], 80, 24, env={"LANG": "C", "LANGUAGE": "es"}, cwd=tmp_path
    )
    opened.append(terminal)
    screen = terminal.wait_for("q Salir")
    assert "Guia de segunda opinion - Bienvenida" in screen
    assert "Reuna su expediente" in screen and "Donde pedir ayuda" in screen
    assert all(ord(character) < 128 for character in screen)
    terminal.send("q")
    terminal.wait_until_dead()
    assert terminal.exit_status() == 0
