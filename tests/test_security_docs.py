"""The clinics' security page tells the truth: each limit's documented default is the program's.

Options are compared with what the command-line parser (or, for a kiosk, its settings) gives when nothing is
said; fixed limits with the constant the page names, in the module it names.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from secondop_tui.cli import build_parser
from secondop_tui.kiosk.options import KioskOptions, resolve_kiosk_options

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "clinics" / "security.md"

UNITS = {"": 1, "s": 1, "KiB": 1024, "MiB": 1024 * 1024, "characters": 1}
# What each section's parser is asked for, so that its defaults come back; serve needs a way in to start.
COMMANDS = {"`secondop serve`": ["serve", "--guest"], "`secondop web`": ["web"]}


def table_rows(text: str) -> list[tuple[str, str, str, str]]:
    """(section, limit, default, how to change it) for each row of each section's table."""
    rows, section = [], ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("| ") and not line.startswith("| Limit ") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            assert len(cells) == 3, f"a row of three cells: {line}"
            rows.append((section, *cells))
    return rows


ROWS = table_rows(PAGE.read_text(encoding="utf-8"))


def number(default: str) -> float | None:
    """``1800 s`` as 1800, ``64 KiB`` as 65536; None for a default that is not a number."""
    found = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?: (s|KiB|MiB|characters))?", default)
    if found is None:
        return None
    return float(found.group(1).replace(",", "")) * UNITS[found.group(2) or ""]


def option(how: str) -> str | None:
    found = re.match(r"`(--[a-z-]+)`", how)
    return found.group(1) if found else None


def constant(how: str) -> tuple[str, str] | None:
    found = re.fullmatch(r"fixed: `([A-Z_]+)` in `([a-z_/]+)\.py`", how)
    return (found.group(1), found.group(2)) if found else None


def test_the_page_has_every_front_and_its_limits() -> None:
    sections = {section for section, *_ in ROWS}
    assert {"`secondop serve`", "`secondop web`", "Kiosk", "Printing (`serve` and a kiosk)"} <= sections
    for section in sections:
        assert [row for row in ROWS if row[0] == section], section
    for section, limit, default, how in ROWS:
        assert how.startswith(("`", "fixed", "see ")), f"{section}: {limit}: say how to change it or that it is fixed"


@pytest.mark.parametrize("section", sorted(COMMANDS))
def test_each_option_default_is_the_parsers(section: str) -> None:
    args = vars(build_parser().parse_args(COMMANDS[section]))
    checked = 0
    for where, limit, default, how in ROWS:
        name = option(how)
        if where != section or name is None or name == "--public-url":
            continue
        given = args[name[2:].replace("-", "_")]
        expected = number(default)
        assert (given == expected) if expected is not None else (str(given) == default), (
            f"{section} {name}: the page says {default}, the program {given}"
        )
        checked += 1
    assert checked >= 4, f"{section}: its options are in its table"


def test_the_kiosk_defaults_are_its_settings() -> None:
    resolved = resolve_kiosk_options({}, {})
    assert resolved == KioskOptions()
    checked = 0
    for where, limit, default, how in ROWS:
        if where != "Kiosk":
            continue
        # The setting's name in a --config file is also the field's name.
        setting = re.search(r"`([a-z_]+)` in the `--config` file", how)
        if setting is None or number(default) is None:
            continue
        assert getattr(resolved, setting.group(1)) == number(default), f"kiosk {setting.group(1)}: {default}"
        checked += 1
    assert checked == 2  # idle_reset and countdown


def test_each_fixed_limit_is_the_constant_it_names() -> None:
    checked = 0
    for section, limit, default, how in ROWS:
        named = constant(how)
        if named is None:
            continue
        name, module = named
        value = getattr(importlib.import_module("secondop_tui." + module.replace("/", ".")), name)
        assert number(default) == value, f"{section}: {limit}: the page says {default}, {module}.py {name} = {value}"
        checked += 1
    assert checked >= 25


def test_the_fixed_limits_in_prose_match_the_tables() -> None:
    """The paragraphs under the tables repeat a few figures; a constant that moves must move them too."""
    from secondop_tui.take_away.printer import PER_SESSION, SERVER_MOST, SERVER_WINDOW

    text = " ".join(PAGE.read_text(encoding="utf-8").split())  # lines wrap anywhere
    assert f"at most {PER_SESSION} per session, and at most {SERVER_MOST} in any {SERVER_WINDOW / 60:g} minutes" in text
