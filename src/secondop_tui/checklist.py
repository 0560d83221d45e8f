"""The checklist as the person sees it: rows, section headings and the overall count.

Plain data shared by the store (which makes the rows), the screens and widgets (which show them) and the
exported text (which prints them), so none of them needs to import another.
"""

from __future__ import annotations

from dataclasses import dataclass

from secondop_tui.content import Guide
from secondop_tui.i18n import N_, _

OTHER_SECTION = ""  # where items land whose section has left the guide
OTHER_TITLE = N_("Your own items")


@dataclass(frozen=True)
class Entry:
    """One row of the checklist."""

    id: str
    section_id: str
    text: str
    done: bool
    note: str
    user_added: bool


def section_title(guide: Guide, section_id: str) -> str:
    """The heading a group of rows sits under."""
    section = guide.section(section_id)
    return section.title if section is not None and section_id != OTHER_SECTION else _(OTHER_TITLE)


def progress_line(entries: list[Entry]) -> str:
    done = sum(entry.done for entry in entries)
    return _("{done} of {total} done").format(done=done, total=len(entries))
