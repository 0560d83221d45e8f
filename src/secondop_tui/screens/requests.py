"""Requests on a clock: the records a person asked for and the insurance calls and answers, each with its date
due, the most pressing first, and for the highlighted one what to do next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.data.tracker_store import CALLS, REQUESTS, TrackerFull
from secondop_tui.dialogs.answers import ask
from secondop_tui.dialogs.confirm import ConfirmDialog
from secondop_tui.dialogs.date_prompt import DatePrompt
from secondop_tui.dialogs.pick import PickDialog
from secondop_tui.dialogs.text_prompt import TextPrompt
from secondop_tui.i18n import N_, _
from secondop_tui.sanitize import printable
from secondop_tui.screens.localized import LocalizedScreen
from secondop_tui.screens.requests_keys import REQUESTS_BINDINGS
from secondop_tui.screens.saving import reported
from secondop_tui.themes import use_ascii_scrollbars
from secondop_tui.tracker.board import Row, board, pressing_line
from secondop_tui.tracker.clock import Clock
from secondop_tui.tracker.dates import spoken
from secondop_tui.tracker.model import (
    CALL,
    CALL_KINDS,
    DENIAL,
    HOW_ASKED,
    OWN_WORDS,
    RECORD_KINDS,
    InsuranceEvent,
    RecordRequest,
)
from secondop_tui.widgets.footer import FittingFooter
from secondop_tui.widgets.hanging import HangingText
from secondop_tui.widgets.tracked_list import TrackedOptionList

MAX_UNDO = 20


class RequestsScreen(LocalizedScreen[None]):
    BINDINGS = REQUESTS_BINDINGS

    def __init__(self, guide: Guide, store: ProgressStore, today: Clock) -> None:
        super().__init__()
        self.guide = guide
        self.store = store
        self.today = today
        self.rows: dict[str, Row] = {}
        # Deletes u can undo, the last one last: (table, id, what it held). Kept in memory only.
        self.undo: list[tuple[str, str, dict[str, Any]]] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="tracker-summary", markup=False)
        yield TrackedOptionList(id="tracker-list", markup=False)
        with VerticalScroll(id="tracker-detail-box", can_focus=False):
            yield Static(id="tracker-detail", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        use_ascii_scrollbars(self.query_one("#tracker-detail-box", VerticalScroll))
        self.sub_title = _("Requests on a clock")
        self.reload()

    @property
    def options(self) -> OptionList:
        return self.query_one("#tracker-list", OptionList)

    # -- what is shown ---------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        self.change(lambda: None, keep)

    def change(self, make: Callable[[], object], keep: str | None = None) -> None:
        """Make a change and show the lists as they are now, in one action on the file; a problem is one line."""
        with reported(self), self.store.action():
            try:
                made = make()
            except TrackerFull as error:
                self.notify(str(error), timeout=8, markup=False)
                made = None
            keep = made if isinstance(made, str) else keep
            self.show(self.store.tracker.requests(), self.store.tracker.events(), keep)
        self.options.focus()

    def show(self, requests: list[RecordRequest], events: list[InsuranceEvent], keep: str | None) -> None:
        today = self.today()
        request_rows, event_rows = board(requests, events, today)
        self.rows = {row.entry.id: row for row in (*request_rows, *event_rows)}
        options: list[Option] = [Option(_("Records you asked for"), disabled=True)]
        options += [self.option(row) for row in request_rows]
        if not request_rows:
            options.append(Option("  " + _("None yet. Press a to add one."), disabled=True))
        options.append(Option(_("Insurance calls and appeals"), disabled=True))
        options += [self.option(row) for row in event_rows]
        if not event_rows:
            options.append(Option("  " + _("None yet. Press i to add one."), disabled=True))
        keep = keep or self.current_id
        listing = self.options
        listing.set_options(options)
        ids = [option.id for option in options]
        if keep is not None and keep in self.rows:
            listing.highlighted = ids.index(keep)
        elif self.rows:
            listing.highlighted = next(i for i, option in enumerate(options) if not option.disabled)
        line = pressing_line(requests, events, today) or _("Nothing is late.")
        self.query_one("#tracker-summary", Static).update(
            _("Today is {date}. {line}").format(date=spoken(today), line=line)
        )
        self.show_detail()

    @staticmethod
    def option(row: Row) -> Option:
        # Wrapped by HangingText, as the checklist's rows are: far quicker for hundreds of rows than Textual's own.
        return Option(HangingText([("", Content(printable(row.label(), single_line=True)))]), id=row.entry.id)

    @property
    def current_id(self) -> str | None:
        listing = self.options
        if listing.highlighted is None or not listing.option_count:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return option.id if option.id in self.rows else None

    @property
    def current(self) -> Row | None:
        found = self.current_id
        return self.rows.get(found) if found else None

    def show_detail(self) -> None:
        row = self.current
        if row is None:
            text = _("Press a to add a record you asked for, or i for an insurance call or answer.")
        else:
            # What to do next first: on a small screen it is what shows without scrolling.
            lines = [row.label(), "", _("Next step:"), row.step(self.today()), "", *row.details()]
            if isinstance(row.entry, RecordRequest) and row.entry.item:
                step = next((item.text for item in self.guide.items if item.id == row.entry.item), "")
                if step:
                    lines.append(_("Checklist step: {step} (ticked when it comes)").format(step=step))
            text = "\n".join(printable(line) for line in lines)
        self.query_one("#tracker-detail", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    def action_page(self, delta: int) -> None:
        box = self.query_one("#tracker-detail-box", VerticalScroll)
        box.scroll_page_down() if delta > 0 else box.scroll_page_up()

    def action_cursor(self, delta: int) -> None:
        self.options.action_cursor_down() if delta > 0 else self.options.action_cursor_up()

    # -- adding ----------------------------------------------------------------------------------

    def action_add_request(self) -> None:
        """What, then from whom, how and when; it is saved at the first answer, so escape later keeps it."""
        choices = [(key, _(words)) for key, (words, _step) in RECORD_KINDS.items()]
        choices.append((OWN_WORDS, _("Something else (in your own words)")))

        def picked(what: str | None) -> None:
            if what is None:
                self.options.focus()
                return
            step = RECORD_KINDS.get(what, ("", None))[1]
            fields = {"what": what, "item": step if step and any(i.id == step for i in self.guide.items) else ""}
            made: list[str] = []

            def add() -> str:
                made.append(self.store.tracker.add(REQUESTS, fields))
                return made[0]

            self.change(add)
            if made:
                self.ask_next(
                    made[0], ["words", "office", "how", "asked"] if what == OWN_WORDS else ["office", "how", "asked"]
                )

        ask(self, PickDialog(_("What did you ask for (or will you)?"), choices), picked)

    def action_add_event(self) -> None:
        choices = [(key, _(words)) for key, words in CALL_KINDS.items()]

        def picked(kind: str | None) -> None:
            if kind is None:
                self.options.focus()
                return
            made: list[str] = []

            def add() -> str:
                made.append(self.store.tracker.add(CALLS, {"kind": kind}))
                return made[0]

            self.change(add)
            if made:
                self.ask_next(made[0], ["on", "who", "reference", "said"])

        ask(self, PickDialog(_("What do you want to write down?"), choices), picked)

    def ask_next(self, entry_id: str, fields: list[str]) -> None:
        """Ask for each field in turn; escape stops there, keeping what was answered."""
        if fields:
            self.edit_field(entry_id, fields[0], then=lambda: self.ask_next(entry_id, fields[1:]))

    # -- changing one field ----------------------------------------------------------------------

    def field_names(self, row: Row) -> list[tuple[str, str]]:
        if isinstance(row.entry, RecordRequest):
            return [
                ("what", _("What it is")),
                ("office", _("From whom")),
                ("how", _("How you asked")),
                ("asked", _("Date asked")),
                ("extended", _("Extended in writing (30 more days)")),
                ("received", _("Date received")),
                ("sent", _("Date sent to the second doctor")),
                ("note", _("Note")),
            ]
        names = [
            ("on", _("Date")),
            ("who", _("Who you spoke to")),
            ("reference", _("Reference number")),
            ("said", _("What they said") if row.entry.kind == CALL else _("The reason they gave")),
        ]
        if row.entry.kind != CALL:
            names.append(
                (
                    "appealed",
                    _("Date you sent the appeal")
                    if row.entry.kind == DENIAL
                    else _("Date you asked for an external review"),
                )
            )
        return [*names, ("note", _("Note"))]

    def action_edit(self) -> None:
        if (row := self.current) is None:
            return

        def picked(field: str | None) -> None:
            if field is None:
                self.options.focus()
            else:
                self.edit_field(row.entry.id, field)

        ask(self, PickDialog(_("What do you want to change?"), self.field_names(row)), picked)

    def edit_field(self, entry_id: str, field: str, then: Callable[[], None] | None = None) -> None:
        """Ask for one field's new value and save it; ``then`` runs after a saved answer."""
        row = self.rows.get(entry_id)
        if row is None:
            return
        entry = row.entry
        table = REQUESTS if isinstance(entry, RecordRequest) else CALLS

        def save(value: object) -> None:
            if field == "received" and isinstance(entry, RecordRequest):
                self.change(lambda: self.store.tracker.receive(entry, {field: value}), keep=entry_id)
                if value and entry.item:
                    self.notify(_("Received. Its checklist step is ticked."), timeout=4)
            else:
                self.change(lambda: self.store.tracker.change(table, entry_id, {field: value}), keep=entry_id)
            if then is not None:
                then()

        def answered(value: str | None) -> None:
            if value is None:
                self.options.focus()  # cancelled: nothing changes, and any questions after this one are skipped
            elif field == "what" and value == OWN_WORDS:
                # Its own words from now on, and no longer the guide's step for the kind it was.
                self.change(
                    lambda: self.store.tracker.change(table, entry_id, {"what": OWN_WORDS, "item": ""}), keep=entry_id
                )
                self.edit_field(entry_id, "words", then)
            elif field == "what":
                step = RECORD_KINDS[value][1]
                linked = step if step and any(item.id == step for item in self.guide.items) else ""
                self.change(
                    lambda: self.store.tracker.change(table, entry_id, {"what": value, "words": "", "item": linked}),
                    keep=entry_id,
                )
                if then is not None:
                    then()
            else:
                save(value)

        if field == "extended":
            self.toggle_extension(row)
        elif field == "what":
            assert isinstance(entry, RecordRequest)
            choices = [(key, _(words)) for key, (words, _step) in RECORD_KINDS.items()]
            choices.append((OWN_WORDS, _("Something else (in your own words)")))
            ask(self, PickDialog(_("What did you ask for?"), choices, entry.what), answered)
        elif field == "how":
            choices = [(key, _(words)) for key, words in HOW_ASKED.items()]
            ask(self, PickDialog(_("How did you ask?"), choices, getattr(entry, "how", None)), answered)
        elif field in DATE_QUESTIONS:
            current = getattr(entry, field, None)
            ask(self, DatePrompt(_(DATE_QUESTIONS[field]), self.today, current), answered)
        else:
            value = str(getattr(entry, field, ""))
            question, example = TEXT_QUESTIONS[field]
            ask(
                self,
                TextPrompt(_(question), value=value, placeholder=_(example) if example else ""),
                lambda text: answered(None if text is None else text.strip() and text),
            )

    # -- the shortcuts -----------------------------------------------------------------------------

    def action_when(self) -> None:
        if (row := self.current) is not None:
            self.edit_field(row.entry.id, "asked" if row.is_request else "on")

    def action_received(self) -> None:
        if (row := self.current) is None:
            return
        if not row.is_request:
            self.notify(_("For insurance, press s when you have sent the appeal."), timeout=5)
            return
        self.edit_field(row.entry.id, "received")

    def action_sent(self) -> None:
        if (row := self.current) is None:
            return
        if isinstance(row.entry, InsuranceEvent):
            if row.entry.kind == CALL:
                self.notify(_("A call has nothing to send. Press e to change it."), timeout=5)
                return
            self.edit_field(row.entry.id, "appealed")
        else:
            self.edit_field(row.entry.id, "sent")

    def action_extended(self) -> None:
        if (row := self.current) is not None:
            self.toggle_extension(row)

    def toggle_extension(self, row: Row) -> None:
        entry = row.entry
        if not isinstance(entry, RecordRequest):
            self.notify(_("Only a records office can take 30 more days."), timeout=5)
            return
        # The row and the details below it show the new due date; no message on top of them.
        self.change(
            lambda: self.store.tracker.change(REQUESTS, entry.id, {"extended": not entry.extended}), keep=entry.id
        )

    def action_note(self) -> None:
        if (row := self.current) is not None:
            self.edit_field(row.entry.id, "note")

    def action_delete(self) -> None:
        if (row := self.current) is None:
            return
        table = REQUESTS if row.is_request else CALLS

        def delete() -> None:
            doc = self.store.tracker.remove(table, row.entry.id)
            if doc is not None:
                self.undo = [*self.undo, (table, row.entry.id, doc)][-MAX_UNDO:]
                self.notify(_("Deleted. Press u to undo."), timeout=5)

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(delete)
            else:
                self.options.focus()

        shown = printable(row.label(), single_line=True)
        ask(self, ConfirmDialog(_("Delete this?") + f"\n{shown}"), answered)

    def action_undo(self) -> None:
        if not self.undo:
            self.notify(_("There is nothing to undo."), timeout=3)
            return
        table, entry_id, doc = self.undo[-1]

        def put_back() -> str:
            self.store.tracker.put_back(table, entry_id, doc)
            self.undo.pop()
            return entry_id

        self.change(put_back)

    def action_back(self) -> None:
        self.dismiss()


DATE_QUESTIONS = {
    "asked": N_("When did you ask? (leave it empty if you have not asked yet)"),
    "received": N_("When did it come?"),
    "sent": N_("When did it go to the second doctor?"),
    "on": N_("What was the date (of the call, or on the plan's letter)?"),
    "appealed": N_("When did you send it?"),
}
TEXT_QUESTIONS = {
    "words": (N_("What did you ask for? (your own words)"), N_("For example: Bone marrow biopsy report")),
    "office": (N_("From whom? (the office)"), N_("For example: City Hospital, pathology department")),
    "who": (N_("Who did you speak to?"), N_("A name, or the department")),
    "reference": (N_("Reference number"), N_("The number they gave you for the call or the claim")),
    "said": (N_("What did they say? (or the reason they gave)"), ""),
    "note": (N_("Note"), N_("Anything to remember")),
}
