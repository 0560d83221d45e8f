"""Wrong staff PINs, counted by the kiosk across prompts: three tries, then a wait that doubles each time.

Closing the prompt (Escape) or clearing a visit (F2) does not start the count again; only the right PIN
does, or a restart of the kiosk: the count lives in memory, like a visit.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

TRIES = 3  # wrong PINs in a row before each wait
FIRST_WAIT = 60.0  # seconds shut after the first three
LONGEST_WAIT = 3600.0  # the doubling stops at an hour: staff locked out for longer would stop the service instead


class Verdict(Enum):
    RIGHT = "right"
    WRONG = "wrong"  # and another try may follow at once
    LOCKED = "locked"  # shut for a while: this try was one too many, or came while shut and was not checked


class PinGate:
    """Checks PINs for the staff menu and shuts it after too many wrong ones."""

    def __init__(self, matches: Callable[[str], bool], clock: Callable[[], float]) -> None:
        self.matches = matches
        self.clock = clock  # seconds; the kiosk's own, which tests move by hand
        self.failures = 0  # wrong PINs since the last right one
        self.waits = 0  # times shut since the last right PIN
        self.shut_until: float | None = None

    def wait_left(self) -> float:
        """Seconds until the staff menu may be asked for again; 0 when it may be now."""
        if self.shut_until is None:
            return 0.0
        return max(0.0, self.shut_until - self.clock())

    def attempt(self, pin: str) -> Verdict:
        if self.wait_left() > 0:
            return Verdict.LOCKED
        if self.matches(pin):
            self.failures = self.waits = 0
            self.shut_until = None
            return Verdict.RIGHT
        self.failures += 1
        if self.failures % TRIES:
            return Verdict.WRONG
        # Guessing is slowed down: a waiting room has time, and nobody is watching the screen.
        self.shut_until = self.clock() + min(FIRST_WAIT * 2 ** min(self.waits, 32), LONGEST_WAIT)
        self.waits += 1
        return Verdict.LOCKED
