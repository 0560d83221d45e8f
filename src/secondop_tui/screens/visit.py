"""The visit: the questions to take in (the question card), what each doctor said, and the opinions side by side.

Three tabs over one store (``VisitStore``); the words of the guide's own questions come from the guide in use.
What is built here is only shown: the text and the rows come from the ``visit`` package.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, Header, OptionList, Static
from textual.widgets.option_list import Option

from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.data.visit_store import RemovedQuestion, VisitStore
from secondop_tui.dialogs.answers import ask
from secondop_tui.dialogs.confirm import ConfirmDialog
from secondop_tui.dialogs.text_prompt import TextPrompt
from secondop_tui.i18n import N_, _, ngettext
from secondop_tui.marks import Marks
from secondop_tui.sanitize import printable
from secondop_tui.screens.localized import LocalizedScreen
from secondop_tui.screens.saving import reported
from secondop_tui.screens.visit_keys import VISIT_BINDINGS
from secondop_tui.take_away.document import Document
from secondop_tui.themes import use_ascii_scrollbars
from secondop_tui.visit.bank import bank, when_they_differ
from secondop_tui.visit.card import MAX_ANSWER, MAX_QUESTION, Question
from secondop_tui.visit.documents import card_document, notes_document
from secondop_tui.visit.opinions import MAX_FIELD, OPINION_FIELDS, OPINIONS, Row, ordinal, side_by_side, used
from secondop_tui.visit.worksheet import SOURCE_ADDRESS, SOURCE_NAME, WORKSHEET_FIELDS
from secondop_tui.widgets.footer import FittingFooter
from secondop_tui.widgets.tracked_list import TrackedOptionList

TABS = ("questions", "said", "compare")
N_TABS = {"questions": N_("1 Questions"), "said": N_("2 What they said"), "compare": N_("3 Side by side")}
LABEL_WIDTH = 22  # the side-by-side table's first column
COLUMN_WIDTH = 26  # each opinion's column, at least; narrower, the opinions stack row by row
DIFFERS = "!"  # before a row where the opinions differ, and before a most important question (ASCII everywhere)


def one_line(text: str, room: int = 200) -> str:
    """Stored words as one safe line for a list row (answers can be 10,000 characters)."""
    shown = printable(text[: room * 2], single_line=True)
    return shown if len(shown) <= room else shown[: room - 3] + "..."


def question_prompt(question: Question, number: int | None, marks: Marks) -> Table:
    """A question's row: its marks, then its words, where it comes from and its answer, wrapped under the words."""
    mark = marks.done if question.picked else marks.todo
    words = Text((f"{number}. " if number else "") + one_line(question.text))
    words.append("\n" + (question.source or _("Your own question")), style="italic")
    if question.answer:
        words.append("\n" + _("Answer:") + " " + one_line(question.answer))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text(f"{mark} {DIFFERS if question.top else ' '}"), words)
    return grid


def field_prompt(label: str, value: str) -> Text:
    return Text.assemble((label + ": ", "bold"), one_line(value) if value.strip() else "-")


def stacked(rows: list[Row], numbers: list[int]) -> Group:
    """The opinions row by row, one under the other: for narrow screens and for three opinions. A long value wraps
    under its own words, not under the opinion's name."""
    parts: list[RenderableType] = []
    empty = [row.label for row in rows if not any(row.values[n - 1].strip() for n in numbers)]
    for row in rows:
        if row.label in empty:
            continue
        heading = Text(f"{DIFFERS if row.differs else ' '} {row.label}", style="bold")
        heading.append((" (" + _("they differ") + ")") if row.differs else "", style="italic")
        parts.append(heading)
        for number in numbers:
            value = row.values[number - 1]
            said = Table.grid(padding=(0, 1))
            said.add_column(no_wrap=True)
            said.add_column()
            said.add_row(f"  {ordinal(number)}:", one_line(value, 2000) if value.strip() else "-")
            parts.append(said)
    if empty:
        parts.append(Text(_("Nothing written yet: {rows}.").format(rows="; ".join(empty)), style="italic"))
    return Group(*parts)


