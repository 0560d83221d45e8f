"""TinyDB storages for the progress file: one that never leaves it half-written, and one that only reads it.

TinyDB's own JSONStorage truncates and rewrites the file in place, so a crash or power cut in the middle
leaves it empty or cut short. ``AtomicJSONStorage`` writes through ``write_atomic``. Reads go to disk, so a
change made by another process is seen before this one applies its own; while the store holds the file's lock
(``held``) the bytes read first are reused, because nobody else can change the file meanwhile. The file is
never read through a symbolic link, and one that is not ours is never written over.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from secondop_tui.data.files import read_plain, write_atomic
from secondop_tui.data.schema import is_our_shape, not_ours, recognise


class KeyedTable(Table):
    """A table whose documents are keyed by our own string ids (item ids, section ids)."""

    document_id_class = str  # type: ignore[assignment]


class ProgressDB(TinyDB):
    table_class = KeyedTable


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self._depth = 0  # how many ``held`` blocks are open
        self._bytes: bytes | None = None  # the file as last read or written inside them

    @contextmanager
    def held(self) -> Iterator[None]:
        """While the caller holds the file's lock: read the file at most once, then reuse what is known."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth:
                self._bytes = None

    def _raw(self) -> bytes:
        if self._bytes is not None:
            return self._bytes
        raw = read_plain(self.path) or b""
        if self._depth:
            self._bytes = raw
        return raw

    def read(self) -> dict[str, dict[str, Any]] | None:
        raw = self._raw()
        if not raw.strip():
            return None
        data = json.loads(raw)  # parsed afresh each time: TinyDB changes what it is given in place
        if not is_our_shape(data):
            raise not_ours(self.path)  # another program's file put in its place: never write over it
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._bytes is None:
            self.read()  # what is replaced must have been seen to be ours (TinyDB's drop_tables reads nothing)
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(self.path, payload)
        if self._depth:
            self._bytes = payload

    def close(self) -> None:
        self._bytes = None


class ReadOnlyStorage(AtomicJSONStorage):
    """The file as it is on disk, an older format brought up to date in memory; for commands that only print.

    It needs no lock file: every save replaces the file whole with a rename, so a read sees one version or
    the other. A missing or damaged file reads as no progress.
    """

    def read(self) -> dict[str, dict[str, Any]] | None:
        return recognise(self.path, self._raw() or None).data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise io.UnsupportedOperation(f"{self.path} is open only for reading")
