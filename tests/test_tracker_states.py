"""Where a request stands on a controlled clock, and what to do next: no screen needed."""

from __future__ import annotations

from datetime import date, timedelta

from secondop_tui.tracker.board import Tracked, board, pressing_line
from secondop_tui.tracker.model import CALL, DENIAL, FINAL, InsuranceEvent, RecordRequest
from secondop_tui.tracker.next_steps import event_step, request_step
from secondop_tui.tracker.states import ASKED, LATE, RECEIVED, SENT, TO_ASK, event_standing, standing

ASKED_ON = date(2026, 11, 1)


def request(asked: date | None = ASKED_ON, **fields: object) -> RecordRequest:
    values = {
        "id": "request-1",
        "what": "pathology",
        "words": "",
        "office": "City Hospital",
        "how": "portal",
        "asked": asked,
        "extended": False,
        "received": None,
        "sent": None,
        "note": "",
        "item": "pathology-report",
    }
    values.update(fields)
    return RecordRequest(**values)  # type: ignore[arg-type]


def event(kind: str, on: date | None = date(2026, 6, 1), **fields: object) -> InsuranceEvent:
    values = {
        "id": "call-1",
        "kind": kind,
        "on": on,
        "who": "",
        "reference": "",
        "said": "",
        "appealed": None,
        "note": "",
    }
    values.update(fields)
    return InsuranceEvent(**values)  # type: ignore[arg-type]


def on_day(number: int) -> date:
    return ASKED_ON + timedelta(days=number)


def test_due_in_30_days_late_from_day_31() -> None:
    day_29, day_30, day_31 = (standing(request(), on_day(n)) for n in (29, 30, 31))
    assert (day_29.state, day_29.days, day_29.words()) == (ASKED, 1, "due in 1 day")
    assert (day_30.state, day_30.days, day_30.words()) == (ASKED, 0, "due today")
    assert (day_31.state, day_31.days, day_31.words()) == (LATE, 1, "late: 1 day past due")
    assert day_29.due == day_31.due == date(2026, 12, 1)


def test_a_written_extension_gives_30_more_days_once() -> None:
    extended = request(extended=True)
    assert standing(extended, on_day(31)).state == ASKED
    assert standing(extended, on_day(60)).words() == "due today"
    assert standing(extended, on_day(63)).words() == "late: 3 days past due"


def test_to_ask_received_and_sent() -> None:
    assert standing(request(asked=None), on_day(3)).state == TO_ASK
    assert standing(request(received=on_day(10)), on_day(90)).state == RECEIVED
    assert standing(request(received=on_day(10), sent=on_day(11)), on_day(90)).state == SENT


def test_next_steps_follow_the_guide() -> None:
    assert "portal" in request_step(request(asked=None), on_day(1))
    assert "two weeks" in request_step(request(), on_day(5))
    assert "30 days" in request_step(request(), on_day(15))
    late = request_step(request(), on_day(40))
    # What to say, then the privacy officer, then the Office for Civil Rights with its own deadline.
    assert late.index("30 days") < late.index("privacy officer") < late.index("Office for Civil Rights")
    assert "by 30 May 2027" in late  # 180 days from the day it was due, 1 Dec 2026
    assert "second doctor" in request_step(request(received=on_day(9)), on_day(10))


def test_appeal_deadlines_come_from_the_letters_date() -> None:
    denial = event(DENIAL, date(2026, 6, 1))
    assert event_standing(denial, date(2026, 11, 27)).due == date(2026, 11, 28)  # 180 days
    assert event_standing(denial, date(2026, 11, 29)).words() == "late: 1 day past due"
    assert "72 hours" in event_step(denial, date(2026, 7, 1))
    final = event(FINAL, date(2026, 10, 31))
    assert event_standing(final, date(2026, 11, 1)).due == date(2027, 2, 28)  # 4 months, to the month's end
    assert "external review" in event_step(final, date(2026, 11, 1))
    assert event_standing(event(DENIAL, appealed=date(2026, 6, 5)), date(2027, 1, 1)).words() == "appeal sent"
    assert event_standing(event(CALL), date(2027, 1, 1)).due is None


def test_late_first_then_soonest_due_and_one_line_for_what_presses() -> None:
    today = on_day(40)
    rows, events = board(
        [
            request(id="sent", received=on_day(2), sent=on_day(3)),
            request(id="soon", asked=today - timedelta(days=27)),
            request(id="later", asked=today - timedelta(days=2)),
            request(id="late", asked=today - timedelta(days=35)),
            request(id="latest", asked=today - timedelta(days=50)),
            request(id="new", asked=None),
        ],
        [event(DENIAL, today - timedelta(days=200))],
        today,
    )
    assert [row.entry.id for row in rows] == ["latest", "late", "soon", "later", "new", "sent"]
    line = pressing_line([row.entry for row in rows], [e.entry for e in events], today)  # type: ignore[misc]
    assert line == "2 requests late, 1 appeal deadline passed, 1 due within a week"
    assert pressing_line([request(asked=None)], [], today) is None


def test_the_text_that_goes_with_the_checklist() -> None:
    today = on_day(40)
    text = Tracked([request(note="Ask for Dr Lee")], [event(DENIAL, reference="R-55")]).text(today)
    assert "Pathology report - City Hospital: late: 10 days past due" in text
    assert "Note: Ask for Dr Lee" in text and "Reference: R-55" in text
    assert Tracked([], []).text(today) == ""
