"""The question card as a document for Take it with you: its text, its QR codes, and what the screens say."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from secondop_tui.i18n import N_
from secondop_tui.take_away import qr
from secondop_tui.take_away.document import Document, Words
from secondop_tui.visit.card import Question, card_text
from secondop_tui.visit.notes import notes_text

CARD_WORDS = Words(
    heading=N_("Take your question card with you"),
    intro=N_("Every way gives the same card: your questions, the most important first, with your answers."),
    qr_title=N_("Your question card as a QR code"),
    sent_already=N_("This card went to your browser already, and it has not changed since:"),
    saved_already=N_("This card is saved already, and it has not changed since. In your Downloads folder:"),
    browser_full=N_(
        "Your browser has not taken the last {count} downloads yet. If it asks whether this page may "
        "download files, say yes. Or press c to copy your card or v to show it."
    ),
    sending_to_browser=N_("Sending your card to your browser..."),
    printing_already=N_("Your card is on its way to the printer."),
    sending_to_printer=N_("Sending your card to the printer..."),
    printed_already=N_("You printed your card a moment ago, and it has not changed since."),
)


def card_document(questions: Sequence[Question], today: date) -> Document:
    questions = tuple(questions)
    return Document(
        "card",
        lambda fmt: card_text(questions, fmt, today),
        lambda columns, rows: qr.plan_text_codes(card_text(questions, "txt", today), columns, rows),
        CARD_WORDS,
    )


NOTES_WORDS = Words(
    heading=N_("Take what the doctors said with you"),
    intro=N_("Every way gives the same notes: what each doctor said, where they differ, and your worksheet."),
    qr_title=N_("What the doctors said, as a QR code"),
    sent_already=N_("These notes went to your browser already, and they have not changed since:"),
    saved_already=N_("These notes are saved already, and they have not changed since. In your Downloads folder:"),
    browser_full=N_(
        "Your browser has not taken the last {count} downloads yet. If it asks whether this page may "
        "download files, say yes. Or press c to copy your notes or v to show them."
    ),
    sending_to_browser=N_("Sending your notes to your browser..."),
    printing_already=N_("Your notes are on their way to the printer."),
    sending_to_printer=N_("Sending your notes to the printer..."),
    printed_already=N_("You printed these notes a moment ago, and they have not changed since."),
)


def notes_document(opinions: Sequence[Mapping[str, str]], worksheet: Mapping[str, str], today: date) -> Document:
    opinions, worksheet = [dict(opinion) for opinion in opinions], dict(worksheet)
    return Document(
        "visit-notes",
        lambda fmt: notes_text(opinions, worksheet, fmt, today),
        lambda columns, rows: qr.plan_text_codes(notes_text(opinions, worksheet, "txt", today), columns, rows),
        NOTES_WORDS,
    )
