"""Take it with you to a printer: the export text on the command's input, one job at a time, and a few at most
where strangers share the printer (over SSH, at a kiosk)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from secondop_tui.app import GuardedApp, SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.dialogs.print_again import PrintAgainDialog
from secondop_tui.screens.take_away import TakeAwayScreen
from secondop_tui.settings import Settings
from secondop_tui.take_away.printer import PER_SESSION, SERVER_MOST, SERVER_WINDOW, PrintRate

from conftest import screen_text
from support.clock import Clock
from support.kiosk_pilot import make_kiosk, start_visit
from support.take_away_pilot import app_with, expected_text, messages, open_take_away, tick_and_note, wait_for, words_in

JOB_END = "---PRINTJOB---"


def fake_printer(tmp_path: Path, script: str = 'cat > "$1"') -> tuple[str, Path]:
    program = tmp_path / "fake-lp"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o700)
    output = tmp_path / "printed.txt"
    return f"{program} {output}", output


def counting_printer(tmp_path: Path, gate: Path | None = None) -> tuple[str, Path]:
    """A printer that adds each job to a file (and, given a ``gate``, finishes only once that file exists)."""
    wait = f'while [ ! -e "{gate}" ]; do sleep 0.05; done\n' if gate else ""
    return fake_printer(tmp_path, f'cat >> "$1"\necho {JOB_END} >> "$1"\n{wait}')


def jobs(output: Path) -> int:
    return output.read_text(encoding="utf-8").count(JOB_END) if output.exists() else 0


def printed(app: SecondOpinionApp, output: Path, count: int) -> Callable[[], bool]:
    """Whether ``count`` jobs have reached the printer, the last one said to be printed."""
    return lambda: jobs(output) == count and "Printed" in screen_text(app)


async def print_again(pilot: Pilot[None]) -> None:
    """Take it with you, p, and "Print another copy" in the question that an unchanged checklist asks."""
    await open_take_away(pilot)
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PrintAgainDialog))
    await pilot.press("down", "enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, (PrintAgainDialog, TakeAwayScreen)))


async def test_print_sends_the_export_text_to_the_print_command_and_closes(
    db_path: Path, guide: Guide, tmp_path: Path
) -> None:
    command, output = fake_printer(tmp_path)
    app = app_with(db_path, guide, print_command=command)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tick_and_note(pilot)
        await open_take_away(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: "Printed" in screen_text(app))
        assert not isinstance(app.screen, TakeAwayScreen)
        assert output.read_text(encoding="utf-8") == expected_text(app, guide)


async def test_a_failing_print_command_is_one_calm_line(db_path: Path, guide: Guide, tmp_path: Path) -> None:
    command, _ = fake_printer(tmp_path, "exit 3")
    app = app_with(db_path, guide, print_command=command)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: "The printer could not take it." in screen_text(app))
        assert app.is_running
        assert "desk" not in screen_text(app)  # at home there is no desk to ask at


async def test_one_print_job_at_a_time(db_path: Path, guide: Guide, tmp_path: Path) -> None:
    gate = tmp_path / "printer-done"
    command, output = counting_printer(tmp_path, gate)
    app = app_with(db_path, guide, print_command=command)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: jobs(output) == 1)
        for _ in range(3):
            await open_take_away(pilot)
            await pilot.press("p", "p", "p")
            await wait_for(pilot, lambda: "on its way to the printer" in messages(app))
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, TakeAwayScreen))
        gate.touch()
        await wait_for(pilot, lambda: "Printed" in screen_text(app))
        assert jobs(output) == 1


async def test_printing_an_unchanged_checklist_again_is_asked_and_no_letter_answers(
    db_path: Path, guide: Guide, tmp_path: Path
) -> None:
    command, output = counting_printer(tmp_path)
    app = app_with(db_path, guide, print_command=command)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: "Printed" in screen_text(app))
        await open_take_away(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PrintAgainDialog))
        assert "has not changed since" in words_in(app, ".dialog-text")
        await pilot.press(*"yes print it please ")  # stray typing answers nothing
        await pilot.pause()
        assert isinstance(app.screen, PrintAgainDialog)
        await pilot.press("enter")  # Enter alone goes back
        await wait_for(pilot, lambda: not isinstance(app.screen, PrintAgainDialog))
        assert jobs(output) == 1
        await pilot.press("escape")
        await print_again(pilot)
        await wait_for(pilot, lambda: jobs(output) == 2 and "Printed" in screen_text(app))


def guarded_app(db_path: Path, guide: Guide, command: str) -> SecondOpinionApp:
    """The app as ``secondop serve`` runs it for each session, started here without the server's desk."""
    settings = Settings(content_dir=guide.directory, db_path=db_path, print_command=command)
    return GuardedApp(settings, guide, ProgressStore(db_path))


