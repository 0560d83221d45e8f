"""The visit on screen: a card built from the bank and one's own questions, taken away by every route; two and
three opinions side by side at 80x24 and 50x16; Spanish; ASCII; a kiosk clears it with the visit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_take_away_print import fake_printer
from textual.pilot import Pilot
from textual.widgets import OptionList

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.data.visit_store import VisitStore
from secondop_tui.dialogs.text_prompt import TextPrompt
from secondop_tui.i18n import content_dir_for
from secondop_tui.screens.plain_text import PlainTextScreen
from secondop_tui.screens.qr_code import QrCodeScreen
from secondop_tui.screens.take_away import TakeAwayScreen
from secondop_tui.settings import Settings
from secondop_tui.visit.bank import bank
from secondop_tui.visit.card import card_text
from secondop_tui.visit.notes import notes_text

from conftest import read_db, screen_text
from support.kiosk_pilot import make_kiosk
from support.take_away_pilot import app_with, flat, messages, wait_for

OWN = "Can I keep working during treatment?"
ANSWER = "Yes, with a lighter week after each dose."


def visit_screen_open(app: SecondOpinionApp) -> bool:
    return type(app.screen).__name__ == "VisitScreen"


async def open_visit(pilot: Pilot[None]) -> None:
    await pilot.press("v")
    await wait_for(pilot, lambda: visit_screen_open(pilot.app))  # type: ignore[arg-type]


async def type_into_prompt(pilot: Pilot[None], text: str) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
    await pilot.press(*text, "enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, TextPrompt))


async def build_card(pilot: Pilot[None]) -> None:
    """Two questions from the bank, one's own marked most important and answered."""
    await open_visit(pilot)
    await pilot.press("space")  # the first bank question (highlighted at first) onto the card
    await wait_for(pilot, lambda: "On your card (1)" in screen_text(pilot.app))
    await pilot.press("down", "down", "space")  # and another
    await wait_for(pilot, lambda: "On your card (2)" in screen_text(pilot.app))
    await pilot.press("a")
    await type_into_prompt(pilot, OWN)
    await wait_for(pilot, lambda: OWN in screen_text(pilot.app))
    # The question just added is highlighted: mark it most important and write its answer.
    assert highlighted_id(pilot.app).startswith("q:own-")
    await pilot.press("i", "w")
    await type_into_prompt(pilot, ANSWER)
    await wait_for(pilot, lambda: ANSWER in screen_text(pilot.app))


def highlighted_id(app: SecondOpinionApp) -> str:
    options = app.screen.query_one("#visit-questions", OptionList)
    assert options.highlighted is not None
    return options.get_option_at_index(options.highlighted).id or ""


def expected_card(app: SecondOpinionApp, guide: Guide, fmt: str = "txt") -> str:
    return card_text(VisitStore(app.store).questions(bank(guide)), fmt, date.today())


async def test_a_card_from_the_bank_and_ones_own_puts_the_most_important_first_and_is_kept(
    db_path: Path, guide: Guide
) -> None:
    app = app_with(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await build_card(pilot)
        card = expected_card(app, guide)
        first_bank = bank(guide)[0].text
        assert card.index(f"1. {OWN}") < card.index(ANSWER) < card.index(first_bank)
        assert card.index("Most important") < card.index("More questions")
    stored = read_db(db_path)
    on_card = stored["visit_order"]["card"]["ids"]
    assert len(on_card) == 3 and bank(guide)[0].id in on_card
    own = next(doc for doc in stored["visit_questions"].values() if doc.get("own"))
    assert own["text"] == OWN and own["answer"] == ANSWER and own["top"] is True


async def test_the_card_leaves_by_copy_plain_text_qr_and_print(db_path: Path, guide: Guide, tmp_path: Path) -> None:
    command, output = fake_printer(tmp_path)
    app = app_with(db_path, guide, print_command=command)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await build_card(pilot)
        expected = expected_card(app, guide)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeAwayScreen))
        assert "Take your question card with you" in screen_text(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Copied" in screen_text(app))
        assert app.clipboard == expected
        await pilot.press("t", "v")
        await wait_for(pilot, lambda: isinstance(app.screen, PlainTextScreen))
        assert f"1. {OWN}" in screen_text(app)
        await pilot.press("escape", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, QrCodeScreen) and app.screen.plan is not None)
        assert "Your question card as a QR code" in screen_text(app)
        # Every line but the blank ones (room to write on paper), in codes to scan one after the other.
        parts = app.screen.plan.parts  # type: ignore[attr-defined]
        held = [line for part in parts for line in part.splitlines()[1 if len(parts) > 1 else 0 :]]
        assert held == [line for line in expected.splitlines() if line.strip()]
        await pilot.press("escape", "escape", "t", "p")
        await wait_for(pilot, lambda: output.exists() and "Printed" in screen_text(app))
        assert output.read_text(encoding="utf-8") == expected
        assert visit_screen_open(app)  # back where the person was


