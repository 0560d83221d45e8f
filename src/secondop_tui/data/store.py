"""The person's progress: ticks, their own items, edits, deletions, order, notes, where they were.

With ``storage`` and ``schema``, the only code that knows TinyDB and the file's layout. Screens call the
small API of ``ProgressStore``. Only items the person has touched are stored; the guide supplies the rest.
Every change is written at once, durably, under a lock shared with other secondop processes using the
same file. Each call reads the file once; calls grouped in ``action()`` share that one read.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from secondop_tui.checklist import OTHER_SECTION, Entry
from secondop_tui.content import Guide
from secondop_tui.data.files import FILE_MODE, ensure_plain_file, ensure_private_dir
from secondop_tui.data.schema import (
    SCHEMA_VERSION,
    STATE_ID,
    UnusableFile,
    examine,
    prepare_file,
)
from secondop_tui.i18n import _

# The writer (TinyDB, its storages and the file's lock) is imported when the file is first opened for it: an
# app that opens its file later reads it once without them, and shows its first frame sooner.
if TYPE_CHECKING:
    from filelock import FileLock
    from tinydb.table import Table

    from secondop_tui.data.storage import AtomicJSONStorage, ProgressDB
    from secondop_tui.data.tracker_store import TrackerStore

LOCK_TIMEOUT = 10.0
# Items of the person's own in one checklist. Each add rewrites the whole file, and a stranger on a served
# app could otherwise grow it until the session's memory runs out; a real checklist never comes near.
MAX_OWN_ITEMS = 500


class StoreError(Exception):
    """The progress file cannot be used; the message is one calm line for the person."""


class LimitReached(StoreError):
    """A limit was reached and nothing was changed: not a fault, and said without alarm."""


class ChecklistFull(LimitReached):
    """The checklist holds as many items of the person's own as it may; nothing was added."""

    def __init__(self) -> None:
        super().__init__(
            _("Your checklist is full: it keeps up to {limit} items of your own. Delete one to add another.").format(
                limit=MAX_OWN_ITEMS
            )
        )


class Removed(NamedTuple):
    """A deleted item as it was, which ``undelete`` puts back exactly."""

    entry: Entry
    doc: Mapping[str, Any] | None  # what the file held for it (None: a guide step never changed)
    around: tuple[str, ...]  # its section's items in order just before, itself included


@dataclass(frozen=True)
class Progress:
    """Everything the guide screen shows from the file, read at once."""

    entries: list[Entry]
    read: frozenset[str]
    last_section: str | None


