"""The parts of ``secondop serve`` that decide, each on its own: who waits, who is slowed down, what size."""

from __future__ import annotations

from secondop_tui.serve.throttle import LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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
