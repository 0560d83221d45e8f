"""What each doctor said, the rows where they differ, and the worksheet, as one document to take away.

The question card goes in before the visit; these notes come out of it, to read at home or share with the
first doctor.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from datetime import date

from secondop_tui.export import long_date
from secondop_tui.i18n import N_, _
from secondop_tui.sanitize import printable
from secondop_tui.visit.opinions import OPINION_FIELDS, ordinal, side_by_side, used
from secondop_tui.visit.worksheet import SOURCE_ADDRESS, SOURCE_NAME, WORKSHEET_FIELDS

NOTES_TITLE = N_("What the doctors said")
DIFFERS = "!"
WIDTH = 80


def _line(text: str, indent: str = "") -> list[str]:
    """A plain-text line wrapped to a page's 80 columns, its further lines indented under it."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [text]


def _heading(text: str, markdown: bool, level: int = 2) -> list[str]:
    return ["", "#" * level + " " + text, ""] if markdown else ["", text, "-" * len(text)]


def notes_text(
    opinions: Sequence[Mapping[str, str]], worksheet: Mapping[str, str], fmt: str = "txt", today: date | None = None
) -> str:
    """Each opinion's fields, the rows that differ, and the worksheet; fields left empty are left out."""
    markdown = fmt == "md"
    title = _(NOTES_TITLE)
    made = _("Made on {date}").format(date=long_date(today or date.today()))
    lines = [f"# {title}", "", f"{made}."] if markdown else [title, made]
    numbers = used(opinions)
    for number in numbers:
        opinion = opinions[number - 1]
        lines += _heading(ordinal(number), markdown)
        filled = [
            (_(field.label), opinion.get(field.key, ""))
            for field in OPINION_FIELDS
            if opinion.get(field.key, "").strip()
        ]
        if not filled:
            lines.append(_("Nothing written yet."))
        for label, value in filled:
            value = printable(value, single_line=True)
            lines += [f"- **{label}:** {value}"] if markdown else _line(f"{label}: {value}")
    rows = [row for row in side_by_side(opinions) if row.differs]
    if rows:
        lines += _heading(_("Where the opinions differ"), markdown)
        for row in rows:
            lines.append(f"- {row.label}" if markdown else f"{DIFFERS} {row.label}")
            for number in numbers:
                value = printable(row.values[number - 1], single_line=True) or "-"
                lines += [f"  - {ordinal(number)}: {value}"] if markdown else _line(f"{ordinal(number)}: {value}", "  ")
    filled = [
        (_(field.label), worksheet.get(field.key, ""))
        for field in WORKSHEET_FIELDS
        if worksheet.get(field.key, "").strip()
    ]
    if filled:
        lines += _heading(_("Deciding: a worksheet"), markdown)
        for label, value in filled:
            value = printable(value, single_line=True)
            lines += [f"- **{label}:** {value}"] if markdown else _line(f"{label}: {value}")
        lines += ["", f"{_(SOURCE_NAME)}:", SOURCE_ADDRESS]
    return "\n".join(lines) + "\n"
