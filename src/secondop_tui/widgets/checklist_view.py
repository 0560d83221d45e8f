"""The checklist: items grouped under their section titles, each with its tick and note."""

from __future__ import annotations

from itertools import groupby

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from secondop_tui.checklist import Entry, section_title
from secondop_tui.content import Guide
from secondop_tui.i18n import N_, _
from secondop_tui.marks import TEXT_DONE, TEXT_TODO
from secondop_tui.sanitize import printable
from secondop_tui.textual_compat import option_region
from secondop_tui.widgets.hanging import HangingText
from secondop_tui.widgets.tracked_list import TrackedOptionList

# A click or a tap this many cells into an item's row lands on its tick box ("[ ] "), and ticks it.
TICK_BOX_WIDTH = len(TEXT_TODO) + 1


class ChecklistView(TrackedOptionList):
    class TickTapped(Message):
        """The tick box of ``entry`` was clicked or tapped."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    BINDINGS = [
        Binding("j", "cursor_down", N_("Down"), show=False, tooltip=N_("Move to the next item")),
        Binding("k", "cursor_up", N_("Up"), show=False, tooltip=N_("Move to the previous item")),
    ]

    def __init__(self, guide: Guide, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.guide = guide
        self.entries: dict[str, Entry] = {}

    def show_entries(self, entries: list[Entry], keep: str | None = None) -> None:
        """Replace the list, keeping the highlight on ``keep`` (an item id) or where it was."""
        index = self.highlighted
        self.entries = {entry.id: entry for entry in entries}
        options: list[Option] = []
        for section_id, group in groupby(entries, key=lambda entry: entry.section_id):
            options.append(Option(section_title(self.guide, section_id), disabled=True))
            options.extend(self._option(entry) for entry in group)
        self.set_options(options)
        if keep is not None and keep in self.entries:
            self.highlighted = self.get_option_index(keep)
        elif index is not None and options:
            self._highlight_near(min(index, len(options) - 1))
        elif options:
            self._highlight_near(0)

    def _highlight_near(self, index: int) -> None:
        """Highlight the item at ``index`` or the next one after it (headings can't be highlighted)."""
        for candidate in [*range(index, self.option_count), *range(index - 1, -1, -1)]:
            if not self.get_option_at_index(candidate).disabled:
                self.highlighted = candidate
                return

    @staticmethod
    def _option(entry: Entry) -> Option:
        """An item's row: its box and words, then its note, each wrapped under its own words."""
        mark = TEXT_DONE if entry.done else TEXT_TODO
        paragraphs = [(f"{mark} ", Content(printable(entry.text, single_line=True)))]
        if entry.note:
            # The words before the note ("Note: ") lead it, so that its wrapped lines start under the note itself.
            lead, _marker, tail = _("Note: {note}").format(note="\0").partition("\0")
            note = printable(entry.note, single_line=True) + tail
            paragraphs.append((" " * TICK_BOX_WIDTH + lead, Content(note)))
        return Option(HangingText(paragraphs), id=entry.id)

    def on_click(self, event: events.Click) -> None:
        # OptionList has already highlighted the row; a click on its box (on its first line) also ticks it.
        index = event.style.meta.get("option")
        offset = event.get_content_offset(self)
        if index is None or offset is None or offset.x >= TICK_BOX_WIDTH:
            return
        region = option_region(self, index)
        if region is None or offset.y != region.y:
            return
        option = self.get_option_at_index(index)
        entry = self.entries.get(option.id) if option.id else None
        if entry is not None:
            self.post_message(self.TickTapped(entry))

    @property
    def current(self) -> Entry | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.entries.get(option.id) if option.id else None
