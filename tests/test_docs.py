"""The documents hold together: the README stays short, every link leads to a file and a heading that exist,
the source package carries what they point to, and the CHANGELOG's newest version is the program's."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from secondop_tui import __version__
from secondop_tui.cli import main

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([REPO / "README.md", REPO / "CHANGELOG.md", *(REPO / "docs").rglob("*.md")])
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """A heading's anchor as GitHub and most Markdown viewers make it."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(document: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def links(document: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [target for target in LINK.findall(text) if not target.startswith(("http://", "https://", "mailto:"))]


def test_the_readme_is_short() -> None:
    assert len((REPO / "README.md").read_text(encoding="utf-8").splitlines()) < 200


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_link_leads_to_a_file_and_a_heading(document: Path) -> None:
    broken = []
    for target in links(document):
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no such heading")
    assert not broken, broken


def test_the_source_package_carries_what_the_documents_point_to() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = set(config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"])
    needed = {"README.md", "CHANGELOG.md", "docs", "deploy"}
    for document in DOCUMENTS:
        for target in links(document):
            path = target.partition("#")[0]
            if path:
                needed.add((document.parent / path).resolve().relative_to(REPO).parts[0])
    assert needed <= shipped, needed - shipped


def test_every_example_unit_is_described() -> None:
    units = (REPO / "docs" / "clinics" / "systemd.md").read_text(encoding="utf-8")
    for unit in (REPO / "deploy").glob("*.service"):
        assert f"deploy/{unit.name}" in units


def test_the_changelog_starts_with_this_version() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\d+\.\d+\.\d+)", text, re.MULTILINE)
    assert versions and versions[0] == __version__, versions
    assert "0.1.0" in versions


@pytest.mark.parametrize("command", ["serve", "web"])
def test_each_servers_page_shows_every_option_its_help_has(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    offered = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", capsys.readouterr().out)) - {"--help"}
    page = (REPO / "docs" / "clinics" / f"{command}.md").read_text(encoding="utf-8")
    synopsis = re.search(rf"```\nsecondop {command} (.*?)```", page, re.DOTALL)
    assert synopsis is not None, f"docs/clinics/{command}.md starts with the command's synopsis"
    assert offered == set(re.findall(r"--[a-z][a-z-]+", synopsis.group(1)))


def test_the_units_run_secondop_from_the_documented_virtual_environment() -> None:
    install = (REPO / "docs" / "clinics" / "install-and-upgrade.md").read_text(encoding="utf-8")
    assert "`/opt/secondop/venv`" in install
    for unit in (REPO / "deploy").glob("*.service"):
        (start,) = [line for line in unit.read_text(encoding="utf-8").splitlines() if line.startswith("ExecStart=")]
        assert start.startswith("ExecStart=/opt/secondop/venv/bin/secondop "), unit.name
