"""Checklists sent to a browser tab as downloads (``secondop web``), and how many may wait for the browser.

A browser takes a download at once, unless it first asks the person whether the page may download files, as
some do from the second one on. Until the person answers, the downloads wait: the web server keeps at most
``WAITING_AT_MOST`` for a tab, and the app counts the same ones, so that the person is told why nothing more
comes instead of looking at "Sending..." for good.
"""

from __future__ import annotations

WAITING_AT_MOST = 4


class BrowserDownloads:
    """The downloads one app has offered its browser that the browser has not taken yet."""

    def __init__(self) -> None:
        self._waiting: set[str] = set()

    @property
    def full(self) -> bool:
        return len(self._waiting) >= WAITING_AT_MOST

    def offered(self, key: str | None) -> None:
        if key is not None:
            self._waiting.add(key)

    def ended(self, key: str) -> None:
        """The browser took it, or it failed: either way it no longer waits."""
        self._waiting.discard(key)
