"""The sidebar: guide sections in order, with a mark for those already read and checklist counts."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets.option_list import Option

from secondop_tui.content import Guide
from secondop_tui.i18n import N_
from secondop_tui.widgets.tracked_list import TrackedOptionList


class SectionList(TrackedOptionList):
    BINDINGS = [
        Binding("j", "cursor_down", N_("Down"), show=False, tooltip=N_("Move down the list, or scroll the text down")),
        Binding("k", "cursor_up", N_("Up"), show=False, tooltip=N_("Move up the list, or scroll the text up")),
        Binding("enter", "select", N_("Open"), show=False, tooltip=N_("Open the highlighted section")),
    ]

    def __init__(self, guide: Guide, read_mark: str, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.guide = guide
        self.read_mark = read_mark

    def refresh_marks(self, read: set[str], counts: dict[str, tuple[int, int]], pressing: str | None = None) -> None:
        """Redraw every label: read mark, title, and "done/total" for sections with items; then, after the
        sections (so their places in the list stay theirs), what is late among the requests."""
        highlighted = self.highlighted
        options = [self._option(section.id, read, counts) for section in self.guide.sections]
        if pressing:
            options += [Option("", disabled=True), Option(f"! {pressing}", id=None, disabled=True)]
        self.set_options(options)
        self.highlighted = highlighted

    def _option(self, section_id: str, read: set[str], counts: dict[str, tuple[int, int]]) -> Option:
        section = self.guide.section(section_id)
        assert section is not None
        mark = self.read_mark if section_id in read else " "
        label = f"{mark} {section.title}"
        done, total = counts.get(section_id, (0, 0))
        if total:
            label += f" {done}/{total}"
        return Option(label, id=section_id)

    def highlight_section(self, section_id: str) -> None:
        self.highlighted = self.guide.index_of(section_id)
