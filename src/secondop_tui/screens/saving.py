"""Store calls from the screens: a problem saving becomes a calm message, never a crash."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.widget import Widget

from secondop_tui.data.store import LimitReached, StoreError
from secondop_tui.i18n import _


@contextmanager
def reported(node: Widget) -> Iterator[None]:
    """Run the store calls in the block; if one fails, say so in one line and let the person go on."""
    try:
        yield
    except LimitReached as error:
        node.notify(str(error), timeout=8, markup=False)  # a limit reached, not a fault: no alarm
    except StoreError as error:
        node.notify(str(error), title=_("Not saved"), severity="error", timeout=10, markup=False)
