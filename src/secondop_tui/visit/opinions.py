"""What each doctor said, one record per opinion, and the opinions laid side by side, row by row.

Every field is short plain words the person types; any may stay empty. Two opinions differ on a row when at
least two of them say something there and not the same thing (case, spacing and end punctuation aside).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from secondop_tui.i18n import N_, _

OPINIONS = 3  # first, second and a third to break a tie
MAX_FIELD = 2000  # characters in one field
ORDINALS = (N_("First opinion"), N_("Second opinion"), N_("Third opinion"))


class Field(NamedTuple):
    key: str
    label: str  # marked for translation; shown through _()
    hint: str = ""


# The record's fields, in the order they are asked for and laid side by side.
OPINION_FIELDS: tuple[Field, ...] = (
    Field("doctor", N_("Doctor and place")),
    Field("date", N_("Date")),
    Field("diagnosis", N_("Diagnosis and stage, as told")),
    Field("tests", N_("Tests used, and new ones asked for")),
    Field("plan", N_("Recommended plan")),
    Field("goal", N_("Goal of the plan")),
    Field("start", N_("When it should start")),
    Field("options", N_("Other options mentioned")),
    Field("trials", N_("Clinical trials")),
    Field("change", N_("What would change the plan")),
    Field("next", N_("Next steps")),
)
FIELD_KEYS = frozenset(field.key for field in OPINION_FIELDS)
# Rows that say who and when: laid side by side, never marked as differing (two doctors always differ there).
HEADER_KEYS = frozenset({"doctor", "date"})

Opinion = Mapping[str, str]


def ordinal(number: int) -> str:
    """ "First opinion" for 1, and so on."""
    return _(ORDINALS[number - 1])


def _same_words(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!;,")


class Row(NamedTuple):
    key: str
    label: str
    values: tuple[str, ...]
    differs: bool


def differs(values: Sequence[str]) -> bool:
    said = {_same_words(value) for value in values if value.strip()}
    return len(said) > 1


def used(opinions: Sequence[Opinion]) -> list[int]:
    """Which opinions (1-based) have anything in them; the first two always count, to have two columns."""
    return [
        number
        for number, opinion in enumerate(opinions, 1)
        if number <= 2 or any(value.strip() for value in opinion.values())
    ]


def side_by_side(opinions: Sequence[Opinion]) -> list[Row]:
    """One row per field, a value per opinion ("" where nothing was written), with the rows that differ marked."""
    rows: list[Row] = []
    for field in OPINION_FIELDS:
        values = tuple(opinion.get(field.key, "") for opinion in opinions)
        rows.append(Row(field.key, _(field.label), values, field.key not in HEADER_KEYS and differs(values)))
    return rows


def differing(rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if row.differs]
