"""The Requests screen through Pilot, on a clock the test sets: each kind added by keys, the dates as people type
them, late and due states, the Welcome and sidebar lines, the checklist link, and the text taken away."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.dialogs.date_prompt import DatePrompt
from secondop_tui.i18n import set_language
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.plain_text import PlainTextScreen
from secondop_tui.screens.requests import RequestsScreen
from secondop_tui.settings import Settings

from conftest import read_db, screen_text
from support.take_away_pilot import flat, wait_for, words_in

TODAY = date(2026, 12, 5)


def app_on(db_path: Path, guide: Guide, today: date = TODAY, **settings: object) -> SecondOpinionApp:
    chosen = Settings(content_dir=guide.directory, db_path=db_path, **settings)  # type: ignore[arg-type]
    return SecondOpinionApp(chosen, guide, ProgressStore(db_path), today=lambda: today)


def with_requests(
    db_path: Path, requests: dict[str, dict[str, object]], calls: dict[str, object] | None = None
) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_text(json.dumps({"meta": {"state": {"schema": 3}}, "requests": requests, "calls": calls or {}}))
    os.chmod(db_path, 0o600)


async def open_requests(pilot) -> RequestsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RequestsScreen))
    return pilot.app.screen  # type: ignore[no-any-return]


async def type_date(pilot, typed: str) -> str:  # type: ignore[no-untyped-def]
    """Type into the open date box; returns what the box says it understood."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DatePrompt))
    await pilot.press(*typed)
    await pilot.pause()
    return str(pilot.app.screen.query_one("#date-reading").render())


async def test_a_records_request_is_added_by_keys_and_shown_late(db_path: Path, guide: Guide) -> None:
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        assert "None yet. Press a to add one." in screen_text(app)
        await pilot.press("a", "enter")  # the first kind: the pathology report
        await pilot.press(*"City Hospital", "enter")
        await pilot.press("down", "enter")  # asked on the office's form
        assert await type_date(pilot, "3 Nov") == "Understood: 3 Nov 2026"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RequestsScreen))
        (saved,) = read_db(db_path)["requests"].values()
        assert {key: saved[key] for key in ("what", "office", "how", "asked", "item")} == {
            "what": "pathology",
            "office": "City Hospital",
            "how": "form",
            "asked": "2026-11-03",
            "item": "pathology-report",
        }
        text = flat(app)
        assert "Pathology report - City Hospital: late: 2 days past due" in text
        assert "Today is 5 Dec 2026. 1 request late" in text
        assert "Next step: 1. Call the medical records office." in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, GuideScreen))
        assert "1 request late. Press r to see your requests" in words_in(app, "#reader")


async def test_own_words_and_escape_keeps_what_was_answered(db_path: Path, guide: Guide) -> None:
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        await pilot.press("a", "end", "enter")  # the last choice: in your own words
        await pilot.press(*"Bone marrow report", "enter")
        await pilot.press("escape")  # no office yet: the request stays with what it has
        await wait_for(pilot, lambda: "Bone marrow report: to ask" in flat(app))
        (saved,) = read_db(db_path)["requests"].values()
        assert saved["words"] == "Bone marrow report" and "office" not in saved


@pytest.mark.parametrize(
    ("language", "typed", "understood"),
    [
        ("en", "today", "5 Dec 2026"),
        ("en", "yesterday", "4 Dec 2026"),
        ("en", "3 Dec", "3 Dec 2026"),
        ("en", "12/3", "3 Dec 2026"),
        ("en", "2026-12-03", "3 Dec 2026"),
        ("es", "hoy", "5 dic 2026"),
        ("es", "ayer", "4 dic 2026"),
        ("es", "3 dic", "3 dic 2026"),
        ("es", "3/12", "3 dic 2026"),
    ],
)
async def test_each_date_form_in_each_language(
    db_path: Path, guide: Guide, language: str, typed: str, understood: str
) -> None:
    with_requests(db_path, {"request-1": {"what": "labs"}})
    app = app_on(db_path, guide, language=language, language_given=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        await pilot.press("w")
        reading = await type_date(pilot, typed)
        assert reading.endswith(understood)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RequestsScreen))
        expected = {"5": "2026-12-05", "4": "2026-12-04", "3": "2026-12-03"}[understood.split()[0]]
        assert read_db(db_path)["requests"]["request-1"]["asked"] == expected
    set_language("en")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31 Feb", "There is no such day."),
        ("next week", "That is not a date we can read."),
        ("2026-12-09", "That date is still to come."),
    ],
)
async def test_a_date_it_cannot_take_is_one_line_and_the_text_stays(
    db_path: Path, guide: Guide, typed: str, message: str
) -> None:
    with_requests(db_path, {"request-1": {"what": "labs"}})
    before = read_db(db_path)["requests"]
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        await pilot.press("w")
        await type_date(pilot, typed)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DatePrompt)
        assert app.screen.query_one(Input).value == typed
        assert message in flat(app)
    assert read_db(db_path)["requests"] == before


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (date(2026, 11, 30), "due in 1 day"),
        (date(2026, 12, 1), "due today"),
        (date(2026, 12, 2), "late: 1 day past due"),
    ],
)
async def test_day_29_30_and_31_on_screen(db_path: Path, guide: Guide, today: date, shown: str) -> None:
    with_requests(db_path, {"request-1": {"what": "labs", "office": "Lab One", "asked": "2026-11-01"}})
    app = app_on(db_path, guide, today=today)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        assert f"Lab results - Lab One: {shown}" in flat(app)