async def test_the_card_is_saved_apart_from_the_checklist(
    db_path: Path, guide: Guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    app = app_with(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await build_card(pilot)
        await pilot.press("t", "m")
        saved = home / "Downloads" / f"secondop-card-{date.today().isoformat()}.md"
        await wait_for(pilot, saved.exists)
        await wait_for(pilot, lambda: saved.read_text(encoding="utf-8") == expected_card(app, guide, "md"))
        assert saved.stat().st_mode & 0o777 == 0o600


def fill_opinions(store: ProgressStore, count: int) -> None:
    visit = VisitStore(store)
    for number in range(1, count + 1):
        visit.set_opinion(number, "doctor", f"Dr Number{number}")
        visit.set_opinion(number, "plan", "Chemotherapy first" if number == 2 else "Surgery first")
        visit.set_opinion(number, "goal", "Cure")


async def test_two_opinions_typed_in_show_side_by_side_with_the_differing_row_marked(
    db_path: Path, guide: Guide
) -> None:
    app = app_with(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_visit(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: "Recommended plan" in screen_text(app))
        options = app.screen.query_one("#visit-said")
        for number, plan in ((1, "Surgery first"), (2, "Chemotherapy first")):
            index = next(
                i
                for i in range(options.option_count)  # type: ignore[attr-defined]
                if options.get_option_at_index(i).id == f"o:{number}:plan"
            )  # type: ignore[attr-defined]
            options.highlighted = index  # type: ignore[attr-defined]
            await pilot.press("enter")
            await type_into_prompt(pilot, plan)
        await pilot.press("3")
        await wait_for(pilot, lambda: "Chemotherapy first" in screen_text(app))
        shown = screen_text(app).splitlines()
        # The two opinions in columns, on the same row as the label, with the mark before it.
        row = next(line for line in shown if "Recommended plan" in line)
        assert row.strip().startswith("!") and "Surgery first" in row and "Chemotherapy first" in row
        assert any("First opinion" in line and "Second opinion" in line for line in shown)
        assert "differ on 1 row" in flat(app)
    assert read_db(db_path)["visit_opinions"]["2"]["plan"] == "Chemotherapy first"


@pytest.mark.parametrize("size", [(80, 24), (50, 16)])
async def test_three_opinions_stack_row_by_row(db_path: Path, guide: Guide, size: tuple[int, int]) -> None:
    store = ProgressStore(db_path)
    fill_opinions(store, 3)
    app = SecondOpinionApp(Settings(content_dir=guide.directory, db_path=db_path), guide, store)
    async with app.run_test(size=size) as pilot:
        await open_visit(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: "Third opinion" in screen_text(app))
        shown = screen_text(app).splitlines()
        assert all(len(line) <= size[0] for line in shown)
        assert not any("First opinion" in line and "Second opinion" in line for line in shown)
        for number in (1, 2, 3):
            assert any(f"opinion: Dr Number{number}" in line for line in shown)


async def test_a_long_value_stacked_wraps_under_its_own_words(db_path: Path, guide: Guide) -> None:
    store = ProgressStore(db_path)
    fill_opinions(store, 3)
    VisitStore(store).set_opinion(1, "doctor", "Dr Number1 at the cancer center of the university hospital downtown")
    app = SecondOpinionApp(Settings(content_dir=guide.directory, db_path=db_path), guide, store)
    async with app.run_test(size=(50, 16)) as pilot:
        await open_visit(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: "First opinion: Dr Number1" in screen_text(app))
        shown = screen_text(app).splitlines()
        first = next(number for number, line in enumerate(shown) if "First opinion: Dr Number1" in line)
        start = shown[first].index("Dr Number1")
        after = shown[first + 1]
        # The value's next line starts where its words did, not at the left margin under "First opinion".
        assert after[:start].strip(" │┃|") == "" and after[start : start + 1].isalpha(), shown[first : first + 2]
        assert "downtown" in " ".join(shown[first : first + 4])


async def test_the_visit_speaks_spanish_and_so_does_its_card(db_path: Path) -> None:
    spanish = load_guide(content_dir_for(default_content_dir(), "es"))
    settings = Settings(content_dir=default_content_dir(), db_path=db_path, language="es", language_given=True)
    app = SecondOpinionApp(settings, spanish, ProgressStore(db_path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_visit(pilot)
        await pilot.press("down", "space")
        await wait_for(pilot, lambda: "En su tarjeta (1)" in screen_text(app))
        assert bank(spanish)[0].text in screen_text(app) and "Vaya a la cita" in screen_text(app)
        await pilot.press("t", "v")
        await wait_for(pilot, lambda: isinstance(app.screen, PlainTextScreen))
        assert "Mis preguntas para el médico" in screen_text(app)


async def test_ascii_terminals_see_only_ascii(db_path: Path, guide: Guide) -> None:
    store = ProgressStore(db_path)
    fill_opinions(store, 2)
    app = SecondOpinionApp(Settings(content_dir=guide.directory, db_path=db_path, ascii_only=True), guide, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_visit(pilot)
        await pilot.press("down", "space")
        await wait_for(pilot, lambda: "On your card (1)" in screen_text(app))
        assert "[x]" in screen_text(app)
        await pilot.press("3")
        await wait_for(pilot, lambda: "Dr Number2" in screen_text(app))
        assert screen_text(app).isascii()


async def test_a_kiosk_clears_the_visit_with_the_visitor(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "KioskGuideScreen")
        await open_visit(pilot)
        await pilot.press("a")
        await type_into_prompt(pilot, OWN)
        await wait_for(pilot, lambda: OWN in screen_text(app))
        await pilot.press("f2")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "WelcomeScreen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "KioskGuideScreen")
        await open_visit(pilot)
        assert OWN not in screen_text(app) and "On your card (0)" in screen_text(app)
        assert VisitStore(app.store).questions([]) == []


async def test_from_the_other_tabs_what_the_doctors_said_is_taken_away(db_path: Path, guide: Guide) -> None:
    store = ProgressStore(db_path)
    fill_opinions(store, 2)
    app = SecondOpinionApp(Settings(content_dir=guide.directory, db_path=db_path), guide, store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_visit(pilot)
        await pilot.press("3", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeAwayScreen))
        assert "Take what the doctors said with you" in screen_text(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Copied" in screen_text(app))
        visit = VisitStore(store)
        assert app.clipboard == notes_text(visit.opinions(), visit.worksheet(), "txt", date.today())
        assert "! Recommended plan" in app.clipboard


async def test_switching_language_in_the_visit_keeps_the_tab_and_what_was_written(db_path: Path, guide: Guide) -> None:
    store = ProgressStore(db_path)
    fill_opinions(store, 2)
    app = SecondOpinionApp(Settings(content_dir=guide.directory, db_path=db_path), guide, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_visit(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: "[2 What they said]" in screen_text(app))
        await pilot.press("L")
        await wait_for(pilot, lambda: "[2 Lo que dijeron]" in screen_text(app))
        assert "Plan recomendado: Surgery first" in screen_text(app)


async def test_without_colour_the_open_tab_and_the_differing_rows_are_marked_in_words(
    db_path: Path, guide: Guide
) -> None:
    store = ProgressStore(db_path)
    fill_opinions(store, 2)
    settings = Settings(content_dir=guide.directory, db_path=db_path)
    app = SecondOpinionApp(settings, guide, store, environ={"NO_COLOR": "1"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_visit(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: "[3 Side by side]" in screen_text(app))
        assert any(
            line.strip().startswith("!") and "Recommended plan" in line for line in screen_text(app).splitlines()
        )


async def test_marking_a_fourth_question_or_one_off_the_card_says_why_in_one_line(db_path: Path, guide: Guide) -> None:
    app = app_with(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_visit(pilot)
        await pilot.press("i")  # the first bank question is not on the card yet
        await wait_for(pilot, lambda: "Put the question on your card first" in messages(app))
        for count in range(1, 5):
            await pilot.press("a")
            question = f"Question number {count}"
            await type_into_prompt(pilot, question)
            await wait_for(pilot, lambda question=question: question in screen_text(app))
            await pilot.press("i")
        await wait_for(pilot, lambda: "Three questions are marked most important already" in messages(app))
        assert "Not saved" not in messages(app)  # a limit, not a fault
        stored = read_db(db_path)["visit_questions"]
        assert sum(1 for doc in stored.values() if doc.get("top")) == 3
