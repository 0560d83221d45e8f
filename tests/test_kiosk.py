"""Kiosk mode: no way out for visitors, nothing of a visit left behind, and ways to take the checklist away."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from secondop_tui.content import Guide
from secondop_tui.export import export_checklist
from secondop_tui.kiosk.app import STAY_MESSAGE, KioskApp
from secondop_tui.kiosk.launch import prepare_process
from secondop_tui.kiosk.options import KioskError, KioskOptions, resolve_kiosk_options
from secondop_tui.kiosk.pin import PinFile
from secondop_tui.kiosk.screens import AdminScreen, PinScreen, StillThereScreen, WelcomeScreen
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.help import HelpScreen
from secondop_tui.screens.qr_code import QrCodeScreen
from secondop_tui.screens.take_away import TakeAwayScreen
from secondop_tui.themes import CONTRAST_THEME

from conftest import screen_text
from support.clock import Clock
from support.kiosk_pilot import (
    PIN,
    VISITOR_TEXT,
    make_kiosk,
    start_visit,
    wait_for_fresh_start,
    wait_for_text,
    wait_until,
    write_pin_file,
)


@pytest.fixture
def pin_file(tmp_path: Path) -> Path:
    return write_pin_file(tmp_path)


# -- the welcome screen ------------------------------------------------------------------------


async def test_welcome_says_what_this_is_and_which_keys_in_high_contrast(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, WelcomeScreen)
        assert "second opinion" in text and "Press Enter" in text
        assert "F2" in text and "I'm done" in text
        assert app.theme == CONTRAST_THEME


# -- no way out --------------------------------------------------------------------------------

EXIT_KEYS = ["q", "ctrl+q", "ctrl+c", "ctrl+z", "ctrl+backslash", "ctrl+p", "escape"]


async def test_no_key_leaves_the_kiosk_on_any_screen(
    guide: Guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a screenshot would land
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for opener, mode in [(None, "welcome"), ("enter", "guide"), ("c", "checklist")]:
            if opener:
                await pilot.press(opener)
            await wait_until(pilot, lambda wanted=mode: app.current_mode == wanted)
            for key in EXIT_KEYS:
                await pilot.press(key)
                await pilot.pause()
                assert app.is_running, f"{key} ended the kiosk on the {mode} screen"
                assert not CommandPalette.is_open(app)
        assert "This screen stays on for the next person" in screen_text(app)
    assert list(tmp_path.iterdir()) == []


async def test_quit_from_anywhere_in_code_or_palette_does_not_exit(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.run_action("quit")
        await app.action_quit()
        app.action_command_palette()
        await pilot.pause()
        assert app.is_running
        assert not CommandPalette.is_open(app)
        assert list(app.get_system_commands(app.screen)) == []
        await wait_for_text(pilot, app, STAY_MESSAGE.split(".")[0])


async def test_q_still_types_into_the_search_box(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "slash")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press("q")
        assert isinstance(app.focused, Input) and app.focused.value == "q"


async def test_help_lists_the_kiosk_keys_and_no_quit(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "f1")
        await pilot.pause()
        text = screen_text(app)
        # F3 is named for what it does; which ways it offers depends on the kiosk, and its own screen lists them.
        assert "I'm done" in text and "Take your checklist with you" in text and "printed" not in text
        assert "Quit" not in text and "f12" not in text
        assert isinstance(app.screen, HelpScreen)
        anywhere = [keys for keys, _ in dict(app.screen.groups)["Anywhere"]]
        assert anywhere == ["f1", "f2", "f3"]  # the function keys work on every screen, this one included
        await pilot.press("f2")
        await wait_for_fresh_start(pilot, app)


# -- the staff PIN -----------------------------------------------------------------------------


async def test_wrong_pin_is_refused_and_never_shown_right_pin_exits(guide: Guide, pin_file: Path) -> None:
    app = make_kiosk(guide, admin_pin_file=pin_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, PinScreen))
        await pilot.press(*"1357", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        assert "not right" in screen_text(app)
        await pilot.press(*PIN[:4])
        await pilot.pause()
        assert PIN[:4] not in screen_text(app)  # typed hidden
        await pilot.press(*PIN[4:], "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AdminScreen))
        await pilot.press("x")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_escape_leaves_the_pin_screen_and_too_many_wrong_pins_lock_it(guide: Guide, pin_file: Path) -> None:
    app = make_kiosk(guide, admin_pin_file=pin_file)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, PinScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, PinScreen))
        for guess in ("0000", "1111", "2222"):
            await pilot.press(*guess, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "Too many wrong PINs" in screen_text(app)
        assert app.is_running


LOCKED = "Too many wrong PINs"


def shown_words(app: KioskApp) -> str:
    """The words on the screen in one line, with a message's wrapping and its left edge taken out."""
    return " ".join(screen_text(app).replace("▌", " ").split())


