"""The garbage collector around start-up.

Start-up builds tens of thousands of objects (Textual, the guide, the first screen) and frees almost none,
yet the collector walked them a hundred times before the first frame, a tenth of its CPU, finding next to
nothing. It is held from the start until the first frame is on screen; then one full collection, and what
survived is frozen: it lives as long as the process, and later full collections skip it (a full walk of it
every few keys was a visible stall).
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """No collections until ``settle``: for a process about to start its app."""
    global _held
    _held = True
    gc.disable()


def release() -> None:
    """Collect as usual again, freezing nothing: for a command that is not the app (a server runs for days)."""
    global _held
    if _held:
        _held = False
        gc.enable()


def settle() -> None:
    """Once the first frame is up: collect once, freeze what is left and collect as usual from then on. Does
    nothing when ``hold`` was not called (an app in a test, whose process holds much else)."""
    global _held
    if not _held:
        return
    _held = False
    gc.collect()
    gc.freeze()
    gc.enable()
