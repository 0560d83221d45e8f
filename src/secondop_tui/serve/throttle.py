"""Slows down guessing: too many failed logins from one address lock it out for a while."""

from __future__ import annotations

import time
from collections import deque

MAX_FAILURES = 10
WINDOW_SECONDS = 60.0


class AuthThrottle:
    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, address: str) -> deque[float]:
        failures = self._failures.get(address)
        if failures is None:
            return deque()
        cutoff = time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        if not failures:
            del self._failures[address]
        return failures

    def failed(self, address: str) -> None:
        self._recent(address)
        self._failures.setdefault(address, deque()).append(time.monotonic())

    def blocked(self, address: str) -> bool:
        return len(self._recent(address)) >= self.max_failures
