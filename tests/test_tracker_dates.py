"""Dates typed the way people type them, in English and Spanish, read against a "today" the test sets."""

from __future__ import annotations

from datetime import date

import pytest

from secondop_tui.i18n import set_language
from secondop_tui.tracker.clock import clock_from
from secondop_tui.tracker.dates import DateError, parse_date, parse_past, spoken

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("typed", "language", "meant"),
    [
        ("today", "en", TODAY),
        ("Today", "en", TODAY),
        ("yesterday", "en", date(2026, 12, 4)),
        ("3 Dec", "en", date(2026, 12, 3)),
        ("Dec 3", "en", date(2026, 12, 3)),
        ("december 3, 2025", "en", date(2025, 12, 3)),
        ("12/3", "en", date(2026, 12, 3)),
        ("12/3/2026", "en", date(2026, 12, 3)),
        ("2026-12-03", "en", date(2026, 12, 3)),
        ("hoy", "es", TODAY),
        ("ayer", "es", date(2026, 12, 4)),
        ("3 dic", "es", date(2026, 12, 3)),
        ("3 de diciembre", "es", date(2026, 12, 3)),
        ("3/12", "es", date(2026, 12, 3)),
        ("2026-12-03", "es", date(2026, 12, 3)),
        ("  3 DIC. ", "es", date(2026, 12, 3)),
        ("1 ene", "es", date(2026, 1, 1)),
        ("15 agosto", "es", date(2026, 8, 15)),
    ],
)
def test_each_form_of_date_is_read(typed: str, language: str, meant: date) -> None:
    assert parse_date(typed, TODAY, language) == meant


def test_a_day_without_a_year_is_the_last_one_that_has_come() -> None:
    # Early in January, "28 Dec" is the December just gone, not the one still to come.
    assert parse_date("28 Dec", date(2027, 1, 2)) == date(2026, 12, 28)
    assert parse_date("29 Feb", date(2026, 12, 5)) == date(2024, 2, 29)


@pytest.mark.parametrize("typed", ["", "   ", "soon", "31 Feb 2026", "2026-13-01", "13/13", "x" * 500, "3 Foo"])
def test_what_is_not_a_date_is_one_calm_line(typed: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(typed, TODAY)
    assert str(caught.value) and "\n" not in str(caught.value)


def test_a_date_still_to_come_is_refused_where_only_the_past_makes_sense() -> None:
    with pytest.raises(DateError, match="still to come"):
        parse_past("2026-12-06", TODAY)
    assert parse_past("2026-12-05", TODAY) == TODAY


def test_the_clock_is_the_systems_unless_a_test_sets_today() -> None:
    assert clock_from({"SECONDOP_TODAY": "2027-01-31"})() == date(2027, 1, 31)
    assert clock_from({})() == date.today()
    assert clock_from({"SECONDOP_TODAY": "not a date"})() == date.today()


def test_dates_are_spoken_in_the_language_in_use() -> None:
    assert spoken(date(2026, 12, 3)) == "3 Dec 2026"
    set_language("es")
    assert spoken(date(2026, 12, 3)) == "3 dic 2026"
