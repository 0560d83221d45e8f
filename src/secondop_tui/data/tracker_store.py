"""Requests on a clock as the progress file keeps them: records asked for, and insurance calls and answers.

Reached as ``ProgressStore.tracker``; screens call this small API and never see TinyDB. It shares the store's
file, lock and one-read actions, so a kiosk visit (an in-memory store) keeps them for the visit only and a
wipe clears them with the checklist.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from tinydb.table import Document, Table

from secondop_tui.data.tracker_schema import TRACKER_FIELDS
from secondop_tui.i18n import _

if TYPE_CHECKING:  # loaded when requests are read: a start-up with none never needs them
    from secondop_tui.tracker.model import InsuranceEvent, RecordRequest

# Each change rewrites the whole file, and a stranger on a served app could otherwise grow it without end; a
# real person asks a few dozen offices at most.
MAX_ENTRIES = 500
MAX_TEXT = 2000
REQUESTS = "requests"
CALLS = "calls"


class TrackerFull(Exception):
    def __init__(self) -> None:
        super().__init__(
            _("The list is full: it keeps up to {limit}. Delete one to add another.").format(limit=MAX_ENTRIES)
        )


class TrackerStore:
    def __init__(
        self,
        table: Callable[[str], Table],
        action: Callable[[], AbstractContextManager[object]],
        tick: Callable[[str, str], None],
        size: Callable[[str], int],
    ) -> None:
        self._table = table
        self._action = action
        self._tick = tick  # ticks a checklist step by its id
        self._size = size  # a table's length, answered from the file as read at start while that stands

    # -- reading ---------------------------------------------------------------------------------

    def count(self) -> int:
        """How many requests and insurance answers there are (without reading them)."""
        return self._size(REQUESTS) + self._size(CALLS)

    def requests(self) -> list[RecordRequest]:
        from secondop_tui.tracker.model import RecordRequest

        with self._action():
            return [RecordRequest.from_doc(doc_id, doc) for doc_id, doc in self._docs(REQUESTS)]

    def events(self) -> list[InsuranceEvent]:
        from secondop_tui.tracker.model import InsuranceEvent

        with self._action():
            return [InsuranceEvent.from_doc(doc_id, doc) for doc_id, doc in self._docs(CALLS)]

    def _docs(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        docs = [(str(doc.doc_id), dict(doc)) for doc in self._table(name).all()]
        created = [
            (doc.get("created") if isinstance(doc.get("created"), (int, float)) else 0, doc_id, doc)
            for doc_id, doc in docs
        ]
        return [(doc_id, doc) for _, doc_id, doc in sorted(created, key=lambda row: (row[0], row[1]))]

    # -- changes ---------------------------------------------------------------------------------

    def add(self, name: str, fields: Mapping[str, Any]) -> str:
        """A new request (``name`` REQUESTS) or insurance event (CALLS); TrackerFull when the list is full."""
        doc_id = f"{name[:-1]}-{uuid.uuid4().hex[:12]}"
        with self._action():
            table = self._table(name)
            if len(table) >= MAX_ENTRIES:
                raise TrackerFull()
            table.insert(Document({**_bounded(name, fields), "created": time.time()}, doc_id=doc_id))  # type: ignore[arg-type]
        return doc_id

    def change(self, name: str, doc_id: str, fields: Mapping[str, Any]) -> bool:
        """Set ``fields`` on one entry; False when it is gone (deleted in another window)."""
        with self._action():
            table = self._table(name)
            if not table.contains(doc_id=doc_id):  # type: ignore[arg-type]
                return False
            table.update(_bounded(name, fields), doc_ids=[doc_id])  # type: ignore[list-item]
        return True

    def receive(self, request: RecordRequest, fields: Mapping[str, Any]) -> None:
        """Record that a request came (or went on); receiving it ticks the checklist step it is linked to."""
        with self._action():
            if self.change(REQUESTS, request.id, fields) and fields.get("received") and request.item:
                from secondop_tui.tracker.model import RECORDS_SECTION

                self._tick(request.item, RECORDS_SECTION)

    def remove(self, name: str, doc_id: str) -> dict[str, Any] | None:
        """Delete one entry; returns what it was, which ``put_back`` restores exactly."""
        with self._action():
            table = self._table(name)
            doc = table.get(doc_id=doc_id)  # type: ignore[call-overload]
            if doc is None:
                return None
            table.remove(doc_ids=[doc_id])  # type: ignore[list-item]
            return dict(doc)

    def put_back(self, name: str, doc_id: str, doc: Mapping[str, Any]) -> None:
        """Undo a delete: not held to MAX_ENTRIES, it only gives back what the person had."""
        with self._action():
            table = self._table(name)
            if not table.contains(doc_id=doc_id):  # type: ignore[arg-type]
                table.insert(Document(dict(doc), doc_id=doc_id))  # type: ignore[arg-type]


def _bounded(name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Only the table's own fields, texts cut to MAX_TEXT: what reaches the file stays bounded."""
    known = TRACKER_FIELDS[name]
    return {key: value[:MAX_TEXT] if isinstance(value, str) else value for key, value in fields.items() if key in known}