async def open_pin_prompt(pilot: Pilot[None], app: KioskApp) -> bool:
    """Press F12: True when the PIN prompt opens, False when the kiosk says it is locked."""
    app.clear_notifications()
    await pilot.press("f12")
    await wait_until(pilot, lambda: isinstance(app.screen, PinScreen) or LOCKED in screen_text(app))
    return isinstance(app.screen, PinScreen)


async def guess_wrong(pilot: Pilot[None], app: KioskApp, guess: str = "0000") -> bool:
    """Type a wrong PIN: True while the prompt stays open for another try, False once it locks."""
    await pilot.press(*guess, "enter")
    await wait_until(pilot, lambda: "not right" in screen_text(app) or not isinstance(app.screen, PinScreen))
    if isinstance(app.screen, PinScreen):
        return True
    await wait_for_text(pilot, app, LOCKED)
    return False


async def test_wrong_pins_count_across_prompts_and_escape_does_not_reset_them(guide: Guide, pin_file: Path) -> None:
    app = make_kiosk(guide, admin_pin_file=pin_file)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await open_pin_prompt(pilot, app)
        assert await guess_wrong(pilot, app, "0000")
        assert await guess_wrong(pilot, app, "1111")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert await open_pin_prompt(pilot, app)
        assert not await guess_wrong(pilot, app, "2222")  # the third wrong PIN, in a second prompt, locks
        assert not await open_pin_prompt(pilot, app)
        assert "opens again in 1 minute" in shown_words(app)


async def test_im_done_does_not_reset_the_wrong_pin_count(guide: Guide, pin_file: Path) -> None:
    app = make_kiosk(guide, admin_pin_file=pin_file)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await open_pin_prompt(pilot, app)
        assert await guess_wrong(pilot, app)
        assert await guess_wrong(pilot, app)
        await pilot.press("f2")
        await wait_for_fresh_start(pilot, app)
        assert await open_pin_prompt(pilot, app)
        assert not await guess_wrong(pilot, app)


async def test_a_lockout_is_told_and_kept_and_the_right_pin_ends_it(guide: Guide, pin_file: Path) -> None:
    """The gate as the kiosk shows it; its arithmetic (each wait twice as long, twelve guesses in ten minutes) is
    in tests/unit/test_pin_gate.py."""
    clock = Clock()
    app = make_kiosk(guide, clock, admin_pin_file=pin_file)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert await open_pin_prompt(pilot, app)
        assert await guess_wrong(pilot, app)
        assert await guess_wrong(pilot, app)
        assert not await guess_wrong(pilot, app)
        assert "opens again in 1 minute" in shown_words(app)
        clock.advance(59)
        assert not await open_pin_prompt(pilot, app)
        clock.advance(1)
        assert await open_pin_prompt(pilot, app)
        await pilot.press(*PIN, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AdminScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))


