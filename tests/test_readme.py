"""The README's promises: the two set-up commands, CI running the same tests, and every key listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.locations import DB_ENV, default_db_path
from secondop_tui.screens.help import key_groups

from conftest import make_app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None and README.index(block.group(0)) < README.index("\n## "), "commands come first"
    return block.group(1).strip().splitlines()


def test_first_section_gives_exactly_two_commands() -> None:
    install, test = setup_commands()
    assert install.endswith("pip install . && .venv/bin/secondop")
    assert test.rpartition(" && ")[2].startswith(".venv/bin/python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    """CI makes the same venv and runs the same pytest command, in the same order; its gates (lint, types) may
    come in between."""
    _, test = setup_commands()
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [part.strip() for line in script.splitlines() if not line.startswith("#") for part in line.split(" && ")]
    steps = [commands.index(step) for step in test.split(" && ")]  # ValueError: a step CI does not run
    assert steps == sorted(steps)


def test_every_key_in_the_help_screen_is_in_the_readme(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    missing = [
        (group, key)
        for group, rows in key_groups(app.BINDINGS)
        for keys, _ in rows
        for key in keys.split(", ")
        if f"`{key}`" not in README
    ]
    assert not missing, f"keys missing from the README: {missing}"


def test_the_readme_says_where_your_progress_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The file the app really uses, as Linux names it, and the two ways to choose another."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv(DB_ENV, raising=False)
    where = default_db_path().relative_to(tmp_path)
    data = README[README.index("\n## Your data\n") :]
    assert f"`~/{where.as_posix()}`" in data
    assert f"`{DB_ENV}`" in data and "`--db PATH`" in data
