"""Where each request stands on the clock, and the order a person should look at them in.

The dates are the guide's (records and insurance sections): an office has 30 days, and 30 more once if it says
so in writing; an internal appeal goes in within 180 days of the plan's letter, an external review within
4 months of its final answer; a complaint to the Office for Civil Rights within 180 days of the problem.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from secondop_tui.i18n import _, ngettext
from secondop_tui.tracker.model import CALL, DENIAL, InsuranceEvent, RecordRequest

ANSWER_DAYS = 30
EXTENSION_DAYS = 30
CALL_BACK_AFTER_DAYS = 14  # "if nothing comes in two weeks, call back"
COMPLAINT_DAYS = 180
APPEAL_DAYS = 180
EXTERNAL_REVIEW_MONTHS = 4
SOON_DAYS = 7  # due within a week: shown with the late ones

TO_ASK = "to-ask"
ASKED = "asked"
LATE = "late"
RECEIVED = "received"
SENT = "sent"
NOTED = "noted"  # a call: nothing is due
APPEALED = "appealed"


@dataclass(frozen=True)
class Standing:
    state: str
    due: date | None = None
    days: int = 0  # days left until due (asked) or past it (late)

    @property
    def soon(self) -> bool:
        return self.state == ASKED and self.days <= SOON_DAYS

    def words(self) -> str:
        """The state as the list shows it: "asked, due in 5 days", "late: 3 days past due"..."""
        if self.state == TO_ASK:
            return _("to ask")
        if self.state == RECEIVED:
            return _("received")
        if self.state == SENT:
            return _("sent")
        if self.state == NOTED:
            return _("noted")
        if self.state == APPEALED:
            return _("appeal sent")
        if self.state == LATE:
            return ngettext("late: {count} day past due", "late: {count} days past due", self.days).format(
                count=self.days
            )
        if self.days == 0:
            return _("due today")
        return ngettext("due in {count} day", "due in {count} days", self.days).format(count=self.days)


def due_date(request: RecordRequest) -> date | None:
    if request.asked is None:
        return None
    return request.asked + timedelta(days=ANSWER_DAYS + (EXTENSION_DAYS if request.extended else 0))


def _clocked(due: date, today: date) -> Standing:
    left = (due - today).days
    return Standing(LATE, due, -left) if left < 0 else Standing(ASKED, due, left)


def standing(request: RecordRequest, today: date) -> Standing:
    if request.sent is not None:
        return Standing(SENT)
    if request.received is not None:
        return Standing(RECEIVED)
    due = due_date(request)
    return Standing(TO_ASK) if due is None else _clocked(due, today)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def appeal_due(event: InsuranceEvent) -> date | None:
    if event.on is None or event.kind == CALL:
        return None
    if event.kind == DENIAL:
        return event.on + timedelta(days=APPEAL_DAYS)
    return add_months(event.on, EXTERNAL_REVIEW_MONTHS)


def event_standing(event: InsuranceEvent, today: date) -> Standing:
    if event.kind == CALL:
        return Standing(NOTED)
    if event.appealed is not None:
        return Standing(APPEALED)
    due = appeal_due(event)
    return Standing(TO_ASK) if due is None else _clocked(due, today)


def complaint_by(request: RecordRequest) -> date | None:
    """The last day to complain to the Office for Civil Rights: 180 days from when the answer was due."""
    due = due_date(request)
    return None if due is None else due + timedelta(days=COMPLAINT_DAYS)


RANK = {LATE: 0, ASKED: 1, TO_ASK: 2, RECEIVED: 3, APPEALED: 4, NOTED: 5, SENT: 6}


def urgency(found: Standing) -> tuple[int, int]:
    """Sort key: late first (the latest first), then due soonest, then the rest."""
    if found.state == LATE:
        return (0, -found.days)
    if found.state == ASKED:
        return (1, found.days)
    return (RANK[found.state], 0)
