"""The progress file's format: its version, what each field may hold, how older files are brought up to date,
and how a file is recognised as ours.

``recognise`` tells what a file is: ours and current, ours in an older format, ours but damaged, or not ours
at all (a document, another program's file), which is never touched. ``prepare_file`` runs before TinyDB
opens a file for the app: it creates a missing one, sets aside a damaged one (keeping a copy), refuses one from
a newer secondop or from someone else, and migrates an older one (keeping a copy).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from secondop_tui.checklist import OTHER_SECTION
from secondop_tui.data.files import (
    NotPlainFile,
    make_private,
    read_plain,
    remove_stale_temps,
    write_atomic,
    write_new,
)
from secondop_tui.data.locations import is_own_db_path
from secondop_tui.data.tracker_schema import LENIENT_TABLES, TRACKER_FIELDS
from secondop_tui.data.visit_schema import VISIT_FIELDS
from secondop_tui.i18n import _

SCHEMA_VERSION = 3
STATE_ID = "state"

# File layout (TinyDB tables in one JSON file):
#   meta:  {"state": {"schema": 3, "last_section": "records", "read": ["welcome", ...], "language": "es"}}
#   items: {"<item id>": {"section": ..., "done": ..., "note": ..., "text": ..., "user": ..., "deleted": ...}}
#   order: {"<section id>": {"ids": [...]}}
# and, from format 3, the tables of tracker_schema (requests on a clock) and visit_schema (the visit).
CHECKLIST_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "items": {
        "section": (str,),
        "text": (str,),
        "note": (str,),
        "done": (bool,),
        "user": (bool,),
        "deleted": (bool,),
        "created": (int, float),
    },
    "order": {"ids": (list,)},
    "meta": {"schema": (int,), "last_section": (str,), "read": (list,), "language": (str,)},
}
FIELD_TYPES: dict[str, dict[str, tuple[type, ...]]] = {**CHECKLIST_FIELDS, **TRACKER_FIELDS, **VISIT_FIELDS}
OUR_TABLES = frozenset({"notes", *FIELD_TYPES})  # "notes": format 1 only
# How everything our writer saves begins: a JSON object whose first key is one of our tables.
OUR_OPENING = re.compile(rb'\s*\{\s*"(?:' + "|".join(sorted(OUR_TABLES)).encode() + rb')"\s*:')


class UnusableFile(Exception):
    """The file cannot be used and is left untouched; the message is one line for the person."""


def not_ours(path: Path) -> UnusableFile:
    message = _("{path} does not look like a secondop progress file; it was left untouched")
    return UnusableFile(message.format(path=path))


def is_our_shape(data: Any) -> bool:
    """Whether parsed JSON is recognisably a secondop progress file, whole or with damaged fields.

    Ours: an object carrying our schema stamp (``meta.state.schema``), or one made only of our tables, each an
    object (format 1 had no stamp; a wipe leaves ``{}`` for a moment). Anything else is someone else's.
    """
    if not isinstance(data, dict):
        return False
    meta = data.get("meta")
    state = meta.get(STATE_ID) if isinstance(meta, dict) else None
    if isinstance(state, dict) and "schema" in state:
        return True
    return data.keys() <= OUR_TABLES and all(isinstance(table, dict) for table in data.values())


def began_like_ours(raw: bytes) -> bool:
    """Whether bytes that are not JSON are one of our files cut short or garbled: empty, or opening as ours do."""
    return not raw.strip() or OUR_OPENING.match(raw) is not None


class Found(NamedTuple):
    """What stands at the progress file's path, as secondop may use it."""

    raw: bytes | None  # the bytes on disk; None when there is no file yet
    # The progress in today's format: an older file migrated in memory, {} for no file yet, None if damaged.
    data: dict[str, Any] | None
    schema: int = SCHEMA_VERSION  # the format on disk

    @property
    def damaged(self) -> bool:
        return self.raw is not None and self.data is None


def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept notes in their own table; schema 2 keeps them on the item."""
    notes = data.pop("notes", {})
    items = data.setdefault("items", {})
    for item_id, note in notes.items():
        items.setdefault(item_id, {"section": note.get("section", OTHER_SECTION)})
        items[item_id]["note"] = note.get("text", "")
    return data


def _migrate_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 adds the tables for requests and the visit; a format 2 file has none of them yet."""
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


