"""For each state, what to do next, in plain words, from the guide's records, copies and insurance sections."""

from __future__ import annotations

from datetime import date

from secondop_tui.i18n import _
from secondop_tui.tracker.dates import spoken
from secondop_tui.tracker.model import CALL, DENIAL, InsuranceEvent, RecordRequest
from secondop_tui.tracker.states import (
    APPEALED,
    ASKED,
    CALL_BACK_AFTER_DAYS,
    LATE,
    RECEIVED,
    SENT,
    TO_ASK,
    complaint_by,
    event_standing,
    standing,
)


def request_step(request: RecordRequest, today: date) -> str:
    found = standing(request, today)
    if found.state == TO_ASK:
        return _(
            "Call the office and ask how they want you to ask: the patient portal, their own form, or a "
            "letter. Then press w and type the date you asked."
        )
    if found.state == ASKED:
        assert request.asked is not None and found.due is not None
        waited = (today - request.asked).days
        if waited < CALL_BACK_AFTER_DAYS:
            return _("Wait for it. If nothing comes in two weeks, call back. By law they must answer by {due}.").format(
                due=spoken(found.due)
            )
        return _(
            "Call the office back. Say the date you asked, {asked}, and that the law gives them 30 days. "
            "They must answer by {due}."
        ).format(asked=spoken(request.asked), due=spoken(found.due))
    if found.state == LATE:
        deadline = complaint_by(request)
        assert request.asked is not None and deadline is not None
        return "\n".join(
            (
                _(
                    "1. Call the medical records office. Say the date you asked, {asked}, and that the law gives them "
                    "30 days."
                ).format(asked=spoken(request.asked)),
                _(
                    "2. If that does not help, ask for the privacy officer. Tell them what happened, in writing if you can."
                ),
                _(
                    "3. If you still get nothing, you can complain to the Office for Civil Rights, online or by mail. "
                    "File within 180 days of the problem: by {deadline}."
                ).format(deadline=spoken(deadline)),
            )
        )
    if found.state == RECEIVED:
        return _("Send it on to the second doctor, or check that the office sent it. Then press s.")
    assert found.state == SENT
    return _("Done. Keep your own copy in your folder and bring it to the visit.")


def event_step(event: InsuranceEvent, today: date) -> str:
    found = event_standing(event, today)
    if event.kind == CALL:
        return _("Keep the reference number. It helps if there is a problem with a bill later.")
    if found.state == APPEALED:
        return _("Keep a copy of every letter you send and get.")
    if found.state == TO_ASK:
        return _("Press w and type the date of the plan's letter, to see the deadline.")
    assert found.due is not None
    if event.kind == DENIAL:
        lines = [
            _(
                "Ask the plan to look again (an internal appeal) by {due}, 180 days from the letter. Ask your "
                "doctor for a letter that says why you need the second opinion."
            ).format(due=spoken(found.due)),
            _(
                "If waiting could seriously harm your health, ask for an urgent appeal: the plan must then "
                "decide within 72 hours."
            ),
        ]
    else:
        lines = [
            _(
                "Ask for an external review by {due}, 4 months from the plan's final answer. Someone outside "
                "the plan decides."
            ).format(due=spoken(found.due))
        ]
    if found.state == LATE:
        lines.append(_("The deadline has passed. Call the plan, or a free case manager, to ask what you can still do."))
    lines.append(_("When you have sent it, press s."))
    return "\n".join(lines)
