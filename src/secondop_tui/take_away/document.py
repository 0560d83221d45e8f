"""What a Take it with you screen takes away: the checklist, or another document (the visit's question card).

Every way out (copy, save, show, QR code, print) asks the document for its text; what the screens say about
it (its title, that it was saved already...) comes with it, so each reads right in both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide
from secondop_tui.export import export_checklist
from secondop_tui.i18n import N_
from secondop_tui.take_away import qr

if TYPE_CHECKING:
    from secondop_tui.tracker.board import Tracked


@dataclass(frozen=True)
class Words:
    """What the screens say about a document; each marked for the catalogue and shown through ``_()``."""

    heading: str
    intro: str
    qr_title: str
    sent_already: str  # to the browser, unchanged since
    saved_already: str  # in the Downloads folder, unchanged since
    browser_full: str  # with {count}
    sending_to_browser: str
    printing_already: str
    sending_to_printer: str
    printed_already: str  # asked before another copy is printed


CHECKLIST_WORDS = Words(
    heading=N_("Take your checklist with you"),
    intro=N_("Every way gives the same list: your ticks and notes, by section, with today's date."),
    qr_title=N_("Your checklist as a QR code"),
    sent_already=N_("This checklist went to your browser already, and it has not changed since:"),
    saved_already=N_("This checklist is saved already, and it has not changed since. In your Downloads folder:"),
    browser_full=N_(
        "Your browser has not taken the last {count} downloads yet. If it asks whether this page may "
        "download files, say yes. Or press c to copy your checklist or v to show it."
    ),
    sending_to_browser=N_("Sending your checklist to your browser..."),
    printing_already=N_("Your checklist is on its way to the printer."),
    sending_to_printer=N_("Sending your checklist to the printer..."),
    printed_already=N_("You printed your checklist a moment ago, and it has not changed since."),
)


@dataclass(frozen=True)
class Document:
    kind: str  # in the saved file's name, and in what the take-away record remembers of it
    render: Callable[[str], str]  # the text in a format of ``export.FORMATS``
    plan_codes: Callable[[int, int], qr.QrPlan]  # QR codes for a screen of so many columns and rows
    words: Words = CHECKLIST_WORDS


def checklist_document(guide: Guide, entries: list[Entry], today: date, tracked: Tracked | None = None) -> Document:
    """The checklist, with the requests on a clock (``tracked``) that go wherever it goes."""
    return Document(
        "checklist",
        lambda fmt: export_checklist(guide, entries, fmt, today, tracked),
        lambda columns, rows: qr.plan_codes(guide, entries, columns, rows, today, tracked),
    )


@runtime_checkable
class HasDocument(Protocol):
    """A screen whose own document Take it with you takes (the visit's, its question card)."""

    def take_away_document(self) -> Document | None: ...