def schema_of(data: Any) -> int:
    """The file's schema number; raises ValueError when the shape is not ours."""
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise ValueError("not a table-of-tables JSON object")
    for table in data.values():
        if not all(isinstance(doc, dict) for doc in table.values()):
            raise ValueError("a table holds something other than documents")
    state = data.get("meta", {}).get(STATE_ID, {})
    schema = state.get("schema", 1 if data else SCHEMA_VERSION)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise ValueError(f"schema {schema!r} is not a version number")
    return schema


def check_fields(data: dict[str, Any]) -> None:
    """Raise ValueError when a known field holds the wrong kind of value (a hand-edited or foreign file)."""
    for table, fields in FIELD_TYPES.items():
        if table in LENIENT_TABLES:
            continue  # read field by field, a wrong one shown as unknown
        for doc in data.get(table, {}).values():
            for name, kinds in fields.items():
                value = doc.get(name)
                if value is None and name not in doc:
                    continue
                if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
                    raise ValueError(f"{table} field {name!r} holds {type(value).__name__}")
                if isinstance(value, list) and not all(isinstance(part, str) for part in value):
                    raise ValueError(f"{table} field {name!r} holds something other than ids")


def migrate(data: dict[str, Any], schema: int) -> dict[str, Any]:
    """``data`` brought from ``schema`` to the current version; ValueError if it is not a shape we wrote."""
    try:
        while schema < SCHEMA_VERSION:
            data = MIGRATIONS[schema](data)
            schema += 1
        data.setdefault("meta", {}).setdefault(STATE_ID, {})["schema"] = SCHEMA_VERSION
    except (AttributeError, TypeError) as error:
        raise ValueError(str(error)) from None
    check_fields(data)
    return data


def recognise(path: Path, raw: bytes | None) -> Found:
    """Tell what the bytes read from ``path`` are; UnusableFile for a file secondop must not touch.

    In the app's own place (``own_db_path``) any file is ours, since nobody else keeps files there.
    """
    if raw is None:
        return Found(None, {})
    try:
        data: Any = json.loads(raw.decode("utf-8"))
        ours = is_our_shape(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        data, ours = None, began_like_ours(raw)
    if not (ours or is_own_db_path(path)):
        raise not_ours(path)
    try:
        schema = schema_of(data)
    except ValueError:
        return Found(raw, None)
    if schema > SCHEMA_VERSION:
        raise UnusableFile(
            _(
                "{path} was saved by a newer secondop (format {schema}); it was left untouched. Please update secondop."
            ).format(path=path, schema=schema)
        )
    try:
        return Found(raw, migrate(data, schema), schema)
    except ValueError:
        return Found(raw, None, schema)  # a shape no secondop ever wrote in that format


def examine(path: Path) -> Found:
    """Read ``path`` without following a link and tell what it is; UnusableFile for anything to leave alone."""
    try:
        return recognise(path, read_plain(path))
    except NotPlainFile as error:
        raise UnusableFile(_("{path} is {what}, not a progress file").format(path=path, what=_(error.what))) from None
    except PermissionError:
        raise UnusableFile(_("cannot read {path}: permission denied").format(path=path)) from None


def write_fresh(path: Path) -> None:
    # Stamp the schema from the start: a file with data but no schema is read as format 1.
    write_atomic(path, json.dumps({"meta": {STATE_ID: {"schema": SCHEMA_VERSION}}}).encode("utf-8"))


def set_aside(path: Path, raw: bytes, label: str) -> Path:
    """Keep ``raw`` (the file's bytes) beside it, 0600, under a timestamped name that is not taken yet."""
    target = path.with_name(f"{path.name}.{label}-{time.strftime('%Y%m%d-%H%M%S')}")
    while True:
        try:
            write_new(target, raw)
            return target
        except FileExistsError:  # taken, perhaps by a link planted there: another name, never through it
            target = target.with_name(f"{target.name}-{uuid.uuid4().hex[:4]}")


def prepare_file(path: Path) -> str | None:
    """Make ``path`` a current, readable progress file; returns a notice for the person, if any.

    Raises UnusableFile for a file it must not touch, OSError when it cannot write. The caller holds
    the file's lock.
    """
    found = examine(path)
    remove_stale_temps(path)  # only once the file is known to be ours (or missing)
    if found.raw is None:
        write_fresh(path)
    elif found.data is None:
        kept = set_aside(path, found.raw, "corrupt")
        write_fresh(path)
        message = _("Your saved progress could not be read, so you start fresh. A copy is kept at {kept}")
        return message.format(kept=kept)
    elif found.schema < SCHEMA_VERSION:
        set_aside(path, found.raw, f"schema{found.schema}")
        write_atomic(path, json.dumps(found.data, ensure_ascii=False).encode("utf-8"))
    else:
        make_private(path)
    return None
