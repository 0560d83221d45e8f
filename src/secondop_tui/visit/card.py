"""The question card: the person's questions, the most important first, with room for each answer.

One page of 80 columns for a handful of questions: the same text is copied, saved, shown, put in a QR code,
printed and written by ``secondop export --card``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from secondop_tui.export import long_date
from secondop_tui.i18n import N_, _
from secondop_tui.sanitize import printable

CARD_TITLE = N_("My questions for the doctor")
WIDTH = 80
INDENT = "   "
MOST_IMPORTANT = 3  # questions marked as most important, shown first
MAX_QUESTIONS = 100  # on one card; each question rewrites the whole progress file
MAX_QUESTION = 500  # characters in a question of one's own
MAX_ANSWER = 10_000  # characters in one answer
BLANK_ANSWER_LINES = 2  # room to write an answer by hand on paper


@dataclass(frozen=True)
class Question:
    """A question as the person sees it: on the card (``picked``) or still in the bank."""

    id: str
    text: str
    source: str  # the title of the guide section it comes from; "" for the person's own
    picked: bool = False
    top: bool = False
    answer: str = ""
    own: bool = False


def card_order(questions: Sequence[Question]) -> list[Question]:
    """The card's questions: the most important first, then the rest, each group in the person's order."""
    picked = [question for question in questions if question.picked]
    return [question for question in picked if question.top] + [question for question in picked if not question.top]


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest, break_long_words=True, break_on_hyphens=False
    ) or [first.rstrip()]


def card_text(questions: Sequence[Question], fmt: str = "txt", today: date | None = None) -> str:
    """The card as plain text (``txt``, lines of at most 80 columns) or Markdown (``md``)."""
    markdown = fmt == "md"
    title = _(CARD_TITLE)
    made = _("Made on {date}").format(date=long_date(today or date.today()))
    lines = [f"# {title}", "", f"{made}."] if markdown else [title, made]
    ordered = card_order(questions)
    if not ordered:
        lines += ["", _("No questions on the card yet.")]
    top = [question for question in ordered if question.top]
    groups = [(_("Most important"), top), (_("More questions") if top else _("Questions"), ordered[len(top) :])]
    number = 0
    for heading, group in groups:
        if not group:
            continue
        lines += ["", f"## {heading}", ""] if markdown else ["", heading, "-" * len(heading)]
        for question in group:
            number += 1
            text = printable(question.text, single_line=True)
            answer = printable(question.answer, single_line=True)
            label = _("Answer:")
            if markdown:
                lines += [f"{number}. {text}", "", f"{INDENT}*{label}* {answer}".rstrip(), ""]
                continue
            lines += _wrapped(text, f"{number}. ".ljust(len(INDENT)), INDENT)
            if answer:
                lines += _wrapped(f"{label} {answer}", INDENT, INDENT) + [""]
            else:
                lines += [f"{INDENT}{label}"] + [""] * BLANK_ANSWER_LINES
    return "\n".join(lines).rstrip("\n") + "\n"
