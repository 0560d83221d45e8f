"""The kiosk's staff PIN lockout (``kiosk/lockout.py``), its arithmetic on a clock the test moves."""

from __future__ import annotations

import pytest

from secondop_tui.kiosk.lockout import FIRST_WAIT, LONGEST_WAIT, TRIES, PinGate, Verdict

from support.clock import Clock

pytestmark = pytest.mark.unit
PIN = "2468-staff"


def gate(clock: Clock) -> PinGate:
    return PinGate(lambda pin: pin == PIN, clock)


def fail_until_locked(pins: PinGate) -> int:
    """Wrong PINs until the gate shuts; how many it took."""
    for tries in range(1, TRIES + 1):
        if pins.attempt("0000") is Verdict.LOCKED:
            return tries
    raise AssertionError("the gate never shut")


def test_three_wrong_pins_shut_the_menu_for_a_minute() -> None:
    clock = Clock()
    pins = gate(clock)
    assert [pins.attempt("1111"), pins.attempt("2222")] == [Verdict.WRONG, Verdict.WRONG]
    assert pins.attempt("3333") is Verdict.LOCKED
    assert pins.wait_left() == FIRST_WAIT == 60
    clock.advance(59)
    assert pins.attempt(PIN) is Verdict.LOCKED  # not even the right one is checked while shut
    assert pins.wait_left() == 1
    clock.advance(1)
    assert pins.attempt(PIN) is Verdict.RIGHT


def test_each_lockout_is_twice_as_long_up_to_an_hour() -> None:
    clock = Clock()
    pins = gate(clock)
    waits = []
    for _ in range(9):
        assert fail_until_locked(pins) == TRIES
        waits.append(pins.wait_left())
        clock.advance(pins.wait_left())
    assert waits == [60, 120, 240, 480, 960, 1920, LONGEST_WAIT, LONGEST_WAIT, LONGEST_WAIT]


def test_the_right_pin_starts_the_count_again() -> None:
    clock = Clock()
    pins = gate(clock)
    for _ in range(3):
        fail_until_locked(pins)
        clock.advance(pins.wait_left())
    assert pins.attempt("0000") is Verdict.WRONG  # the count of wrong ones goes on across waits
    assert pins.attempt(PIN) is Verdict.RIGHT
    assert fail_until_locked(pins) == TRIES
    assert pins.wait_left() == FIRST_WAIT


def test_twelve_guesses_fit_in_the_first_ten_minutes() -> None:
    """Someone guessing as fast as the kiosk lets them, trying again every 10 s: the figure for how far the
    lockout slows them down."""
    clock = Clock()
    pins = gate(clock)
    guesses = 0
    start = clock.now
    while clock.now < start + 600:
        while pins.wait_left() == 0:
            guesses += 1
            if pins.attempt("0000") is Verdict.LOCKED:
                break
        clock.advance(10)
    assert guesses == 12


def test_a_lockout_after_many_waits_does_not_overflow() -> None:
    clock = Clock()
    pins = gate(clock)
    pins.waits = 10_000  # as after weeks of guessing
    fail_until_locked(pins)
    assert pins.wait_left() == LONGEST_WAIT
