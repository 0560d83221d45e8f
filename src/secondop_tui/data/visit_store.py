"""The visit's part of the progress file: the question card, what each doctor said, the worksheet.

Kept in the same file as the checklist (``visit_schema`` lists the tables), under the same lock, each call one
read and at most one write. In memory for a kiosk visit or a guest, and dropped with it (``ProgressStore.wipe``).
Screens call this small API and never see TinyDB.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tinydb.table import Document, Table

from secondop_tui.data.store import LimitReached, ProgressStore
from secondop_tui.i18n import _
from secondop_tui.visit.bank import BankQuestion
from secondop_tui.visit.card import MAX_ANSWER, MAX_QUESTION, MAX_QUESTIONS, MOST_IMPORTANT, Question
from secondop_tui.visit.opinions import FIELD_KEYS, MAX_FIELD, OPINIONS
from secondop_tui.visit.worksheet import WORKSHEET_KEYS

QUESTIONS, ORDER, OPINION_TABLE, WORKSHEET_TABLE = "visit_questions", "visit_order", "visit_opinions", "visit_worksheet"
CARD = "card"
WORKSHEET = "worksheet"


class CardFull(LimitReached):
    """The card holds MAX_QUESTIONS questions; nothing was added."""

    def __init__(self) -> None:
        super().__init__(
            _("Your card is full: it holds up to {limit} questions. Take one off to add another.").format(
                limit=MAX_QUESTIONS
            )
        )


class TopFull(LimitReached):
    """Three questions are marked most important already."""

    def __init__(self) -> None:
        super().__init__(_("Three questions are marked most important already. Unmark one first (press i on it)."))


@dataclass(frozen=True)
class RemovedQuestion:
    """A question of one's own as it was, which ``put_back`` restores with its answer and place."""

    id: str
    doc: Mapping[str, Any]
    place: int


