"""The progress file's tables for the visit (questions, what each doctor said, the opinions side by side).

Each table's fields and the kinds of value they may hold; ``schema`` checks every file against them.
"""

from __future__ import annotations

VISIT_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {}