def columns(rows: list[Row], numbers: list[int]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=True)
    table.add_column("", width=1)  # the mark, apart, so that a long label wraps under its own words
    table.add_column("", width=LABEL_WIDTH - 2)
    for number in numbers:
        table.add_column(ordinal(number), ratio=1, min_width=COLUMN_WIDTH - 2)
    for row in rows:
        label = Text(row.label, style="bold" if row.differs else "")
        values = [Text(one_line(row.values[n - 1], 2000) if row.values[n - 1].strip() else "-") for n in numbers]
        table.add_row(DIFFERS if row.differs else "", label, *values)
    return table


class VisitScreen(LocalizedScreen[None]):
    BINDINGS = VISIT_BINDINGS

    def __init__(self, guide: Guide, store: ProgressStore, marks: Marks, today: date | None = None) -> None:
        super().__init__()
        self.guide = guide
        self.store = VisitStore(store)
        self.marks = marks
        self.today = today or date.today()
        self.questions: dict[str, Question] = {}
        self.opinions: list[dict[str, str]] = []
        self.worksheet: dict[str, str] = {}
        self.undo: list[RemovedQuestion] = []

    # -- building -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="visit-tabs")
        with ContentSwitcher(initial="questions"):
            with Vertical(id="questions"):
                yield Static(
                    _(
                        "Space puts a question on your card, i marks it most important ({mark}), w writes the answer."
                    ).format(mark=DIFFERS),
                    classes="visit-hint",
                    markup=False,
                )
                yield TrackedOptionList(id="visit-questions", markup=False)
            with Vertical(id="said"):
                yield Static(
                    _(
                        "Ask if you may record the visit. Before you leave, say the plan back in your own "
                        "words, to check you heard it right."
                    ),
                    classes="visit-hint",
                    markup=False,
                )
                yield TrackedOptionList(id="visit-said", markup=False)
            with VerticalScroll(id="compare"):
                yield Static(id="side-by-side", markup=False)
                yield Static(id="when-differ", markup=False)
                yield Static(_("Deciding: a worksheet"), classes="visit-heading", markup=False)
                yield TrackedOptionList(id="visit-worksheet", markup=False)
                yield Static(f"{_(SOURCE_NAME)}: {SOURCE_ADDRESS}", classes="visit-source", markup=False)
        yield FittingFooter(stay=("undo",))

    def on_mount(self) -> None:
        self.sub_title = _("Your visit")
        use_ascii_scrollbars(self.query_one("#compare", VerticalScroll))
        self.reload()
        self.show_tab("questions")

    def tab_bar(self, active: str) -> Content:
        """The tabs as words, the one shown in brackets and bold (clear without colour, and in ASCII); a click
        on one opens it."""
        parts = []
        for tab in TABS:
            name = _(N_TABS[tab])
            shown = f"[{name}]" if tab == active else f" {name} "
            parts.append(Content.styled(shown, "bold" if tab == active else "").stylize(f"@click=screen.tab('{tab}')"))
        return Content(" ").join(parts)

    def show_tab(self, tab: str) -> None:
        self.query_one(ContentSwitcher).current = tab
        self.query_one("#visit-tabs", Static).update(self.tab_bar(tab))
        self.list_of(tab).focus(scroll_visible=False)
        self.refresh_bindings()

    async def change_guide(self, guide: Guide) -> None:
        """The same visit in the language just chosen."""
        self.guide = guide
        tab = self.tab
        await self.recompose()
        self.on_mount()
        self.show_tab(tab)

    def list_of(self, tab: str) -> OptionList:
        ids = {"questions": "#visit-questions", "said": "#visit-said", "compare": "#visit-worksheet"}
        return self.query_one(ids[tab], OptionList)

    @property
    def tab(self) -> str:
        return self.query_one(ContentSwitcher).current or "questions"

    def reload(self, keep: str | None = None) -> None:
        """Read the visit again and show it, the highlight kept where it was (or on the option ``keep``)."""
        with reported(self), self.store.progress.action():
            questions = self.store.questions(bank(self.guide))
            self.opinions = self.store.opinions()
            self.worksheet = self.store.worksheet()
        self.questions = {question.id: question for question in questions}
        self.fill(self.list_of("questions"), self.question_options(questions), keep)
        self.fill(self.list_of("said"), self.said_options())
        self.fill(
            self.list_of("compare"),
            [
                Option(field_prompt(_(field.label), self.worksheet.get(field.key, "")), id=f"w:{field.key}")
                for field in WORKSHEET_FIELDS
            ],
        )
        self.show_side_by_side()
        self.refresh_bindings()

    @staticmethod
    def fill(options: OptionList, new: list[Option], keep: str | None = None) -> None:
        highlighted = options.highlighted
        kept = keep or (options.get_option_at_index(highlighted).id if highlighted is not None else None)
        options.set_options(new)
        index = next((i for i, option in enumerate(new) if kept is not None and option.id == kept), None)
        if index is None:
            index = next((i for i, option in enumerate(new) if not option.disabled), None)
        options.highlighted = index

    def question_options(self, questions: list[Question]) -> list[Option]:
        on_card = [question for question in questions if question.picked]
        rest = [question for question in questions if not question.picked]
        options = [Option(Text(_("On your card ({count})").format(count=len(on_card)), style="bold"), disabled=True)]
        if not on_card:
            options.append(Option(_("Nothing yet: pick questions below, or press a to add your own."), disabled=True))
        options += [Option(question_prompt(q, n, self.marks), id=f"q:{q.id}") for n, q in enumerate(on_card, 1)]
        if rest:
            options.append(Option(Text(_("More questions to pick from"), style="bold"), disabled=True))
            options += [Option(question_prompt(q, None, self.marks), id=f"q:{q.id}") for q in rest]
        return options

    def said_options(self) -> list[Option]:
        options: list[Option] = []
        for number in range(1, OPINIONS + 1):
            options.append(Option(Text(ordinal(number), style="bold"), disabled=True))
            opinion = self.opinions[number - 1]
            options += [
                Option(field_prompt(_(field.label), opinion.get(field.key, "")), id=f"o:{number}:{field.key}")
                for field in OPINION_FIELDS
            ]
        return options

    def show_side_by_side(self) -> None:
        numbers = used(self.opinions)
        rows = side_by_side(self.opinions)
        width = self.size.width or self.app.size.width
        fits = width >= LABEL_WIDTH + COLUMN_WIDTH * len(numbers) + 4
        table: RenderableType = columns(rows, numbers) if fits else stacked(rows, numbers)
        self.query_one("#side-by-side", Static).update(table)
        count = sum(row.differs for row in rows)
        differ = ngettext(
            "The opinions differ on {count} row, marked {mark}.",
            "The opinions differ on {count} rows, marked {mark}.",
            count,
        )
        lines = [
            differ.format(count=count, mark=DIFFERS)
            if count
            else _("No row differs yet. Fill in what each doctor said in tab 2.")
        ]
        lines += ["", _("When the opinions differ, the guide suggests:")]
        lines += [f"- {step}" for step in when_they_differ(self.guide)]
        lines += ["", _("Is it the facts, how they were read, or a matter of judgement? Ask each doctor.")]
        self.query_one("#when-differ", Static).update("\n".join(lines))

    def on_resize(self, event: events.Resize) -> None:
        if self.is_mounted and self.opinions:
            self.show_side_by_side()

    # -- where the highlight is -----------------------------------------------------------------------

    def current(self) -> str | None:
        options = self.list_of(self.tab)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def current_question(self) -> Question | None:
        if self.tab != "questions" or (option_id := self.current()) is None:
            return None
        return self.questions.get(option_id.removeprefix("q:"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"pick", "top", "add", "edit", "delete", "move"}:
            if self.tab != "questions":
                return False  # these are for the questions: not in the footer elsewhere
            if action in {"edit", "delete"}:
                question = self.current_question()
                return question is not None and question.own
        if action == "undo":
            return bool(self.undo) and self.tab == "questions"
        return True

    def action_tab(self, tab: str) -> None:
        if tab in TABS:
            self.show_tab(tab)

    def action_back(self) -> None:
        self.dismiss(None)

    # -- changes ------------------------------------------------------------------------------------

    def change(self, make: Callable[[], object]) -> None:
        """Make a change and show the visit as it is now; a question just added is highlighted."""
        made = None
        with reported(self):
            made = make()
        self.reload(keep=f"q:{made}" if isinstance(made, str) else None)
        self.list_of(self.tab).focus()

    def action_pick(self) -> None:
        if question := self.current_question():
            self.change(lambda: self.store.pick(question))

    def action_top(self) -> None:
        question = self.current_question()
        if question is None:
            return
        if not question.picked:
            self.notify(_("Put the question on your card first (space)."), timeout=4)
            return
        self.change(lambda: self.store.set_top(question))

    def action_move(self, delta: int) -> None:
        if question := self.current_question():
            self.change(lambda: self.store.move(question, delta))

    def action_add(self) -> None:
        def added(text: str | None) -> None:
            if text and text.strip():
                self.change(lambda: self.store.add_own(text))

        ask(
            self,
            TextPrompt(
                _("Your own question"), placeholder=_("For example: Can I keep working?"), max_length=MAX_QUESTION
            ),
            added,
        )

    def action_edit(self) -> None:
        question = self.current_question()
        if question is None or not question.own:
            return

        def edited(text: str | None) -> None:
            if text and text.strip() and text != question.text:
                self.change(lambda: self.store.edit_own(question, text))

        ask(self, TextPrompt(_("Edit your question"), value=question.text, max_length=MAX_QUESTION), edited)

    def action_delete(self) -> None:
        question = self.current_question()
        if question is None or not question.own:
            return

        def answered(yes: bool | None) -> None:
            if yes:

                def delete() -> None:
                    if removed := self.store.remove_own(question):
                        self.undo.append(removed)
                        self.notify(_("Question deleted. Press u to undo."), timeout=5)

                self.change(delete)

        ask(
            self,
            ConfirmDialog(_("Delete this question and its answer?") + "\n" + one_line(question.text, 60)),
            answered,
        )

    def action_undo(self) -> None:
        if self.undo:
            removed = self.undo.pop()
            self.change(lambda: self.store.put_back(removed))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_write()

    def action_write(self) -> None:
        """Write into what is highlighted: a question's answer, a field of an opinion or of the worksheet."""
        option_id = self.current()
        if option_id is None:
            return
        kind, _colon, rest = option_id.partition(":")
        if kind == "q" and (question := self.questions.get(rest)):
            title = _("Answer: {question}").format(question=one_line(question.text, 60))
            self.write(title, question.answer, MAX_ANSWER, lambda text: self.store.set_answer(question, text))
        elif kind == "o":
            number, key = rest.split(":")
            label = next(_(field.label) for field in OPINION_FIELDS if field.key == key)
            self.write(
                f"{ordinal(int(number))}: {label}",
                self.opinions[int(number) - 1].get(key, ""),
                MAX_FIELD,
                lambda text: self.store.set_opinion(int(number), key, text),
            )
        elif kind == "w":
            label = next(_(field.label) for field in WORKSHEET_FIELDS if field.key == rest)
            self.write(
                label, self.worksheet.get(rest, ""), MAX_FIELD, lambda text: self.store.set_worksheet(rest, text)
            )

    def write(self, title: str, value: str, limit: int, save: Callable[[str], None]) -> None:
        def written(text: str | None) -> None:
            # Escape keeps what was there; an emptied box empties the field.
            if text is not None and text != value:
                self.change(lambda: save(text.strip()))

        ask(self, TextPrompt(title, value=value, max_length=limit), written)

    # -- taking the card away -------------------------------------------------------------------------

    def take_away_document(self) -> Document | None:
        """From the questions, the question card; from the other tabs, what the doctors said and the worksheet."""
        with reported(self):
            if self.tab == "questions":
                return card_document(self.store.questions(bank(self.guide)), self.today)
            return notes_document(self.store.opinions(), self.store.worksheet(), self.today)
        return None
