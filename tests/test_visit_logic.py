"""The visit without a screen: the bank, the card's text, the rows that differ, and the store behind them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.data.visit_store import CardFull, TopFull, VisitStore
from secondop_tui.i18n import content_dir_for
from secondop_tui.visit.bank import BANK_ITEMS, WHEN_THEY_DIFFER, bank, when_they_differ
from secondop_tui.visit.card import MAX_ANSWER, MAX_QUESTIONS, WIDTH, Question, card_order, card_text
from secondop_tui.visit.notes import notes_text
from secondop_tui.visit.opinions import OPINIONS, differing, side_by_side, used
from secondop_tui.visit.worksheet import SOURCE_ADDRESS

from conftest import read_db, run_secondop

DAY = date(2026, 12, 5)


def spanish() -> Guide:
    return load_guide(content_dir_for(default_content_dir(), "es"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_bank_question_is_one_the_guide_asks_in_its_section(language: str) -> None:
    guide = load_guide(content_dir_for(default_content_dir(), language))
    questions = bank(guide)
    wanted = {item_id for ids in BANK_ITEMS.values() for item_id in ids}
    assert {question.id for question in questions} == wanted
    for question in questions:
        section = guide.section(question.section_id)
        assert section is not None and question.section_title == section.title
        assert question.text in {item.text for item in section.items}
    assert len(when_they_differ(guide)) == len(WHEN_THEY_DIFFER)


def test_the_card_puts_the_most_important_first_and_leaves_room_for_answers() -> None:
    questions = [
        Question("a", "First picked", "Go to the appointment", picked=True),
        Question("b", "Not on the card", "Go to the appointment"),
        Question("c", "Most important one", "", picked=True, top=True, own=True),
        Question("d", "Answered " + "long words " * 20, "Decide", picked=True, answer="They said yes. " * 30),
    ]
    assert [q.id for q in card_order(questions)] == ["c", "a", "d"]
    text = card_text(questions, "txt", DAY)
    lines = text.splitlines()
    assert lines[:2] == ["My questions for the doctor", "Made on 5 December 2026"]
    assert all(len(line) <= WIDTH for line in lines)
    assert "Not on the card" not in text
    assert text.index("1. Most important one") < text.index("2. First picked") < text.index("3. Answered")
    assert text.index("Most important\n") < text.index("More questions\n")
    # An unanswered question has blank lines under "Answer:" to write in by hand.
    after = lines[lines.index("2. First picked") + 1 :]
    assert after[0].strip() == "Answer:" and after[1] == "" and after[2] == ""
    assert "They said yes." in text
    markdown = card_text(questions, "md", DAY)
    assert markdown.startswith("# My questions for the doctor") and "## Most important" in markdown


def test_an_empty_card_says_so() -> None:
    assert "No questions on the card yet." in card_text([], "txt", DAY)


def test_rows_differ_only_where_two_opinions_say_different_things() -> None:
    opinions = [
        {"doctor": "Dr A", "plan": "Surgery first.", "goal": "Cure", "trials": "None"},
        {"doctor": "Dr B", "plan": "surgery  FIRST", "goal": "Control", "trials": ""},
        {},
    ]
    rows = side_by_side(opinions)
    assert [row.key for row in differing(rows)] == ["goal"]
    assert used(opinions) == [1, 2]
    assert used([*opinions[:2], {"plan": "Wait"}]) == [1, 2, 3]


def test_the_store_keeps_the_card_its_order_marks_and_answers(tmp_path: Path, guide: Guide) -> None:
    path = tmp_path / "progress.json"
    visit = VisitStore(ProgressStore(path))
    questions = visit.questions(bank(guide))
    for question in questions[:5]:
        assert visit.pick(question)
    own = visit.add_own("Can I keep working?")
    listed = visit.questions(bank(guide))
    for question in listed[:3]:
        visit.set_top(question)
    with pytest.raises(TopFull):
        visit.set_top(listed[3])
    assert visit.move(listed[5], -1)
    visit.set_answer(listed[0], "x" * (MAX_ANSWER + 50))
    # Taken off and put back: the answer is still there.
    assert not visit.pick(listed[0])
    assert visit.pick(listed[0])

    again = VisitStore(ProgressStore(path)).questions(bank(guide))  # as a new run reads it
    card = [question.id for question in again if question.picked]
    assert card[:4] == [listed[1].id, listed[2].id, listed[3].id, own]
    assert card[-1] == listed[0].id
    assert next(q for q in again if q.id == listed[0].id).answer == "x" * MAX_ANSWER
    assert sum(question.top for question in again) == 2  # taking one off the card unmarks it
    assert path.stat().st_mode & 0o777 == 0o600
    stored = read_db(path)
    assert stored["visit_order"]["card"]["ids"] == card


def test_a_card_holds_at_most_a_hundred_questions() -> None:
    visit = VisitStore(ProgressStore.in_memory())
    for number in range(MAX_QUESTIONS):
        visit.add_own(f"Question {number}")
    with pytest.raises(CardFull):
        visit.add_own("One too many")
    assert sum(question.picked for question in visit.questions([])) == MAX_QUESTIONS


def test_a_deleted_question_comes_back_with_its_answer_and_place() -> None:
    visit = VisitStore(ProgressStore.in_memory())
    first, second = visit.add_own("First"), visit.add_own("Second")
    visit.add_own("Third")
    shown = {q.id: q for q in visit.questions([])}
    visit.set_answer(shown[second], "Kept")
    removed = visit.remove_own(shown[second])
    assert removed is not None and second not in {q.id for q in visit.questions([])}
    visit.put_back(removed)
    back = visit.questions([])
    assert [q.text for q in back] == ["First", "Second", "Third"] and back[1].answer == "Kept"
    assert visit.remove_own(shown[first]) is not None


def test_opinions_and_worksheet_are_kept_and_wiped_with_the_visit() -> None:
    progress = ProgressStore.in_memory()
    visit = VisitStore(progress)
    visit.set_opinion(2, "plan", "Radiation")
    visit.set_worksheet("matters", "Time with my family")
    assert visit.opinions()[1]["plan"] == "Radiation" and len(visit.opinions()) == OPINIONS
    assert visit.worksheet()["matters"] == "Time with my family"
    visit.add_own("A question")
    progress.wipe()  # a kiosk's next visitor
    visit = VisitStore(progress)
    assert visit.questions([]) == [] and not any(visit.opinions()[1].values()) and not any(visit.worksheet().values())


def test_a_format_2_file_opens_with_its_checklist_and_an_empty_visit(tmp_path: Path, guide: Guide) -> None:
    path = tmp_path / "progress.json"
    item = guide.items[0]
    path.write_text(
        json.dumps({"meta": {"state": {"schema": 2}}, "items": {item.id: {"section": item.section_id, "done": True}}})
    )
    progress = ProgressStore(path)
    assert next(entry for entry in progress.checklist(guide) if entry.id == item.id).done
    visit = VisitStore(progress)
    assert not any(question.picked for question in visit.questions(bank(guide)))
    visit.add_own("New")
    assert read_db(path)["meta"]["state"]["schema"] == 3 and read_db(path)["items"][item.id]["done"]


def test_a_hand_edited_visit_of_the_wrong_kind_is_set_aside_whole(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    raw = json.dumps({"meta": {"state": {"schema": 3}}, "visit_questions": {"own-1": {"text": 42}}})
    path.write_text(raw)
    progress = ProgressStore(path)
    assert progress.notice is not None and "could not be read" in progress.notice
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_text() == raw


def test_the_visit_notes_hold_each_opinion_the_differing_rows_and_the_worksheet() -> None:
    opinions = [{"doctor": "Dr A", "plan": "Surgery " * 20}, {"doctor": "Dr B", "plan": "Chemotherapy"}, {}]
    text = notes_text(opinions, {"matters": "Time with family"}, "txt", DAY)
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "First opinion" in lines and "Second opinion" in lines and "Third opinion" not in text
    assert "! Recommended plan" in lines and "Doctor and place" not in text.split("Where the opinions differ")[1]
    assert "What matters most to me: Time with family" in text and SOURCE_ADDRESS in text
    markdown = notes_text(opinions, {}, "md", DAY)
    assert markdown.startswith("# What the doctors said") and "## Where the opinions differ" in markdown
    assert "worksheet" not in markdown  # nothing written there, so it is left out


def test_export_prints_the_card_and_the_visit_notes(tmp_path: Path, guide: Guide) -> None:
    path = tmp_path / "progress.json"
    visit = VisitStore(ProgressStore(path))
    visit.add_own("Will I lose my hair?")
    visit.set_opinion(1, "plan", "Surgery")
    card = run_secondop("export", "--card", "--db", str(path))
    assert card.returncode == 0 and "1. Will I lose my hair?" in card.stdout
    notes = run_secondop("export", "--visit", "--format", "md", "--db", str(path))
    assert notes.returncode == 0 and "- **Recommended plan:** Surgery" in notes.stdout
    both = run_secondop("export", "--visit", "--card", "--db", str(path))
    assert both.returncode != 0 and "not allowed" in both.stderr and "Traceback" not in both.stderr
