"""User names from SSH logins, made safe to use as folder names."""

from __future__ import annotations

import re

# Lower-case letters, digits, dot, dash and underscore; never starting with a dot or dash, so a name can
# never be "..", a hidden file, or look like an option. Case is folded so "Alice" and "alice" share data.
_VALID = re.compile(r"[a-z0-9_][a-z0-9._-]{0,31}")


def clean_user_name(name: str) -> str | None:
    """The folder-safe form of ``name``, or None if it cannot be used as it is."""
    folded = name.strip().lower()
    if _VALID.fullmatch(folded) and ".." not in folded:
        return folded
    return None
