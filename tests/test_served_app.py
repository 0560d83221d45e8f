"""The app as ``secondop serve`` starts it (a ``GuestSpec``, not options of ``secondop``): nothing on screen writes a
file on the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from secondop_tui.app import GuardedApp
from secondop_tui.cli import build_parser
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.settings import Settings


def make_served(db_path: Path, guide: Guide) -> GuardedApp:
    return GuardedApp(Settings(content_dir=guide.directory, db_path=db_path), guide, ProgressStore(db_path))


async def test_no_palette_and_no_screenshot(
    db_path: Path, guide: Guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    monkeypatch.chdir(shots)  # where a screenshot without a folder would land
    monkeypatch.setenv("HOME", str(shots))  # and ~/Downloads
    app = make_served(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        app.action_command_palette()
        await pilot.pause()
        assert not CommandPalette.is_open(app)
        assert list(app.get_system_commands(app.screen)) == []
        await app.run_action("screenshot")
        assert app.deliver_screenshot(path=str(shots)) is None
    assert list(shots.iterdir()) == []


@pytest.mark.parametrize("flag", ["--served", "--served-guest", "--web-guest", "--default-lang=es", "--process-name=x"])
def test_the_servers_choices_are_not_options_of_secondop(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args([flag])
    assert "unrecognized arguments" in capsys.readouterr().err