async def test_a_stranger_prints_a_few_copies_at_most(db_path: Path, guide: Guide, tmp_path: Path) -> None:
    command, output = counting_printer(tmp_path)
    app = guarded_app(db_path, guide, command)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: jobs(output) == 1 and "Printed" in screen_text(app))
        for count in range(2, PER_SESSION + 1):
            await print_again(pilot)
            await wait_for(pilot, printed(app, output, count))
        await print_again(pilot)
        most = f"the most print-outs one person can make here ({PER_SESSION})"
        await wait_for(pilot, lambda: most in messages(app))
        assert jobs(output) == PER_SESSION


def test_the_print_rule_counts_each_person_and_everyone_in_a_window() -> None:
    clock = Clock()
    rate = PrintRate(clock=clock)
    assert rate.admit(PER_SESSION) == "session"
    for _ in range(SERVER_MOST):
        assert rate.admit(0) is None
        clock.advance(1)
    assert rate.admit(0) == "server"
    clock.advance(SERVER_WINDOW - SERVER_MOST - 1)  # the first job is still within the window
    assert rate.admit(0) == "server"
    clock.advance(1.5)  # the first has left it: one more may start
    assert rate.admit(0) is None
    assert rate.admit(0) == "server"


async def test_each_kiosk_visit_prints_a_few_copies_within_the_kiosk_s_own_limit(guide: Guide, tmp_path: Path) -> None:
    command, output = counting_printer(tmp_path)
    app = make_kiosk(guide, print_command=command)
    printer_clock = Clock()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.print_rate.clock = printer_clock
        await start_visit(pilot, app)
        await pilot.press("f3", "p")
        await wait_for(pilot, lambda: jobs(output) == 1 and "Printed" in screen_text(app))
        for count in range(2, PER_SESSION + 1):
            await pilot.press("f3", "p")
            await wait_for(pilot, lambda: isinstance(app.screen, PrintAgainDialog))
            await pilot.press("down", "enter")
            await wait_for(pilot, printed(app, output, count))
        await pilot.press("f2")  # the next visitor
        await start_visit(pilot, app)
        await pilot.press("f3", "p")  # a new visit: its first print-out is not asked about
        await wait_for(pilot, lambda: jobs(output) == PER_SESSION + 1 and "Printed" in screen_text(app))
        for count in range(PER_SESSION + 2, SERVER_MOST + 1):
            await pilot.press("f3", "p")
            await wait_for(pilot, lambda: isinstance(app.screen, PrintAgainDialog))
            await pilot.press("down", "enter")
            await wait_for(pilot, printed(app, output, count))
        await pilot.press("f3", "p")
        await wait_for(pilot, lambda: isinstance(app.screen, PrintAgainDialog))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: "many print-outs in the last few minutes" in messages(app))
        assert "Please ask at the desk." in messages(app)
        printer_clock.advance(SERVER_WINDOW)
        await pilot.press("f3", "p")
        await wait_for(pilot, lambda: isinstance(app.screen, PrintAgainDialog))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: jobs(output) == SERVER_MOST + 1)
