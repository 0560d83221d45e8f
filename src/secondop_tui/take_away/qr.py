"""The checklist as a QR code of plain text, as much of it as one code on this screen can hold, in half blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import segno
from segno import DataOverflowError

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide
from secondop_tui.export import export_checklist
from secondop_tui.i18n import _, ngettext
from secondop_tui.marks import HALF_BLOCKS, TEXT_TODO
from secondop_tui.sanitize import printable

QUIET_ZONE = 2  # modules of light border; phone readers manage with 2, and screen rows are scarce
ERROR_LEVEL = "l"  # the most room for text: a screen does not get dirty like paper does



@dataclass(frozen=True)
class QrPayload:
    text: str  # exactly what the code holds
    qr: segno.QRCode | None  # None when not even one item fits on this screen
    note: str  # what the code holds, in words, for the person holding the phone


def make_qr(text: str) -> segno.QRCode:
    """The code for ``text``; raises DataOverflowError when no QR version can hold it."""
    return segno.make_qr(text, error=ERROR_LEVEL)


def _fits(text: str, max_modules: int) -> segno.QRCode | None:
    try:
        qr = make_qr(text)
    except DataOverflowError:
        return None
    width, _ = qr.symbol_size(scale=1, border=QUIET_ZONE)
    return qr if width <= max_modules else None


def todo_text(entries: list[Entry]) -> str:
    lines = [_("Second opinion checklist: still to do"), ""]
    lines += [f"{TEXT_TODO} {printable(entry.text, single_line=True)}" for entry in entries]
    return "\n".join(lines) + "\n"


def payload_for(
    guide: Guide, entries: list[Entry], columns: int, rows: int, today: date | None = None
) -> QrPayload:
    """The most of the checklist that one code can hold in ``columns`` x ``rows`` character cells."""
    max_modules = min(columns, rows * 2)
    whole = export_checklist(guide, entries, "txt", today)
    if qr := _fits(whole, max_modules):
        return QrPayload(whole, qr, _("The code holds your whole checklist, with ticks and notes."))
    todo = [entry for entry in entries if not entry.done]
    all_done = _("Second opinion checklist: every item is done.") + "\n"
    if not todo and (qr := _fits(text := all_done, max_modules)):
        return QrPayload(text, qr, _("Every item on your checklist is ticked, so the code just says so."))
    if todo and (qr := _fits(text := todo_text(todo), max_modules)):
        note = ngettext("Your checklist is too long for one code, so it holds the {count} item still to do.",
                        "Your checklist is too long for one code, so it holds the {count} items still to do.",
                        len(todo)).format(count=len(todo))
        return QrPayload(text, qr, note)
    # More items never make a smaller code, so the largest count that fits can be found by halving.
    low, high = 1, len(todo) - 1
    best: tuple[int, str, segno.QRCode] | None = None
    while low <= high:
        middle = (low + high) // 2
        if qr := _fits(text := todo_text(todo[:middle]), max_modules):
            best, low = (middle, text, qr), middle + 1
        else:
            high = middle - 1
    if best is None:
        return QrPayload("", None, _("This screen is too small for a code."))
    count, text, qr = best
    note = _("Your checklist is too long for one code, so it holds the first {count} of {total} items still to do."
             ).format(count=count, total=len(todo))
    return QrPayload(text, qr, note)


def half_block_lines(qr: segno.QRCode) -> list[str]:
    """The code as text: each line is two rows of modules; draw it dark on light whatever the theme."""
    matrix = [[bool(module) for module in row] for row in qr.matrix_iter(scale=1, border=QUIET_ZONE)]
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))  # a light row below: part of the quiet zone
    return [
        "".join(HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower))
        for upper, lower in zip(matrix[::2], matrix[1::2])
    ]