async def test_staff_reset_now_clears_the_visit(guide: Guide, pin_file: Path) -> None:
    app = make_kiosk(guide, admin_pin_file=pin_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_visit(pilot, app)
        await pilot.press("f12", *PIN, "enter", "r")
        await wait_for_fresh_start(pilot, app)
        await pilot.press("c")
        await wait_for_text(pilot, app, "0 of")
        assert VISITOR_TEXT not in screen_text(app)
        assert app.is_running


def test_pin_file_readable_by_others_is_refused(pin_file: Path) -> None:
    PinFile(pin_file).check()
    pin_file.chmod(0o644)
    with pytest.raises(KioskError, match="chmod 600"):
        PinFile(pin_file).check()
    assert not PinFile(pin_file).matches(PIN)


def start_kiosk_command(pin_file: Path) -> subprocess.CompletedProcess[str]:
    """The installed command as a kiosk with this PIN file; it should refuse before taking the screen."""
    command = Path(sys.executable).parent / "secondop"
    return subprocess.run(
        [str(command), "--kiosk", "--admin-pin-file", str(pin_file)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_the_command_refuses_a_shared_pin_file_in_one_line(pin_file: Path) -> None:
    pin_file.chmod(0o640)
    result = start_kiosk_command(pin_file)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"secondop: admin PIN file {pin_file} can be read by others; run: chmod 600 {pin_file}"
    ]


OTHER_UID = 65534  # nobody: a user other than the one the tests (and the kiosk) run as


def test_pin_file_of_another_user_is_refused(pin_file: Path) -> None:
    os.chown(pin_file, OTHER_UID, -1)
    with pytest.raises(KioskError, match="belongs to another user"):
        PinFile(pin_file).check()
    assert not PinFile(pin_file).matches(PIN)


def test_the_command_refuses_a_pin_file_of_another_user_in_one_line(pin_file: Path) -> None:
    os.chown(pin_file, OTHER_UID, -1)
    result = start_kiosk_command(pin_file)
    assert result.returncode == 2
    user = pwd.getpwuid(os.geteuid()).pw_name
    assert result.stderr.strip().splitlines() == [
        f"secondop: admin PIN file {pin_file} belongs to another user; run: chown {user} {pin_file}"
    ]


def test_the_launcher_removes_textual_allow_signals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ALLOW_SIGNALS", "1")
    prepare_process()
    assert "TEXTUAL_ALLOW_SIGNALS" not in os.environ


# -- nothing left behind -----------------------------------------------------------------------


async def test_idle_countdown_any_key_keeps_the_visit_silence_wipes_it(guide: Guide) -> None:
    clock = Clock()
    app = make_kiosk(guide, clock, idle_reset=60.0, countdown=30.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_visit(pilot, app)
        clock.advance(59)
        await app.check_visitor_idle()
        assert not isinstance(app.screen, StillThereScreen)  # not quiet for long enough yet
        clock.advance(2)
        await app.check_visitor_idle()
        await wait_for_text(pilot, app, "Are you still there?")
        assert isinstance(app.screen, StillThereScreen)
        clock.advance(10)
        await app.check_visitor_idle()
        await wait_for_text(pilot, app, "In 20 seconds")
        await pilot.press("z")  # any key at all
        await wait_until(pilot, lambda: not isinstance(app.screen, StillThereScreen))
        assert app.current_mode == "checklist"
        assert VISITOR_TEXT in screen_text(app)

        clock.advance(61)
        await app.check_visitor_idle()
        await wait_until(pilot, lambda: isinstance(app.screen, StillThereScreen))
        clock.advance(31)
        await app.check_visitor_idle()
        await wait_for_fresh_start(pilot, app)
        await pilot.press("c")
        await wait_until(pilot, lambda: app.current_mode == "checklist")
        await wait_for_text(pilot, app, "0 of")
        text = screen_text(app)
        assert "[x]" not in text and VISITOR_TEXT not in text


async def test_no_countdown_while_the_welcome_screen_waits(guide: Guide) -> None:
    clock = Clock()
    app = make_kiosk(guide, clock, idle_reset=60.0, countdown=30.0)
    async with app.run_test(size=(100, 30)) as pilot:
        clock.advance(3600)
        await app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_im_done_clears_checklist_search_and_messages_at_once(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start_visit(pilot, app)
        await pilot.press("g", "q")  # a message for the visitor: how to finish
        await wait_for_text(pilot, app, STAY_MESSAGE.split(".")[0])
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press(*"insurance")
        await pilot.press("f2")
        await wait_for_fresh_start(pilot, app)
        assert STAY_MESSAGE.split(".")[0] not in screen_text(app)
        await pilot.press("enter", "slash")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        assert isinstance(app.focused, Input) and app.focused.value == ""
        assert not any(entry.done or entry.user_added for entry in app.store.checklist(guide))


async def test_im_done_empties_the_clipboard(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "slash")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press(*VISITOR_TEXT, "shift+home", "ctrl+c")  # select what was typed and copy it
        await wait_until(pilot, lambda: app.clipboard == VISITOR_TEXT)
        await pilot.press("f2")
        await wait_for_fresh_start(pilot, app)
        assert app.clipboard == ""
        await pilot.press("enter", "slash")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press("ctrl+v")  # the next visitor pastes
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == ""
        assert VISITOR_TEXT not in screen_text(app)


async def test_a_visit_writes_nothing_to_disk(guide: Guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    temp = tmp_path / "tmp"
    for folder in (home, temp):
        folder.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("SECONDOP_DB", str(home / "progress.json"))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.chdir(tmp_path)
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_visit(pilot, app)
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, TakeAwayScreen))
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, QrCodeScreen))
        await pilot.press("escape", "escape", "f2")
        await wait_for_fresh_start(pilot, app)
    left = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert left == []


# -- take it with you --------------------------------------------------------------------------


def fake_printer(tmp_path: Path) -> tuple[str, Path]:
    script = tmp_path / "fake-lp"
    script.write_text('#!/bin/sh\ncat > "$1"\n', encoding="utf-8")
    script.chmod(0o700)
    output = tmp_path / "printed.txt"
    return f"{script} {output}", output


async def open_take_away(pilot: Pilot[None], app: KioskApp) -> TakeAwayScreen:
    await pilot.press("f3")
    await wait_until(pilot, lambda: isinstance(app.screen, TakeAwayScreen))
    assert isinstance(app.screen, TakeAwayScreen)
    return app.screen


async def test_f3_offers_what_works_in_a_waiting_room_and_nothing_that_leaves_a_trace(
    guide: Guide, tmp_path: Path
) -> None:
    command, _ = fake_printer(tmp_path)
    app = make_kiosk(guide, print_command=command)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_visit(pilot, app)
        screen = await open_take_away(pilot, app)
        text = screen_text(app)
        assert "Show a QR code" in text and "Print it" in text and "Show it as plain text" in text
        # The clipboard would hand the list to the next visitor; a file would stay on the kiosk's disk.
        assert "Copy it" not in text and "Save it" not in text
        assert [choice.key for choice in screen.choices] == ["v", "r", "p"]
        assert "Press F2 when you are done" in text
        await pilot.press("c", "s")  # not offered here: nothing happens
        await pilot.pause()
        assert app.screen is screen and app.clipboard == ""
        await pilot.press("r")
        await wait_for_text(pilot, app, "Scan the code with your phone's camera")
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: app.current_mode == "checklist" and isinstance(app.screen, ChecklistScreen))


