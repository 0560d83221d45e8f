"""A guide in several languages: English at the top of a content folder, each other language in a folder named
by its code (``content/es/``). Progress is kept by section and item ids, so every language must have the same
ones: ``secondop check-content`` compares each translation with the English guide and says what is missing where.
"""

from __future__ import annotations

import re
from pathlib import Path

from secondop_tui.content import Guide, Problem, Section
from secondop_tui.i18n import _

LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}$")  # "es", "fr", "hmn": a language code, as gettext names them


def language_folders(directory: Path) -> list[Path]:
    """The translations in a content folder, by their code."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_dir() and LANGUAGE_FOLDER.match(p.name))


def _id_line(section: Section) -> int:
    return section.field_lines.get("id", 2)


def _name(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _unreadable(guide: Guide, name: str) -> bool:
    """Whether the guide's folder has a file of that name that made no section (its own problem says why)."""
    return (guide.directory / name).is_file() and all(section.path.name != name for section in guide.sections)


def language_problems(english: Guide, other: Guide, base: Path) -> list[Problem]:
    """Sections and checklist items that one language has and the other lacks, each tied to a file and line.

    A section whose file in the other language could not be read is not compared: that file's problem is the
    one to fix, and "missing" would send the editor to the wrong file.
    """
    problems: list[Problem] = []
    for section in english.sections:
        mine = other.section(section.id)
        where = f"{_name(section.path, base)}:{_id_line(section)}"
        if mine is None and _unreadable(other, section.path.name):
            continue
        if mine is None:
            problems.append(
                Problem(
                    other.directory,
                    0,
                    _("section {id!r} is missing here (the English one is {where})").format(id=section.id, where=where),
                )
            )
            continue
        their_ids = {item.id for item in mine.items}
        for item in section.items:
            if item.id not in their_ids:
                problems.append(
                    Problem(
                        mine.path,
                        _id_line(mine),
                        _("checklist item {{#{id}}} is missing in this section (the English one is {where})").format(
                            id=item.id, where=f"{_name(section.path, base)}:{item.line}"
                        ),
                    )
                )
        english_ids = {item.id for item in section.items}
        for item in mine.items:
            if item.id not in english_ids:
                problems.append(
                    Problem(
                        mine.path,
                        item.line,
                        _(
                            "checklist item {{#{id}}} is not in the English section {file}: give it the English item's id"
                        ).format(id=item.id, file=_name(section.path, base)),
                    )
                )
    for mine in other.sections:
        if english.section(mine.id) is None and not _unreadable(english, mine.path.name):
            problems.append(
                Problem(mine.path, _id_line(mine), _("section {id!r} is not in the English guide").format(id=mine.id))
            )
    return problems
