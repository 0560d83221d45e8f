"""Connections that have no running session yet: still logging in, or about to ask for their app.

Each costs the server a file and some memory while it waits, and strangers can open as many as they like,
so at most ``WAITING_TOTAL`` wait at once, and at most ``WAITING_PER_ADDRESS`` from one address. A newcomer
is always let in; when the line is full, one already in it is turned away instead: from the newcomer's own
address if that one is at its limit, else from the address with the most waiting; and of those, first one
that has not said a word, then the one waiting longest. A flood of idle connections so pushes out only
itself, and a real login, which speaks at once and is done within a second or two, gets through.
"""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

WAITING_TOTAL = 64
WAITING_PER_ADDRESS = 16


class Waiter(Protocol):
    @property
    def address(self) -> str: ...

    @property
    def silent(self) -> bool:
        """Nothing received from the client yet."""


W = TypeVar("W", bound=Waiter)


class WaitingLine(Generic[W]):
    def __init__(self, total: int = WAITING_TOTAL, per_address: int = WAITING_PER_ADDRESS) -> None:
        self.total = total
        self.per_address = per_address
        self._by_address: dict[str, dict[W, None]] = {}  # each address's waiters, longest waiting first
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def join(self, waiter: W) -> W | None:
        """Put ``waiter`` in the line; returns the one it displaced, who must be turned away."""
        own = self._by_address.get(waiter.address, {})
        displaced: W | None = None
        if len(own) >= self.per_address:
            displaced = self._first_to_go(own)
        elif self._count >= self.total:
            displaced = self._first_to_go(max(self._by_address.values(), key=len))
        if displaced is not None:
            self.leave(displaced)
        self._by_address.setdefault(waiter.address, {})[waiter] = None
        self._count += 1
        return displaced

    def leave(self, waiter: W) -> None:
        """Take ``waiter`` out of the line, if it is in it."""
        group = self._by_address.get(waiter.address)
        if group is None or waiter not in group:
            return
        del group[waiter]
        self._count -= 1
        if not group:
            del self._by_address[waiter.address]

    @staticmethod
    def _first_to_go(group: dict[W, None]) -> W:
        return next((waiter for waiter in group if waiter.silent), next(iter(group)))