async def test_f3_works_from_the_welcome_screen_too(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_take_away(pilot, app)
        assert "Print it" not in screen_text(app)  # no printer set up here


async def test_the_keys_the_welcome_section_names_work_at_a_kiosk_too(guide: Guide) -> None:
    """The guide's welcome names n, c, space, t and ?: visitors at a kiosk read the same words."""
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.current_mode == "guide")
        for key, shown in [("question_mark", HelpScreen), ("t", TakeAwayScreen)]:
            await pilot.press(key)
            await wait_until(pilot, lambda shown=shown: isinstance(app.screen, shown))
            await pilot.press("escape")
            await wait_until(pilot, lambda shown=shown: not isinstance(app.screen, shown))
        await pilot.press("n")
        await wait_until(pilot, lambda: getattr(app.screen, "current", None) == guide.sections[1].id)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.press("space")
        await wait_until(pilot, lambda: any(entry.done for entry in app.store.checklist(guide)))


async def test_print_sends_the_whole_checklist_to_the_print_command(guide: Guide, tmp_path: Path) -> None:
    command, output = fake_printer(tmp_path)
    app = make_kiosk(guide, print_command=command)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start_visit(pilot, app)
        expected = export_checklist(guide, app.store.checklist(guide), "txt")
        await open_take_away(pilot, app)
        await pilot.press("p")
        await wait_for_text(pilot, app, "Printed")
    printed = output.read_text(encoding="utf-8")
    assert printed == expected
    assert VISITOR_TEXT in printed and "[x]" in printed


