"""The progress file's tables for requests on a clock (records asked for, insurance calls, appeals).

Each table's fields and the kinds of value they may hold. Unlike the checklist's, a field of the wrong kind
here (a file edited by hand) does not make the file unreadable: the tracker shows that field as unknown and
keeps everything else, so ``schema`` only checks that each table holds documents.
"""

from __future__ import annotations

TEXT = (str,)
DATE = (str,)  # YYYY-MM-DD
WHEN = (int, float)  # seconds since the epoch, for a stable order

TRACKER_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "requests": {
        "what": TEXT,
        "words": TEXT,
        "office": TEXT,
        "how": TEXT,
        "asked": DATE,
        "extended": (bool,),
        "received": DATE,
        "sent": DATE,
        "note": TEXT,
        "item": TEXT,
        "created": WHEN,
    },
    "calls": {
        "kind": TEXT,
        "on": DATE,
        "who": TEXT,
        "reference": TEXT,
        "said": TEXT,
        "appealed": DATE,
        "note": TEXT,
        "created": WHEN,
    },
}
# Read field by field, an unknown value standing for a wrong one (see above).
LENIENT_TABLES = frozenset(TRACKER_FIELDS)