class VisitStore:
    def __init__(self, progress: ProgressStore) -> None:
        self.progress = progress
        self._questions: Table = progress.table(QUESTIONS)
        self._order: Table = progress.table(ORDER)
        self._opinions: Table = progress.table(OPINION_TABLE)
        self._worksheet: Table = progress.table(WORKSHEET_TABLE)

    # -- reading -------------------------------------------------------------------------------

    def _docs(self) -> dict[str, dict[str, Any]]:
        return {str(doc.doc_id): dict(doc) for doc in self._questions.all()}

    def _card_ids(self, docs: Mapping[str, Mapping[str, Any]]) -> list[str]:
        """The card's questions in order: the stored order, then any picked question it does not name yet."""
        stored = self._order.get(doc_id=CARD)  # type: ignore[call-overload]
        ids = [qid for qid in (stored or {}).get("ids", []) if docs.get(qid, {}).get("picked")]
        extra = sorted(
            (doc.get("created", 0), qid) for qid, doc in docs.items() if doc.get("picked") and qid not in ids
        )
        return ids + [qid for _, qid in extra]

    def _shown_card(self, docs: Mapping[str, Mapping[str, Any]]) -> list[str]:
        """The card's questions as the card lists them: the most important first, each group in order."""
        card = self._card_ids(docs)
        return [qid for qid in card if docs[qid].get("top")] + [qid for qid in card if not docs[qid].get("top")]

    def questions(self, bank: Sequence[BankQuestion]) -> list[Question]:
        """The card's questions in order, then the bank's other questions, then one's own taken off the card."""
        with self.progress.action():
            docs = self._docs()
            card = self._shown_card(docs)
        by_bank = {question.id: question for question in bank}

        def shown(qid: str) -> Question:
            doc = docs.get(qid, {})
            guide = by_bank.get(qid)
            text = guide.text if guide is not None else str(doc.get("text", ""))
            source = guide.section_title if guide is not None else ""
            return Question(
                qid,
                text,
                source,
                bool(doc.get("picked")),
                bool(doc.get("top")),
                str(doc.get("answer", "")),
                bool(doc.get("own")),
            )

        listed = [shown(qid) for qid in card]
        listed += [shown(question.id) for question in bank if question.id not in card]
        off_card = sorted(
            (doc.get("created", 0), qid) for qid, doc in docs.items() if doc.get("own") and qid not in card
        )
        listed += [shown(qid) for _, qid in off_card]
        return listed

    # -- the card ------------------------------------------------------------------------------

    def _put(self, table: Table, doc_id: str, fields: dict[str, Any]) -> None:
        if table.contains(doc_id=doc_id):  # type: ignore[arg-type]
            table.update(fields, doc_ids=[doc_id])  # type: ignore[list-item]
        else:
            table.insert(Document(fields, doc_id=doc_id))  # type: ignore[arg-type]

    def _set_card(self, ids: list[str]) -> None:
        self._put(self._order, CARD, {"ids": ids})

    def pick(self, question: Question) -> bool:
        """Put the question on the card, or take it off; returns whether it is on the card now.

        Taking it off keeps its answer and, for one's own, its words: picking it again brings them back.
        """
        with self.progress.action():
            docs = self._docs()
            card = self._card_ids(docs)
            if question.id in card:
                card.remove(question.id)
                self._put(self._questions, question.id, {"picked": False, "top": False})
                self._set_card(card)
                return False
            if len(card) >= MAX_QUESTIONS:
                raise CardFull()
            fields: dict[str, Any] = {"picked": True}
            if question.id not in docs:
                fields |= {"text": question.text, "created": time.time()}  # the guide's words, if it drops them
            self._put(self._questions, question.id, fields)
            self._set_card([*card, question.id])
            return True

    def add_own(self, text: str) -> str:
        """A question of one's own, put on the card at its end; returns its id."""
        qid = f"own-{uuid.uuid4().hex[:12]}"
        with self.progress.action():
            card = self._card_ids(self._docs())
            if len(card) >= MAX_QUESTIONS:
                raise CardFull()
            self._put(
                self._questions, qid, {"text": text[:MAX_QUESTION], "own": True, "picked": True, "created": time.time()}
            )
            self._set_card([*card, qid])
        return qid

    def edit_own(self, question: Question, text: str) -> None:
        with self.progress.action():
            if self._questions.contains(doc_id=question.id):  # type: ignore[arg-type]
                self._put(self._questions, question.id, {"text": text[:MAX_QUESTION]})

    def set_answer(self, question: Question, answer: str) -> None:
        with self.progress.action():
            self._put(self._questions, question.id, {"answer": answer[:MAX_ANSWER]})

    def set_top(self, question: Question) -> bool:
        """Mark the card's question as most important, or unmark it; returns the new mark. TopFull past three."""
        with self.progress.action():
            docs = self._docs()
            card = self._card_ids(docs)
            if question.id not in card:
                return False
            top = not docs[question.id].get("top", False)
            if top and sum(1 for qid in card if docs[qid].get("top")) >= MOST_IMPORTANT:
                raise TopFull()
            self._put(self._questions, question.id, {"top": top})
            return top

    def move(self, question: Question, delta: int) -> bool:
        """Move a question up (-1) or down (+1) among the card's; False at either end or off the card."""
        with self.progress.action():
            card = self._shown_card(self._docs())  # moved where the person sees it
            if question.id not in card:
                return False
            index = card.index(question.id)
            target = index + delta
            if not 0 <= target < len(card):
                return False
            card[index], card[target] = card[target], card[index]
            self._set_card(card)
            return True

    def remove_own(self, question: Question) -> RemovedQuestion | None:
        """Delete a question of one's own, answer and all; what is returned lets ``put_back`` undo it."""
        with self.progress.action():
            docs = self._docs()
            doc = docs.get(question.id)
            if doc is None or not doc.get("own"):
                return None
            card = self._card_ids(docs)
            place = card.index(question.id) if question.id in card else len(card)
            if question.id in card:
                card.remove(question.id)
                self._set_card(card)
            self._questions.remove(doc_ids=[question.id])  # type: ignore[list-item]
            return RemovedQuestion(question.id, doc, place)

    def put_back(self, removed: RemovedQuestion) -> None:
        with self.progress.action():
            if self._questions.contains(doc_id=removed.id):  # type: ignore[arg-type]
                return
            self._questions.insert(Document(dict(removed.doc), doc_id=removed.id))  # type: ignore[arg-type]
            if removed.doc.get("picked"):
                card = self._card_ids(self._docs())
                card.remove(removed.id)
                card.insert(min(removed.place, len(card)), removed.id)
                self._set_card(card)

    # -- what each doctor said, and the worksheet -----------------------------------------------

    def opinions(self) -> list[dict[str, str]]:
        """Every opinion's fields (OPINIONS of them), "" where nothing was written."""
        with self.progress.action():
            stored = {str(doc.doc_id): dict(doc) for doc in self._opinions.all()}
        return [
            {key: str(stored.get(str(number), {}).get(key, "")) for key in FIELD_KEYS}
            for number in range(1, OPINIONS + 1)
        ]

    def set_opinion(self, number: int, key: str, text: str) -> None:
        if not 1 <= number <= OPINIONS or key not in FIELD_KEYS:
            raise ValueError(f"no opinion field {number}/{key}")
        with self.progress.action():
            self._put(self._opinions, str(number), {key: text[:MAX_FIELD]})

    def worksheet(self) -> dict[str, str]:
        with self.progress.action():
            stored = dict(self._worksheet.get(doc_id=WORKSHEET) or {})  # type: ignore[call-overload]
        return {key: str(stored.get(key, "")) for key in WORKSHEET_KEYS}

    def set_worksheet(self, key: str, text: str) -> None:
        if key not in WORKSHEET_KEYS:
            raise ValueError(f"no worksheet field {key}")
        with self.progress.action():
            self._put(self._worksheet, WORKSHEET, {key: text[:MAX_FIELD]})