class ProgressStore:
    """Progress kept in one TinyDB file (or only in memory, for kiosk visits).

    ``read_only`` is for commands that only print progress: nothing is created, migrated, set aside or
    locked, and a missing file is an empty checklist.

    ``open_later`` is for the app's start: a current file (or none yet) is read once, and what the screens
    read is answered from that until the first action, which opens the file for writing (and makes it, if it
    is not there yet). An older or damaged file is dealt with at once, as without it.
    """

    def __init__(self, path: Path | None, read_only: bool = False, open_later: bool = False) -> None:
        self.path = path
        self.notice: str | None = None
        self._read_only = read_only
        self._lock: FileLock | None = None
        self._storage: AtomicJSONStorage | None = None
        self._db: ProgressDB | None = None
        self._first_read: dict[str, Any] | None = None  # the file as read at start, until the first action
        self._tracker: TrackerStore | None = None
        if path is None:
            self._open()
            return
        try:
            # Looked at before anything is made beside it: a link, a folder or someone else's file stays as it is.
            found = examine(path)
        except UnusableFile as error:
            raise StoreError(str(error)) from None
        if open_later and not read_only and found.data is not None and found.schema == SCHEMA_VERSION:
            self._first_read = found.data
            return
        self._open()
        if read_only and found.damaged:
            self.notice = _(
                "Your saved progress in {path} could not be read, so none of it is shown; the file was left as it is"
            ).format(path=path)

    def _open(self) -> None:
        """Open the file with TinyDB (the writer, unless read-only), making it current first."""
        from tinydb.storages import MemoryStorage

        from secondop_tui.data.storage import AtomicJSONStorage, ProgressDB, ReadOnlyStorage

        if self.path is None:
            self._db = ProgressDB(storage=MemoryStorage)
            return
        db = ProgressDB(str(self.path), storage=ReadOnlyStorage if self._read_only else AtomicJSONStorage)
        self._storage = db.storage  # type: ignore[assignment]
        if not self._read_only:
            from filelock import FileLock

            self._lock = FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT, mode=FILE_MODE)
            try:
                with self._guarded():
                    notice = prepare_file(self.path)
            except StoreError:
                self._storage = self._lock = None  # tried again at the next action
                raise
            self.notice = self.notice or notice
        self._db, self._first_read = db, None

    def _database(self) -> ProgressDB:
        if self._db is None:
            self._open()
        assert self._db is not None
        return self._db

    @property
    def _items(self) -> Table:
        return self._database().table("items", cache_size=0)

    @property
    def _order(self) -> Table:
        return self._database().table("order", cache_size=0)

    @property
    def _meta(self) -> Table:
        return self._database().table("meta", cache_size=0)

    @property
    def tracker(self) -> TrackerStore:
        """Records asked for and insurance answers, in their own tables of the same file (made when first used,
        so that start-up does not load them)."""
        if self._tracker is None:
            from secondop_tui.data.tracker_store import TrackerStore

            self._tracker = TrackerStore(
                lambda name: self._database().table(name, cache_size=0),
                self.action,
                self.tick,
                lambda name: len(self._docs(name)),
            )
        return self._tracker

    @classmethod
    def in_memory(cls) -> ProgressStore:
        return cls(None)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def table(self, name: str) -> Table:
        """One of the file's tables, for the stores kept in the same file (``visit_store``): read and written
        under this store's ``action``, and dropped with everything else by ``wipe``."""
        return self._database().table(name, cache_size=0)

    # -- one action, one read ------------------------------------------------------------------

    def action(self) -> AbstractContextManager[object]:
        """Group calls into one action: the file is locked once and read once for all of them."""
        self._database()
        if self._storage is None:
            return nullcontext()
        return self._guarded()

    def _reading(self) -> AbstractContextManager[object]:
        """For calls that only read: nothing, while the file as read at start still stands for it."""
        return nullcontext() if self._first_read is not None else self.action()

    def _docs(self, table: str) -> dict[str, dict[str, Any]]:
        """A table's documents by id, each a copy."""
        if self._first_read is not None:
            return {key: dict(doc) for key, doc in self._first_read.get(table, {}).items()}
        return {str(doc.doc_id): dict(doc) for doc in self._database().table(table, cache_size=0).all()}

    def _locked(self) -> AbstractContextManager[object]:
        """The file's lock, taken by a store that writes; a read-only one reads whole files, and needs none."""
        if self._lock is None:
            return nullcontext()
        assert self.path is not None
        # The lock would quietly re-create a folder removed while the app was open, with the umask's mode.
        ensure_private_dir(self.path.parent)
        # Made here without following a link planted at its name, whatever the lock library does.
        ensure_plain_file(Path(self._lock.lock_file))
        return self._lock

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """One-line StoreErrors for what goes wrong with the file, and the lock held meanwhile."""
        from filelock import Timeout

        assert self._storage is not None
        try:
            with self._locked(), self._storage.held():
                yield
        except Timeout:
            raise StoreError(
                _("{path} is busy in another secondop window; close it and try again").format(path=self.path)
            ) from None
        except UnusableFile as error:
            raise StoreError(str(error)) from None
        except (OSError, ValueError) as error:
            # A full disk, a removed folder, or a file another program broke while the app was open:
            # one line for the person, and the app keeps running.
            reason = error.strerror if isinstance(error, OSError) and error.strerror else _("it could not be read")
            raise StoreError(
                _("Could not read or save your progress in {path}: {reason}").format(path=self.path, reason=reason)
            ) from None

    # -- what the screens show -----------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return self._docs("meta").get(STATE_ID, {})

    def progress(self, guide: Guide) -> Progress:
        with self._reading():
            state = self._state()
            entries = self.checklist(guide)
        return Progress(entries, frozenset(state.get("read", [])), state.get("last_section"))

    def visit(self, section_id: str) -> None:
        """Remember the section as the one open and as read; written only when that is news."""
        with self.action():
            state = self._state()
            read = list(state.get("read", []))
            if state.get("last_section") == section_id and section_id in read:
                return
            if section_id not in read:
                read.append(section_id)
            self._put_doc(
                self._meta,
                STATE_ID,
                {**state, "schema": SCHEMA_VERSION, "last_section": section_id, "read": read},
                exists=bool(state),
            )

    def language(self) -> str | None:
        """The language the person last chose with the switch key, or None."""
        with self._reading():
            return self._state().get("language")

    def set_language(self, code: str) -> None:
        """Remember the person's language; written only when it changes."""
        with self.action():
            state = self._state()
            if state.get("language") != code:
                self._put_doc(
                    self._meta, STATE_ID, {**state, "schema": SCHEMA_VERSION, "language": code}, exists=bool(state)
                )

    def checklist(self, guide: Guide) -> list[Entry]:
        """Every live item, grouped by section in guide order, each group in the person's order."""
        with self._reading():
            stored = self._stored()
            orders = {section_id: list(doc.get("ids", [])) for section_id, doc in self._docs("order").items()}
        entries: list[Entry] = []
        section_ids = [section.id for section in guide.sections]
        for section in guide.sections:
            defaults = [(item.id, item.text) for item in section.items]
            entries.extend(self._group(section.id, defaults, stored, orders))
        strays = [
            (item_id, "")
            for item_id, doc in stored.items()
            if doc.get("user") and doc.get("section") not in section_ids
        ]
        entries.extend(self._group(OTHER_SECTION, strays, stored, orders, force_section=True))
        return entries

    def _stored(self) -> dict[str, dict[str, Any]]:
        return self._docs("items")

    def _section_ids(self, guide: Guide, section_id: str) -> list[str]:
        return [entry.id for entry in self.checklist(guide) if entry.section_id == section_id]

    @staticmethod
    def _group(
        section_id: str,
        defaults: list[tuple[str, str]],
        stored: dict[str, dict[str, Any]],
        orders: dict[str, list[str]],
        force_section: bool = False,
    ) -> list[Entry]:
        guide_text = dict(defaults)
        ids = [item_id for item_id, _ in defaults]
        if not force_section:
            user_items = [
                (doc.get("created", 0), item_id)
                for item_id, doc in stored.items()
                if doc.get("user") and doc.get("section") == section_id
            ]
            ids += [item_id for _, item_id in sorted(user_items)]
        ranked = {item_id: rank for rank, item_id in enumerate(orders.get(section_id, []))}
        # Stable sort: ordered ids first in their stored order, new ones after in default order.
        ids.sort(key=lambda item_id: ranked.get(item_id, len(ranked)))
        group: list[Entry] = []
        for item_id in ids:
            doc = stored.get(item_id, {})
            if doc.get("deleted"):
                continue
            text = doc.get("text") or guide_text.get(item_id, "")
            group.append(
                Entry(item_id, section_id, text, bool(doc.get("done")), doc.get("note", ""), bool(doc.get("user")))
            )
        return group

    # -- changes: one durable write each -------------------------------------------------------

    @staticmethod
    def _put_doc(table: Table, doc_id: str, fields: dict[str, Any], exists: bool) -> None:
        from tinydb.table import Document

        # TinyDB's upsert updates and then inserts, writing the file twice for a new document.
        if exists:
            table.update(fields, doc_ids=[doc_id])  # type: ignore[list-item]
        else:
            table.insert(Document(fields, doc_id=doc_id))  # type: ignore[arg-type]

    def _doc(self, item_id: str) -> dict[str, Any] | None:
        doc = self._items.get(doc_id=item_id)  # type: ignore[call-overload]
        return None if doc is None else dict(doc)

    def _change(self, entry: Entry, **fields: Any) -> None:
        """Apply ``fields`` to the entry, reading its stored state first (the caller holds the lock)."""
        doc = self._doc(entry.id)
        if entry.user_added and doc is None:
            return  # deleted in another window meanwhile; writing would leave a stray half-item
        self._put_doc(self._items, entry.id, {"section": entry.section_id, **fields}, exists=doc is not None)

    def toggle(self, entry: Entry) -> bool:
        """Flip the tick, reading the file's current state first; returns the new state."""
        with self.action():
            done = not (self._doc(entry.id) or {}).get("done", False)
            self._change(entry, done=done)
        return done

    def tick(self, item_id: str, section_id: str) -> None:
        """Tick a step by its id (a record that came in ticks the step that asked for it); a step the person
        deleted, or an item no longer there, stays as it is."""
        with self.action():
            doc = self._doc(item_id)
            if doc is None:
                if item_id.startswith("user-"):
                    return
                self._put_doc(self._items, item_id, {"section": section_id, "done": True}, exists=False)
            elif not doc.get("deleted") and not doc.get("done"):
                self._put_doc(self._items, item_id, {"done": True}, exists=True)

    def check_room(self) -> None:
        """Raise ChecklistFull when the checklist holds MAX_OWN_ITEMS items of the person's own (or more, from
        a file written before there was a limit: every one of them stays)."""
        with self.action():
            if sum(1 for doc in self._items.all() if doc.get("user")) >= MAX_OWN_ITEMS:
                raise ChecklistFull()

    def add(self, section_id: str, text: str) -> str:
        item_id = f"user-{uuid.uuid4().hex[:12]}"
        with self.action():
            self.check_room()
            self._put_doc(
                self._items,
                item_id,
                {"section": section_id, "text": text, "user": True, "done": False, "created": time.time()},
                exists=False,
            )
        return item_id

    def edit(self, entry: Entry, text: str) -> None:
        with self.action():
            self._change(entry, text=text)

    def set_note(self, entry: Entry, note: str) -> None:
        with self.action():
            self._change(entry, note=note)

    def delete(self, entry: Entry, guide: Guide) -> Removed:
        """Delete the item; what is returned lets ``undelete`` put it back as it was."""
        with self.action():
            doc = self._doc(entry.id)
            removed = Removed(entry, doc, tuple(self._section_ids(guide, entry.section_id)))
            if entry.user_added:
                if doc is not None:
                    self._items.remove(doc_ids=[entry.id])  # type: ignore[list-item]
            else:
                # A guide item stays in the guide; remember that this person removed it.
                self._change(entry, deleted=True)
        return removed

    def undelete(self, removed: Removed, guide: Guide) -> bool:
        """Put a deleted item back: its words, tick and note, and its place among the items around it.

        False when it is there already (brought back in another window, or with the guide's steps). Not
        held to MAX_OWN_ITEMS: it only gives back what the person had.
        """
        entry, was = removed.entry, removed.doc
        with self.action():
            doc = self._doc(entry.id)
            if entry.user_added:
                if doc is not None or was is None:
                    return False
                from tinydb.table import Document

                self._items.insert(Document(dict(was), doc_id=entry.id))  # type: ignore[arg-type]
            elif doc is None or not doc.get("deleted"):
                return False
            elif was is None:
                self._items.remove(doc_ids=[entry.id])  # type: ignore[list-item]
            else:
                self._items.update(_replaced_by(was), doc_ids=[entry.id])  # type: ignore[list-item]
            self._place(guide, entry.section_id, [entry.id], removed.around)
        return True

    def deleted_steps(self, guide: Guide) -> int:
        """How many of the guide's steps the person has deleted."""
        stored = self._stored()
        return sum(1 for item in guide.items if stored.get(item.id, {}).get("deleted"))

    def restore_steps(self, guide: Guide) -> int:
        """Bring back every deleted guide step as it was, in its place in the guide; returns how many.

        Own items and the other steps (their words, ticks, notes and order) stay as they are.
        """
        with self.action():
            stored = self._stored()
            back = {item.id for item in guide.items if stored.get(item.id, {}).get("deleted")}
            if not back:
                return 0
            self._items.update(_undeleted, doc_ids=list(back))  # type: ignore[arg-type]
            for section in guide.sections:
                in_guide = [item.id for item in section.items]
                if returning := [item_id for item_id in in_guide if item_id in back]:
                    self._place(guide, section.id, returning, in_guide)
        return len(back)

    def _place(self, guide: Guide, section_id: str, returning: list[str], around: Sequence[str]) -> None:
        """Order a section so that each returning item follows the nearest item that stood before it in
        ``around`` and is still there (or comes first); written only when that is not where it shows anyway."""
        shown = self._section_ids(guide, section_id)
        returning = [item_id for item_id in returning if item_id in around]  # else it stays where it shows
        wanted = [item_id for item_id in shown if item_id not in returning]
        for item_id in returning:
            before = [other for other in around[: around.index(item_id)] if other in wanted]
            wanted.insert(wanted.index(before[-1]) + 1 if before else 0, item_id)
        if wanted != shown:
            exists = self._order.contains(doc_id=section_id)  # type: ignore[arg-type]
            self._put_doc(self._order, section_id, {"ids": wanted}, exists=exists)

    def move(self, entry: Entry, delta: int, guide: Guide) -> bool:
        """Move an item up (-1) or down (+1) within its section; False at either end."""
        with self.action():
            ids = [e.id for e in self.checklist(guide) if e.section_id == entry.section_id]
            if entry.id not in ids:
                return False
            index = ids.index(entry.id)
            target = index + delta
            if not 0 <= target < len(ids):
                return False
            ids[index], ids[target] = ids[target], ids[index]
            exists = self._order.contains(doc_id=entry.section_id)  # type: ignore[arg-type]
            self._put_doc(self._order, entry.section_id, {"ids": ids}, exists=exists)
        return True

    def wipe(self) -> None:
        """Forget everything (used between kiosk visitors)."""
        with self.action():
            self._database().drop_tables()
            # Keep the schema stamp, or the next open would take the file for format 1.
            self._put_doc(self._meta, STATE_ID, {"schema": SCHEMA_VERSION}, exists=False)


def _replaced_by(fields: Mapping[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update that makes a document exactly ``fields`` (a plain update only adds and changes)."""

    def replace(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(fields)

    return replace


def _undeleted(doc: MutableMapping[str, Any]) -> None:
    doc.pop("deleted", None)
