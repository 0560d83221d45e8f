"""The progress file's tables for requests on a clock (records asked for, insurance calls, appeals).

Each table's fields and the kinds of value they may hold; ``schema`` checks every file against them.
"""

from __future__ import annotations

TRACKER_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {}
