"""The checklist as QR codes of plain text, as much of it as the codes on this screen can hold, in half blocks.

What goes in is planned from the codes' known capacities, before anything is encoded: the whole checklist if
one code holds it, else the items still to do, in one code or split into several to scan one after the other.
Text too long for a code is never handed to the encoder, which would work through all of it before saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import segno

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide
from secondop_tui.export import export_checklist
from secondop_tui.i18n import _, ngettext
from secondop_tui.marks import HALF_BLOCKS
from secondop_tui.sanitize import printable

if TYPE_CHECKING:  # only named here: the tracker's modules load when requests are shown
    from secondop_tui.tracker.board import Tracked

QUIET_ZONE = 2  # modules of light border; phone readers manage with 2, and screen rows are scarce
ERROR_LEVEL = "l"  # the most room for text: a screen does not get dirty like paper does
# Bytes a code of each version (1 to 40) holds at error level L in byte mode (ISO/IEC 18004, table 7). Any
# text takes at most this many bytes in the mode the encoder picks for it (see ``qr_size``).
BYTE_CAPACITY = (
    17,
    32,
    53,
    78,
    106,
    134,
    154,
    192,
    230,
    271,
    321,
    367,
    425,
    458,
    520,
    586,
    644,
    718,
    792,
    858,
    929,
    1003,
    1091,
    1171,
    1273,
    1367,
    1465,
    1528,
    1628,
    1732,
    1840,
    1952,
    2068,
    2188,
    2303,
    2431,
    2563,
    2699,
    2809,
    2953,
)
MOST_PARTS = 40  # codes to scan one after another; past that, a bigger window is the better advice
CUT = "..."  # the end of an item too long for a code of its own


def code_width(version: int) -> int:
    """Modules across a code of ``version``, with its quiet zone."""
    return 17 + 4 * version + 2 * QUIET_ZONE


def largest_version(max_modules: int) -> int:
    """The largest version whose code fits in ``max_modules`` modules square; 0 when none does."""
    return max((version for version in range(1, 41) if code_width(version) <= max_modules), default=0)


def qr_size(text: str) -> int:
    """The bytes the encoder puts ``text`` in: ISO 8859-1 when it can (QR codes' own), else UTF-8."""
    try:
        return len(text.encode("iso-8859-1"))
    except UnicodeEncodeError:
        return len(text.encode("utf-8"))


def make_qr(text: str) -> segno.QRCode:
    """The code for ``text``, which must fit in one (see ``plan_codes``)."""
    return segno.make_qr(text, error=ERROR_LEVEL)


@dataclass(frozen=True)
class QrPlan:
    parts: tuple[str, ...]  # exactly what each code holds, in order; none when no code fits the screen
    note: str  # what the codes hold, in words, for the person holding the phone
    items: int = 0  # items still to do in the codes, when they hold those rather than the whole checklist


def cut_to(text: str, room: int) -> str:
    """``text``, cut short (ending in ``CUT``) if it takes more than ``room`` bytes in a code."""
    if qr_size(text) <= room:
        return text
    low, high = 0, min(len(text), room)  # every character takes at least a byte
    while low < high:
        middle = (low + high + 1) // 2
        if qr_size(text[:middle] + CUT) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low] + CUT


def todo_line(entry: Entry, room: int) -> str:
    """One item still to do, with its note, in at most ``room`` bytes. Cut before cleaning: an item may be long."""
    line = "- " + printable(entry.text[:room], single_line=True)
    if entry.note:
        line += " (" + _("Note: {note}").format(note=printable(entry.note[:room], single_line=True)) + ")"
    return cut_to(line, room)


def _header(number: int, parts: int) -> str:
    """The line above a code's items: short, as every byte of it is room taken from the items."""
    if parts == 1:
        return _("Second opinion checklist: still to do") + "\n"
    if number == 1:
        return _("Second opinion checklist, still to do, {number}/{parts}:").format(number=number, parts=parts) + "\n"
    return _("Still to do, {number}/{parts}:").format(number=number, parts=parts) + "\n"


def _part(header: str, lines: list[str]) -> str:
    return header + "".join(f"{line}\n" for line in lines)


