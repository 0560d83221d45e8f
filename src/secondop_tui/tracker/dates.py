"""Dates as people type them: today, yesterday, 3 Dec, Dec 3, 12/3, 2026-12-03, and in Spanish hoy, ayer, 3 dic.

A date without a year is the latest such day that is not after today (records and calls are things that
happened). In English ``12/3`` is month then day, as in the US; in Spanish ``3/12`` is day then month.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from secondop_tui.i18n import N_, _

MAX_TYPED = 40  # a date is short; anything longer is not one

RELATIVE = {"today": 0, "hoy": 0, "yesterday": 1, "ayer": 1, "anteayer": 2}
MONTHS: dict[str, int] = {}
for number, names in enumerate(
    (
        "january enero jan ene",
        "february febrero feb",
        "march marzo mar",
        "april abril apr abr",
        "may mayo",
        "june junio jun",
        "july julio jul",
        "august agosto aug ago",
        "september septiembre setiembre sep sept set",
        "october octubre oct",
        "november noviembre nov",
        "december diciembre dec dic",
    ),
    start=1,
):
    MONTHS.update(dict.fromkeys(names.split(), number))

ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?")
DAY_MONTH = re.compile(r"(\d{1,2})(?:\s*de)?\s+([a-z]+)\.?(?:\s*(?:de\s+)?(\d{4}))?")
MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:\s*,?\s*(\d{4}))?")


class DateError(ValueError):
    """The text is not a date we can read, or not one allowed here; the message is one calm line."""


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(char for char in text if not unicodedata.combining(char))


def _make(year: int | None, month: int, day: int, today: date) -> date:
    if year is None:
        found = date(today.year, month, day) if _valid(today.year, month, day) else None
        if found is None or found > today:
            # The latest such day that has passed (29 February looks back to the last leap year).
            for back in range(1, 9):
                if _valid(today.year - back, month, day):
                    return date(today.year - back, month, day)
            raise ValueError("no such day")
        return found
    if year < 100:
        year += 2000
    return date(year, month, day)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_date(text: str, today: date, language: str = "en") -> date:
    """The date ``text`` names; DateError when it names none."""
    typed = _folded(text)
    if not typed or len(typed) > MAX_TYPED:
        raise DateError(_("Type a date, for example today, yesterday, 3 Dec or 2026-12-03."))
    try:
        if typed in RELATIVE:
            return today - timedelta(days=RELATIVE[typed])
        if match := ISO.fullmatch(typed):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := SLASHED.fullmatch(typed):
            first, second = int(match[1]), int(match[2])
            month, day = (second, first) if language == "es" else (first, second)
            return _make(int(match[3]) if match[3] else None, month, day, today)
        for pattern, day_group, month_group in ((DAY_MONTH, 1, 2), (MONTH_DAY, 2, 1)):
            if (match := pattern.fullmatch(typed)) and match[month_group] in MONTHS:
                year = int(match[3]) if match[3] else None
                return _make(year, MONTHS[match[month_group]], int(match[day_group]), today)
    except ValueError:
        raise DateError(_("There is no such day. Check the day and the month.")) from None
    raise DateError(_("That is not a date we can read. Try today, yesterday, 3 Dec or 2026-12-03."))


def parse_past(text: str, today: date, language: str = "en") -> date:
    """A date that has already come (when something was asked, received or said); DateError otherwise."""
    found = parse_date(text, today, language)
    if found > today:
        raise DateError(_("That date is still to come. Type the day it happened."))
    return found


def from_stored(value: object) -> date | None:
    """A date as the progress file keeps it (YYYY-MM-DD); None for anything else (a file edited by hand)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def spoken(day: date) -> str:
    """A date in words for the screen: 3 Dec 2026 (both languages put the day first)."""
    return f"{day.day} {_(MONTH_ABBREVIATIONS[day.month - 1])} {day.year}"


# The months as the screen shows them (marked for the catalogue; translated when shown).
MONTH_ABBREVIATIONS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)
