"""The parts of ``secondop serve`` that decide, each on its own: who waits, who is slowed down, what size."""

from __future__ import annotations

import pytest

from secondop_tui.serve.ssh.throttle import LoginThrottle
from secondop_tui.serve.ssh.waiting import WaitingLine

from support.clock import Clock

pytestmark = pytest.mark.unit


def test_failures_for_one_name_pause_that_name_only_and_only_for_a_while() -> None:
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, window=60, clock=clock)
    for _ in range(3):
        assert not throttle.blocked("alice")
        throttle.failed("alice")
        clock.now += 1
    assert throttle.blocked("alice") and not throttle.blocked("bob")
    clock.now += 58
    assert not throttle.blocked("alice")  # the first failure is more than a minute old


def test_a_forgiven_failure_does_not_count() -> None:
    throttle = LoginThrottle(max_failures=2, clock=Clock())
    throttle.failed("visitor")
    throttle.forgive("visitor")
    throttle.failed("visitor")
    assert not throttle.blocked("visitor")
    throttle.forgive("nobody")  # nothing to take back: no error


def test_names_remembered_are_bounded_and_the_oldest_go_first() -> None:
    throttle = LoginThrottle(max_failures=1, clock=Clock(), max_names=100)
    throttle.failed("alice")
    for number in range(1000):
        throttle.failed(f"name{number}")
    assert not throttle.blocked("alice")
    assert throttle.blocked("name999")
    assert sum(throttle.blocked(f"name{number}") for number in range(1000)) == 100


class Waiter:
    def __init__(self, address: str, silent: bool = False) -> None:
        self.address = address
        self.silent = silent


def test_a_full_address_gives_up_its_silent_then_its_oldest() -> None:
    line: WaitingLine[Waiter] = WaitingLine(total=10, per_address=3)
    speaking, idle, newer = Waiter("a"), Waiter("a", silent=True), Waiter("a")
    for waiter in (speaking, idle, newer):
        assert line.join(waiter) is None
    assert line.join(Waiter("a")) is idle  # silent goes first, however new
    assert line.join(Waiter("a")) is speaking  # then the one waiting longest
    assert line.join(Waiter("b")) is None and len(line) == 4


def test_a_full_line_takes_from_the_busiest_address() -> None:
    line: WaitingLine[Waiter] = WaitingLine(total=4, per_address=3)
    crowd = [Waiter("crowd") for _ in range(3)]
    alone = Waiter("alone")
    for waiter in (alone, *crowd):
        line.join(waiter)
    assert line.join(Waiter("newcomer")) is crowd[0]
    line.leave(alone)
    line.leave(alone)  # twice: no harm
    assert len(line) == 3
