"""Every key, grouped by where it works, built from the bindings themselves so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.keys import key_name
from secondop_tui.screens.requests_keys import REQUESTS_BINDINGS
from secondop_tui.screens.visit_keys import VISIT_BINDINGS
from secondop_tui.themes import use_ascii_scrollbars
from secondop_tui.widgets.checklist_view import ChecklistView
from secondop_tui.widgets.hanging import HangingText
from secondop_tui.widgets.reader import Reader
from secondop_tui.widgets.section_list import SectionList


def describe(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) pairs; keys that share a description are listed together."""
    rows: dict[str, list[str]] = {}
    seen: set[str] = set()
    for binding in Binding.make_bindings(bindings):
        text = _(binding.tooltip or binding.description)
        # A key bound at two levels (screen and widget) does one thing for the person: list it once.
        if text and binding.key not in seen:
            seen.add(binding.key)
            rows.setdefault(text, []).append(key_name(binding.key))
    return [(", ".join(keys), description) for description, keys in rows.items()]


KeyGroups = list[tuple[str, list[tuple[str, str]]]]


def key_groups(app_bindings: Iterable[BindingType]) -> KeyGroups:
    """What the help screen lists: every binding, grouped by where it works."""
    bindings = list(Binding.make_bindings(app_bindings))
    return [
        # Priority bindings are checked before any screen's own, so they work on every screen and in every
        # dialog, this one included. The app's other keys are taken first by a dialog or a text box.
        (_("Anywhere"), describe(binding for binding in bindings if binding.priority)),
        (_("Guide and checklist"), describe(binding for binding in bindings if not binding.priority)),
        (
            _("Guide"),
            describe([*GuideScreen.BINDINGS, *SectionList.BINDINGS, *Reader.BINDINGS])
            + [
                (_("up, down"), _("Move in the list or scroll the text")),
                (_("home, end"), _("Go to the top or the bottom")),
            ],
        ),
        (
            _("Checklist"),
            describe([*ChecklistScreen.BINDINGS, *ChecklistView.BINDINGS])
            + [
                (_("up, down"), _("Move between items")),
            ],
        ),
        (
            _("Your visit (v)"),
            describe(VISIT_BINDINGS)
            + [
                (_("up, down"), _("Move in the list")),
                ("enter", _("Write the answer, or fill in the field")),
            ],
        ),
        (
            _("Requests (r)"),
            describe(REQUESTS_BINDINGS)
            + [
                (_("up, down"), _("Move between requests")),
            ],
        ),
        (
            _("In a question or text box"),
            [
                ("y, n", _("Answer yes or no")),
                ("enter", _("Save")),
                ("esc, ctrl+g", _("Cancel")),
            ],
        ),
    ]


CLOSE_HINT = N_("Keys. Escape, q, g or ? closes this screen; up and down scroll.")
KEYS_COLUMN = 22  # the keys' column is this wide; what they do starts after it


class HelpScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape", "close", N_("Back")),
        # q closes help, as in less, man and most programs that show a page of text; it does not quit from here.
        Binding("q", "close", N_("Back"), show=False),
        Binding("g", "close", N_("Back"), show=False),
        Binding("question_mark", "close", N_("Back"), show=False),
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
    ]

    def __init__(self, groups: KeyGroups) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        # What a key does wraps under its own words, not back under the keys.
        rows: list[tuple[str, Content]] = []
        for title, keys_and_descriptions in self.groups:
            rows += [("", Content(title)), ("", Content(""))]
            rows += [(f"  {keys:<{KEYS_COLUMN}} ", Content(text)) for keys, text in keys_and_descriptions]
            rows.append(("", Content("")))
        with Vertical(classes="dialog help"):
            # On the first line, not below the list: at 80x24 the end of the list is out of sight.
            yield Label(_(CLOSE_HINT), classes="dialog-text")
            with VerticalScroll():
                yield Static(HangingText(rows))

    def on_mount(self) -> None:
        # query, not query_one: a screen closed before it was built is still sent Mount, with nothing in it.
        for scroll in self.query(VerticalScroll):
            use_ascii_scrollbars(scroll)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()

    def action_close(self) -> None:
        self.dismiss(None)
