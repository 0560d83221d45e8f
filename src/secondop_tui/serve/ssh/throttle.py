"""Slows down attacks on key logins without locking out the people they are not aimed at.

A key cannot be guessed, so what is worth slowing down is one name tried again and again. Failures are
counted per user name, never per address: behind OpenSSH every patient comes from 127.0.0.1, and a guest
whose ssh offers keys of its own before coming in as a guest is not attacking anyone. The cap on tries
within one connection lives with the connection (``connection.MAX_REFUSED_KEYS``).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 10  # failed logins for one name within the window pause key logins for that name
WINDOW_SECONDS = 60.0
MAX_NAMES = 4096  # names remembered at once: names come from strangers, so the oldest are forgotten first


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        max_names: int = MAX_NAMES,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_names = max_names
        self._failures: dict[str, deque[float]] = {}  # oldest-touched name first

    def _recent(self, user: str) -> deque[float]:
        failures = self._failures.get(user)
        if failures is None:
            return deque()
        cutoff = self.clock() - self.window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            del self._failures[user]
        return failures

    def failed(self, user: str) -> None:
        failures = self._recent(user)
        self._failures.pop(user, None)
        failures.append(self.clock())
        self._failures[user] = failures  # now the most recently touched
        if len(self._failures) > self.max_names:
            for name in list(self._failures)[: len(self._failures) - self.max_names]:
                del self._failures[name]

    def forgive(self, user: str) -> None:
        """Take back the latest failure of ``user``: the same connection got in after all (as a guest)."""
        failures = self._recent(user)
        if failures:
            failures.pop()
            if not failures:
                del self._failures[user]

    def blocked(self, user: str) -> bool:
        return len(self._recent(user)) >= self.max_failures