async def test_a_written_extension_moves_the_due_date_and_x_again_undoes_it(db_path: Path, guide: Guide) -> None:
    with_requests(db_path, {"request-1": {"what": "labs", "asked": "2026-11-01"}})
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        assert "late: 4 days past due" in flat(app)
        await pilot.press("x")
        await wait_for(pilot, lambda: "Lab results: due in 26 days" in flat(app))
        assert read_db(db_path)["requests"]["request-1"]["extended"] is True
        await pilot.press("x")
        await wait_for(pilot, lambda: "late: 4 days past due" in flat(app))


async def test_receiving_ticks_the_checklist_step_and_sending_closes_it(db_path: Path, guide: Guide) -> None:
    with_requests(db_path, {"request-1": {"what": "pathology", "asked": "2026-11-20", "item": "pathology-report"}})
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        assert "Checklist step: Get a copy of your pathology report" in flat(app)
        await pilot.press("r")
        await type_date(pilot, "today")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Pathology report: received" in flat(app))
        assert read_db(db_path)["items"]["pathology-report"]["done"] is True
        await pilot.press("s")
        await type_date(pilot, "today")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Pathology report: sent" in flat(app))
        await pilot.press("escape", "c")
        await wait_for(pilot, lambda: f"1 of {len(guide.items)} done" in screen_text(app))


async def test_an_insurance_denial_gets_its_appeal_deadline(db_path: Path, guide: Guide) -> None:
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 40)) as pilot:
        await open_requests(pilot)
        await pilot.press("i", "down", "enter")  # a denial
        await type_date(pilot, "2026-06-01")
        await pilot.press("enter")
        await pilot.press(*"Ana at member services", "enter")
        await pilot.press(*"R-5521", "enter")
        await pilot.press(*"Not in network", "enter")
        await wait_for(pilot, lambda: "Denial - Ana at member services: late: 7 days past due" in flat(app))
        text = flat(app)
        assert "1 appeal deadline passed" in text and "Appeal by: 28 Nov 2026" in text
        (saved,) = read_db(db_path)["calls"].values()
        assert (saved["kind"], saved["on"], saved["reference"], saved["said"]) == (
            "denial",
            "2026-06-01",
            "R-5521",
            "Not in network",
        )


async def test_a_call_is_noted_with_its_reference(db_path: Path, guide: Guide) -> None:
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        await pilot.press("i", "enter")
        await type_date(pilot, "yesterday")
        await pilot.press("enter", *"Sam", "enter", *"C-1", "enter", *"Covered at 80%", "enter")
        await wait_for(pilot, lambda: "Call with the plan - Sam: noted" in flat(app))
        assert "What they said: Covered at 80%" in flat(app)


async def test_delete_asks_first_and_u_brings_it_back(db_path: Path, guide: Guide) -> None:
    with_requests(db_path, {"request-1": {"what": "labs", "note": "fax"}})
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_requests(pilot)
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: "requests" in read_db(db_path) and not read_db(db_path)["requests"])
        await pilot.press("u")
        await wait_for(pilot, lambda: read_db(db_path)["requests"].get("request-1") == {"what": "labs", "note": "fax"})
        assert "Lab results: to ask" in flat(app)


async def test_the_sidebar_and_welcome_say_what_is_late(db_path: Path, guide: Guide) -> None:
    with_requests(
        db_path,
        {"request-1": {"what": "labs", "asked": "2026-10-01"}, "request-2": {"what": "images", "asked": "2026-11-30"}},
    )
    app = app_on(db_path, guide, today=date(2026, 12, 28))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "! 1 request late, 1 due within a week" in words_in(app, "#sidebar")
        assert "1 request late, 1 due within a week. Press r to see your requests" in words_in(app, "#reader")
    nothing_late = app_on(db_path, guide, today=date(2026, 10, 2))
    async with nothing_late.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "late" not in flat(nothing_late)


async def test_take_it_with_you_carries_the_requests(db_path: Path, guide: Guide) -> None:
    with_requests(
        db_path,
        {"request-1": {"what": "labs", "office": "Lab One", "asked": "2026-10-01"}},
        {"call-1": {"kind": "call", "on": "2026-12-01", "reference": "R-77"}},
    )
    app = app_on(db_path, guide)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PlainTextScreen))
        shown = app.screen.text  # type: ignore[attr-defined]
        assert "Records you asked for" in shown and "Lab results - Lab One: late: 35 days past due" in shown
        assert "Reference: R-77" in shown


@pytest.mark.parametrize("ascii_only", [False, True])
async def test_small_screens_and_ascii(db_path: Path, guide: Guide, ascii_only: bool) -> None:
    with_requests(
        db_path,
        {
            f"request-{n}": {"what": "labs", "office": "A long office name " * 3, "asked": "2026-10-01"}
            for n in range(30)
        },
    )
    app = app_on(db_path, guide, ascii_only=ascii_only)
    async with app.run_test(size=(50, 16)) as pilot:
        await open_requests(pilot)
        text = screen_text(app)
        assert "30 requests late" in " ".join(text.split())
        assert "Next step:" in text
        if ascii_only:
            assert text.isascii()


async def test_the_requests_screen_in_spanish(db_path: Path, guide: Guide) -> None:
    with_requests(db_path, {"request-1": {"what": "pathology", "office": "Hospital Central", "asked": "2026-11-01"}})
    app = app_on(db_path, guide, language="es", language_given=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "1 pedido atrasado. Oprima r para ver sus pedidos" in words_in(app, "#reader")
        await open_requests(pilot)
        text = flat(app)
        assert "Hoy es 5 dic 2026. 1 pedido atrasado" in text
        assert "Informe de patología - Hospital Central: atrasado: 4 días después del plazo" in text
        assert "Qué hacer ahora: 1. Llame a la oficina de registros médicos." in text
        assert "a Añadir i Seguro r Recibido s Enviado" in text
    set_language("en")
