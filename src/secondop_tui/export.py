"""The checklist as a document to print or take to an appointment: ``secondop export``."""

from __future__ import annotations

from itertools import groupby

from secondop_tui.content import Guide
from secondop_tui.sanitize import printable
from secondop_tui.store import OTHER_SECTION, Entry

FORMATS = ("md", "txt")
OTHER_TITLE = "Your own items"


def section_title(guide: Guide, section_id: str) -> str:
    section = guide.section(section_id)
    return section.title if section is not None and section_id != OTHER_SECTION else OTHER_TITLE


def progress_line(entries: list[Entry]) -> str:
    done = sum(entry.done for entry in entries)
    return f"{done} of {len(entries)} done"


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
            mark = "[x]" if entry.done else "[ ]"
            text = printable(entry.text, single_line=True)
            lines.append(f"- {mark} {text}" if markdown else f"{mark} {text}")
            if entry.note:
                note = printable(entry.note, single_line=True)
                lines.append(f"  - Note: {note}" if markdown else f"    Note: {note}")
    return "\n".join(lines) + "\n"
