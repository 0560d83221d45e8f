"""The tracker at a glance: every request and insurance answer with its standing, most pressing first, the
one line the Welcome page and the sidebar show, and the plain text that goes wherever the checklist goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from secondop_tui.i18n import _, ngettext
from secondop_tui.tracker.dates import spoken
from secondop_tui.tracker.model import CALL, DENIAL, HOW_ASKED, InsuranceEvent, RecordRequest
from secondop_tui.tracker.next_steps import event_step, request_step
from secondop_tui.tracker.states import APPEALED, LATE, NOTED, SENT, Standing, event_standing, standing, urgency


@dataclass(frozen=True)
class Row:
    entry: RecordRequest | InsuranceEvent
    standing: Standing

    @property
    def is_request(self) -> bool:
        return isinstance(self.entry, RecordRequest)

    def label(self) -> str:
        """One line of the list: what, from whom, and where it stands."""
        entry = self.entry
        if isinstance(entry, RecordRequest):
            where = f" - {entry.office}" if entry.office else ""
        else:
            where = f" - {entry.who}" if entry.who else ""
        return f"{entry.title}{where}: {self.standing.words()}"

    def step(self, today: date) -> str:
        entry = self.entry
        return request_step(entry, today) if isinstance(entry, RecordRequest) else event_step(entry, today)

    def details(self) -> list[str]:
        """Each known field on a line of its own; a date that could not be read is not listed."""
        entry = self.entry
        lines: list[tuple[str, str]] = []
        if isinstance(entry, RecordRequest):
            lines += [
                (_("From"), entry.office),
                (_("Asked by"), _(HOW_ASKED[entry.how]) if entry.how in HOW_ASKED else ""),
                (_("Asked on"), spoken(entry.asked) if entry.asked else ""),
                (_("Due"), spoken(self.standing.due) if self.standing.due else ""),
                (_("Extended"), _("yes, 30 more days, in writing") if entry.extended else ""),
                (_("Received"), spoken(entry.received) if entry.received else ""),
                (_("Sent on"), spoken(entry.sent) if entry.sent else ""),
            ]
        else:
            lines += [
                (_("Date"), spoken(entry.on) if entry.on else ""),
                (_("Who"), entry.who),
                (_("Reference"), entry.reference),
                (_("What they said") if entry.kind == CALL else _("Reason"), entry.said),
                (
                    _("Appeal by") if entry.kind == DENIAL else _("Ask for an external review by"),
                    spoken(self.standing.due) if self.standing.due else "",
                ),
                (_("Sent on"), spoken(entry.appealed) if entry.appealed else ""),
            ]
        lines.append((_("Note"), entry.note))
        return [f"{name}: {value}" for name, value in lines if value]


@dataclass(frozen=True)
class Tracked:
    """The requests and insurance answers as read at one moment, to go wherever the checklist goes."""

    requests: list[RecordRequest]
    events: list[InsuranceEvent]

    def text(self, today: date, markdown: bool = False) -> str:
        return tracker_text(self.requests, self.events, today, markdown)

    def open_lines(self, today: date) -> list[str]:
        """One line for each request or appeal not yet done with, most pressing first (for a short QR code)."""
        request_rows, event_rows = board(self.requests, self.events, today)
        return [
            f"* {row.label()}"
            for row in (*request_rows, *event_rows)
            if row.standing.state not in (SENT, NOTED, APPEALED)
        ]


def board(requests: list[RecordRequest], events: list[InsuranceEvent], today: date) -> tuple[list[Row], list[Row]]:
    """The requests and the insurance answers, each most pressing first (a stable sort keeps the order added)."""
    request_rows = [Row(request, standing(request, today)) for request in requests]
    event_rows = [Row(event, event_standing(event, today)) for event in events]
    return (
        sorted(request_rows, key=lambda row: urgency(row.standing)),
        sorted(event_rows, key=lambda row: urgency(row.standing)),
    )


def pressing_line(requests: list[RecordRequest], events: list[InsuranceEvent], today: date) -> str | None:
    """ "1 request late, 1 due within a week"; None when nothing is late or due within a week."""
    request_rows, event_rows = board(requests, events, today)
    late = sum(1 for row in request_rows if row.standing.state == LATE)
    late_appeals = sum(1 for row in event_rows if row.standing.state == LATE)
    soon = sum(1 for row in (*request_rows, *event_rows) if row.standing.soon)
    parts = []
    if late:
        parts.append(ngettext("{count} request late", "{count} requests late", late).format(count=late))
    if late_appeals:
        parts.append(
            ngettext("{count} appeal deadline passed", "{count} appeal deadlines passed", late_appeals).format(
                count=late_appeals
            )
        )
    if soon:
        parts.append(ngettext("{count} due within a week", "{count} due within a week", soon).format(count=soon))
    return ", ".join(parts) if parts else None


def tracker_text(
    requests: list[RecordRequest], events: list[InsuranceEvent], today: date, markdown: bool = False
) -> str:
    """The requests and insurance answers as text (or Markdown) for export and Take it with you; "" when none."""
    request_rows, event_rows = board(requests, events, today)
    blocks: list[str] = []
    for heading, rows in ((_("Records you asked for"), request_rows), (_("Insurance calls and appeals"), event_rows)):
        if not rows:
            continue
        lines = [f"## {heading}", ""] if markdown else [heading, "-" * len(heading)]
        for row in rows:
            lines.append(f"- {row.label()}" if markdown else f"* {row.label()}")
            lines += [f"  {detail}" for detail in row.details()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