def _pack(lines: list[str], capacity: int) -> list[list[str]]:
    """``lines`` in groups, in order, each fitting one code under its header (made as long as for 99 codes)."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if groups[-1] and qr_size(_part(_header(len(groups), 99), [*groups[-1], line])) > capacity:
            if len(groups) == MOST_PARTS:
                break
            groups.append([])
        groups[-1].append(line)
    return groups


def plan_codes(
    guide: Guide,
    entries: list[Entry],
    columns: int,
    rows: int,
    today: date | None = None,
    tracked: Tracked | None = None,
) -> QrPlan:
    """The most of the checklist that codes in ``columns`` x ``rows`` character cells can hold; encodes nothing."""
    version = largest_version(min(columns, rows * 2))
    if version == 0:
        return QrPlan((), _("This screen is too small for a code."))
    capacity = BYTE_CAPACITY[version - 1]
    # Each character takes at least a byte: most checklists too long for a code are known so without writing them.
    if sum(len(entry.text) + len(entry.note) for entry in entries) <= capacity:
        whole = export_checklist(guide, entries, "txt", today, tracked)
        if qr_size(whole) <= capacity:
            return QrPlan((whole,), _("The code holds your whole checklist, with ticks and notes."))
    todo = [entry for entry in entries if not entry.done]
    # Requests still open go after the items, each on one line (those done with stay out of a short code).
    open_requests = tracked.open_lines(today or date.today()) if tracked else []
    if not todo and not open_requests:
        done = _("Second opinion checklist: every item is done.") + "\n"
        if qr_size(done) <= capacity:
            return QrPlan((done,), _("Every item on your checklist is ticked, so the code just says so."))
        return QrPlan((), _("This screen is too small for a code."))
    room = capacity - max(qr_size(_header(number, 99)) for number in (1, 2)) - 1  # and its newline
    if room < 16:  # not even the start of an item
        return QrPlan((), _("This screen is too small for a code."))
    lines = [todo_line(entry, room) for entry in todo] + [line[:room] for line in open_requests]
    one = _part(_header(1, 1), lines)
    if qr_size(one) <= capacity:
        note = ngettext(
            "Your checklist is too long for one code, so it holds the {count} item still to do.",
            "Your checklist is too long for one code, so it holds the {count} items still to do.",
            len(todo),
        ).format(count=len(todo))
        return QrPlan((one,), note, len(todo))
    groups = _pack(lines, capacity)
    parts = tuple(_part(_header(number, len(groups)), group) for number, group in enumerate(groups, 1))
    held = sum(len(group) for group in groups)
    if held == len(todo):
        note = _(
            "Your checklist is too long for one code, so the {count} items still to do are split into "
            "{parts} codes. Scan them one after the other."
        ).format(count=len(todo), parts=len(parts))
    else:
        note = _(
            "Your checklist is too long for this screen, so these {parts} codes hold the first {held} of the "
            "{count} items still to do. Scan them one after the other."
        ).format(parts=len(parts), held=held, count=len(todo))
    return QrPlan(parts, note, held)


def half_block_lines(qr: segno.QRCode) -> list[str]:
    """The code as text: each line is two rows of modules; draw it dark on light whatever the theme."""
    matrix = [[bool(module) for module in row] for row in qr.matrix_iter(scale=1, border=QUIET_ZONE)]
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))  # a light row below: part of the quiet zone
    return [
        "".join(HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower))
        for upper, lower in zip(matrix[::2], matrix[1::2])
    ]


def _numbered(number: int, parts: int) -> str:
    return f"({number}/{parts})\n"


def plan_text_codes(text: str, columns: int, rows: int) -> QrPlan:
    """Codes for a document other than the checklist (the visit's question card): the whole text in one code
    if it fits, else its lines, in order, split into numbered codes to scan one after the other."""
    # Blank lines are room to write on paper; on a phone they are only bytes.
    text = "".join(f"{line}\n" for line in text.splitlines() if line.strip())
    version = largest_version(min(columns, rows * 2))
    capacity = BYTE_CAPACITY[version - 1] if version else 0
    if version and qr_size(text) <= capacity:
        return QrPlan((text,), _("The code holds all of it."))
    room = capacity - qr_size(_numbered(MOST_PARTS, MOST_PARTS)) - 1
    if room < 16:
        return QrPlan((), _("This screen is too small for a code."))
    lines = [cut_to(line[:room], room) for line in text.splitlines()]
    groups: list[list[str]] = [[]]
    for line in lines:
        if groups[-1] and qr_size(_part(_numbered(MOST_PARTS, MOST_PARTS), [*groups[-1], line])) > capacity:
            if len(groups) == MOST_PARTS:
                break
            groups.append([])
        groups[-1].append(line)
    parts = tuple(_part(_numbered(number, len(groups)), group) for number, group in enumerate(groups, 1))
    if sum(len(group) for group in groups) < len(lines):
        note = _(
            "It is too long for this screen, so these {parts} codes hold its first part. Scan them one after the other."
        ).format(parts=len(parts))
    else:
        note = _(
            "It is too long for one code, so it is split into {parts} codes. Scan them one after the other."
        ).format(parts=len(parts))
    return QrPlan(parts, note)
