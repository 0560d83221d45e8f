"""The checklist as a document to print or take to an appointment: ``secondop export``, printing, QR codes."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from secondop_tui.checklist import Entry, progress_line, section_title
from secondop_tui.content import Guide
from secondop_tui.i18n import N_, _
from secondop_tui.marks import TEXT_DONE, TEXT_TODO
from secondop_tui.sanitize import printable

if TYPE_CHECKING:  # only named here: the tracker's modules load when requests are shown
    from secondop_tui.tracker.board import Tracked

FORMATS = ("md", "txt")
TITLE = N_("My second opinion checklist")
# Month names spelled out, in the language in use (not the locale's): "3/4/2026" reads as two different days.
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def long_date(day: date) -> str:
    return _("{day} {month} {year}").format(day=day.day, month=_(MONTHS[day.month - 1]), year=day.year)


def export_checklist(
    guide: Guide, entries: list[Entry], fmt: str = "txt", today: date | None = None, tracked: Tracked | None = None
) -> str:
    """Render the checklist grouped by section, notes included, ticks as [x] and [ ], with the date; then the
    requests on a clock, with where each stands on that date."""
    markdown = fmt == "md"
    today = today or date.today()
    made = _("Made on {date}").format(date=long_date(today))
    title = _(TITLE)
    if markdown:
        lines = [f"# {title}", "", f"{made}.", "", progress_line(entries)]
    else:
        lines = [title, made, progress_line(entries)]
    for section_id, group in groupby(entries, key=lambda entry: entry.section_id):
        heading = section_title(guide, section_id)
        lines += ["", f"## {heading}" if markdown else heading]
        lines += [] if markdown else ["-" * len(heading)]
        if markdown:
            lines.append("")
        for entry in group:
            mark = TEXT_DONE if entry.done else TEXT_TODO
            text = printable(entry.text, single_line=True)
            lines.append(f"- {mark} {text}" if markdown else f"{mark} {text}")
            if entry.note:
                note = printable(entry.note, single_line=True)
                label = _("Note: {note}").format(note=note)
                lines.append(f"  - {label}" if markdown else f"    {label}")
    requests = tracked.text(today, markdown) if tracked else ""
    if requests:
        lines += ["", printable(requests)]
    return "\n".join(lines) + "\n"
