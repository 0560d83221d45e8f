"""The checklist as a document to print or take to an appointment: ``secondop export``, printing, QR codes."""

from __future__ import annotations

from itertools import groupby

from secondop_tui.checklist import Entry, progress_line, section_title
from secondop_tui.content import Guide
from secondop_tui.marks import TEXT_DONE, TEXT_TODO
from secondop_tui.sanitize import printable

FORMATS = ("md", "txt")


def export_checklist(guide: Guide, entries: list[Entry], fmt: str = "txt") -> str:
    """Render the checklist grouped by section, notes included, ticks as [x] and [ ]."""
    markdown = fmt == "md"
    title = "My second opinion checklist"
    lines = [f"# {title}" if markdown else title, "", progress_line(entries)]
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
                lines.append(f"  - Note: {note}" if markdown else f"    Note: {note}")
    return "\n".join(lines) + "\n"
