"""Search the guide's text; enter opens the section a result is in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from secondop_tui.content import Guide
from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _
from secondop_tui.plaintext import section_text
from secondop_tui.widgets.footer import CompactFooter
from secondop_tui.widgets.tracked_list import TrackedOptionList

SNIPPET = 60


class SearchScreen(Dialog[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Back"), show=False),
        # Letters go into the search box, so the key for back that is not escape is ctrl+g.
        Binding("ctrl+g", "cancel", N_("Back")),
        Binding("down", "results", N_("Results"), show=False),
    ]

    def __init__(self, guide: Guide) -> None:
        super().__init__()
        self.guide = guide
        # Flattened once per search screen: a few kilobytes for the whole guide.
        self.texts = {s.id: " ".join(section_text(s, guide).split()) for s in guide.sections}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search"):
            yield Label(_("Search the guide"), classes="dialog-text")
            yield Input(placeholder=_("Type a word, like records or insurance"))
            yield TrackedOptionList(markup=False)
            yield Label(_("Down arrow moves to the results. Enter opens one. Escape or ctrl+g goes back."),
                        classes="dialog-hint")
        yield CompactFooter()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(OptionList).set_options(self.matches(event.value))

    def matches(self, query: str) -> list[Option]:
        needle = " ".join(query.lower().split())
        if not needle:
            return []
        found: list[Option] = []
        for section in self.guide.sections:
            text = self.texts[section.id]
            at = text.lower().find(needle)
            if at < 0:
                continue
            start = max(0, at - SNIPPET // 3)
            snippet = text[start : start + SNIPPET]
            found.append(Option(f"{section.title}\n  ...{snippet}...", id=section.id))
        return found or [Option(_("No matches. Try a shorter word."), disabled=True)]

    def on_input_submitted(self) -> None:
        self.action_results()

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count and not results.get_option_at_index(0).disabled:
            results.focus()
            results.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
