"""What day it is, for the tracker. The app hands a clock to whatever needs "today", so tests can set it."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date

Clock = Callable[[], date]

# Read here only, and only tests set it: the app's own idea of today, for checking what a date looks like later.
TODAY_ENV = "SECONDOP_TODAY"


def system_clock() -> date:
    return date.today()


def clock_from(environ: Mapping[str, str] | None = None) -> Clock:
    """The clock the app uses: the system's, unless SECONDOP_TODAY holds a date (YYYY-MM-DD)."""
    value = (os.environ if environ is None else environ).get(TODAY_ENV, "")
    try:
        fixed = date.fromisoformat(value.strip())
    except ValueError:
        return system_clock
    return lambda: fixed
