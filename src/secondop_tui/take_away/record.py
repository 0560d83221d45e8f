"""What one person has saved and printed so far: in one run of the app, or one kiosk visit.

Kept so that a key pressed by mistake, or a whole sentence typed where no box is open, cannot write a second
file or print a second copy of a checklist that has not changed since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from secondop_tui.take_away.printer import PrintGate


@dataclass(frozen=True)
class Saved:
    text: str  # exactly what was saved
    name: str  # the file's name
    path: Path | None  # where it is; None for a download, which is on the person's own device


@dataclass
class TakeAwayRecord:
    gate: PrintGate | None = None  # what lets print jobs through; None: nothing limits them (a person's own)
    printing: bool = False  # a print job is on its way: another waits until it is done
    printed: str | None = None  # the text of the last print-out that worked
    saved: dict[str, Saved] = field(default_factory=dict)  # the last save of each format

    def saved_before(self, fmt: str, text: str) -> Saved | None:
        """The save of this very text in ``fmt``, if there was one and its file is still there."""
        earlier = self.saved.get(fmt)
        if earlier is None or earlier.text != text:
            return None
        if earlier.path is not None and not earlier.path.is_file():
            return None  # moved or deleted since: it is saved again
        return earlier

    def forget(self, name: str) -> None:
        """A save or download that did not work: the next one is made again."""
        self.saved = {fmt: earlier for fmt, earlier in self.saved.items() if earlier.name != name}