async def test_a_failing_printer_is_reported_calmly(guide: Guide, tmp_path: Path) -> None:
    app = make_kiosk(guide, print_command=f"{tmp_path / 'no-such-printer'} -d desk")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot, app)
        await pilot.press("p")
        await wait_for_text(pilot, app, "The printer is not set up.")
        text = screen_text(app)
        assert "Please" in text and "desk." in text  # where to ask, however the message wraps
        assert app.is_running


# -- settings from the command line, environment and config file -------------------------------


def test_options_come_from_command_line_then_environment_then_config(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        'kiosk = true\nidle_reset = 300\nprint_command = "lp -d desk"\nadmin_pin_file = "/etc/pin"\n',
        encoding="utf-8",
    )
    options = resolve_kiosk_options({"config": config, "idle_reset": 60.0}, {"SECONDOP_PRINT_COMMAND": "lp -d ward"})
    assert options == KioskOptions(
        enabled=True, idle_reset=60.0, admin_pin_file=Path("/etc/pin"), print_command="lp -d ward"
    )
    assert resolve_kiosk_options({}, {"SECONDOP_KIOSK": "1"}).enabled
    assert not resolve_kiosk_options({"kiosk": None}, {}).enabled
    assert resolve_kiosk_options({}, {"SECONDOP_IDLE_COUNTDOWN": "20"}).countdown == 20.0  # the least allowed


@pytest.mark.parametrize(
    ("given", "environ", "message"),
    [
        ({}, {"SECONDOP_IDLE_RESET": "soon"}, "SECONDOP_IDLE_RESET should be a number"),
        ({"idle_reset": 0.0}, {}, "--idle-reset should be at least 1"),
        # Less than WCAG's 20 seconds to answer "Are you still there?" is refused, wherever it comes from.
        ({}, {"SECONDOP_IDLE_COUNTDOWN": "10"}, "SECONDOP_IDLE_COUNTDOWN should be at least 20 seconds, not 10"),
        ({}, {"SECONDOP_KIOSK": "maybe"}, "should be true or false"),
    ],
)
def test_bad_options_give_one_line(given: dict[str, object], environ: dict[str, str], message: str) -> None:
    with pytest.raises(KioskError, match=message):
        resolve_kiosk_options(given, environ)


def test_bad_config_file_is_named(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("kiosk = true\nidle = 5\n", encoding="utf-8")
    with pytest.raises(KioskError, match="unknown setting 'idle'"):
        resolve_kiosk_options({"config": config}, {})
    config.write_text("kiosk = [\n", encoding="utf-8")
    with pytest.raises(KioskError, match="not valid TOML"):
        resolve_kiosk_options({}, {"SECONDOP_CONFIG": str(config)})
