"""Search the guide's text (``guide_search``); enter opens the section a result is in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from secondop_tui.content import Guide
from secondop_tui.dialogs.answers import Dialog
from secondop_tui.guide_search import Hit, search
from secondop_tui.i18n import N_, _
from secondop_tui.sanitize import printable
from secondop_tui.widgets.footer import CompactFooter
from secondop_tui.widgets.tracked_list import TrackedOptionList

LONGEST_QUERY = 100  # characters: words enough for any search, and a paste cannot make one slow
QUOTED = 40  # characters of the query repeated in "nothing matches"


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

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search"):
            yield Label(_("Search the guide"), classes="dialog-text")
            yield Input(placeholder=_("Type a word, like records or insurance"), max_length=LONGEST_QUERY)
            yield TrackedOptionList(markup=False)
            yield Label(
                _("Down arrow moves to the results. Enter opens one. Escape or ctrl+g goes back."),
                classes="dialog-hint",
            )
        yield CompactFooter()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(OptionList).set_options(self.matches(event.value))

    def matches(self, query: str) -> list[Option]:
        words = query.split()
        if not words:
            return []
        hits = search(self.guide, query)
        if hits:
            return [Option(self.prompt(hit), id=hit.section.id) for hit in hits]
        if len(words) > 1 and any(search(self.guide, word) for word in words):
            message = _("No section has all of these words. Try fewer of them, or one on its own.")
        else:
            shown = printable(" ".join(words), single_line=True)
            shown = shown if len(shown) <= QUOTED else shown[:QUOTED] + "..."
            message = _(
                'Nothing in the guide matches "{query}". It is about getting a second opinion, not about '
                "treatments. Try another word, such as doctor, records or insurance, or press escape to "
                "browse the sections."
            ).format(query=shown)
        return [Option(message, disabled=True)]

    @staticmethod
    def prompt(hit: Hit) -> Content:
        """The section's title, and under it the snippet with the words found underlined."""
        first = f"{hit.section.title}\n  "
        prompt = Content(first + hit.snippet)
        for start, end in hit.marks:
            prompt = prompt.stylize("underline", len(first) + start, len(first) + end)
        return prompt

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
