"""The rules every guest app follows (``guest/policy.py``), and the spec it is started with (``guest/spec.py``)."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from secondop_tui.guest.policy import (
    APP_FPS,
    MAX_COLUMNS,
    MAX_ROWS,
    GuestFolder,
    IdleTimer,
    clamp_size,
    drain,
    guest_environment,
    start_failure,
)
from secondop_tui.guest.spec import MAX_SPEC, BadSpec, GuestSpec

from support.clock import Clock

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("asked", "given"),
    [
        ((80, 24), (80, 24)),
        ((0, 0), (1, 1)),
        ((-5, -9), (1, 1)),
        ((65535, 65535), (MAX_COLUMNS, MAX_ROWS)),
        ((MAX_COLUMNS + 1, 30), (MAX_COLUMNS, 30)),
    ],
)
def test_a_screen_is_never_larger_than_an_app_can_afford(asked: tuple[int, int], given: tuple[int, int]) -> None:
    assert clamp_size(*asked) == given


def test_the_servers_own_settings_never_reach_a_guest() -> None:
    server = {
        "PATH": "/usr/bin",
        "HOME": "/srv",
        "SECONDOP_DB": "/srv/mine.json",
        "SECONDOP_KIOSK": "1",
        "SSH_AUTH_SOCK": "/tmp/agent",
        "COLUMNS": "200",
        "TEXTUAL_FPS": "60",
        "PYTHONUTF8": "0",
    }
    env = guest_environment(server, dropped=("COLUMNS",))
    assert env == {"PATH": "/usr/bin", "HOME": "/srv", "TEXTUAL_FPS": APP_FPS, "PYTHONUTF8": "1"}
    assert server["SECONDOP_DB"] == "/srv/mine.json"  # the server's own is left as it was


def test_a_start_failure_names_only_the_kind_of_error() -> None:
    assert start_failure(OSError(24, "Too many open files", "/home/x/typed-by-a-client")) == "Too many open files"
    assert start_failure(ValueError("what the client typed")) == "ValueError"
    assert start_failure(OSError("no errno")) == "OSError"


def test_a_guests_folder_is_private_and_gone_when_they_leave(tmp_path: Path) -> None:
    folder = GuestFolder(tmp_path)
    assert folder.path is not None and folder.path.parent == tmp_path
    assert stat.S_IMODE(folder.path.stat().st_mode) == 0o700
    folder.progress_file.write_text("{}")
    other = GuestFolder(tmp_path)
    assert other.path != folder.path
    folder.remove()
    folder.remove()  # again: nothing
    assert [path.name for path in tmp_path.iterdir()] == [other.path.name]  # type: ignore[union-attr]


class Timers:
    """A scheduler on a fake clock: what ``IdleTimer`` would ask the event loop for."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.pending: list[tuple[float, Callable[[], None], Timers.Handle]] = []

    class Handle:
        cancelled = False

        def cancel(self) -> None:
            self.cancelled = True

    def __call__(self, seconds: float, callback: Callable[[], None]) -> Timers.Handle:
        handle = Timers.Handle()
        self.pending.append((self.clock() + seconds, callback, handle))
        return handle

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        due = [entry for entry in self.pending if entry[0] <= self.clock() and not entry[2].cancelled]
        self.pending = [entry for entry in self.pending if entry not in due]
        for _, callback, _ in due:
            callback()


def test_the_idle_timer_fires_once_after_the_last_touch_only() -> None:
    timers = Timers(Clock())
    fired: list[float] = []
    idle = IdleTimer(60, lambda: fired.append(timers.clock()), schedule=timers)
    idle.touch()
    timers.advance(59)
    idle.touch()  # a key: sixty more seconds from now
    timers.advance(59)
    assert fired == []
    timers.advance(1)
    assert fired == [1000 + 59 + 60]
    timers.advance(600)
    assert len(fired) == 1


def test_an_idle_timer_of_zero_never_fires_and_a_cancelled_one_does_not() -> None:
    timers = Timers(Clock())
    fired: list[str] = []
    never = IdleTimer(0, lambda: fired.append("never"), schedule=timers)
    never.touch()
    cancelled = IdleTimer(10, lambda: fired.append("cancelled"), schedule=timers)
    cancelled.touch()
    cancelled.cancel()
    timers.advance(3600)
    assert fired == []


async def test_the_drain_at_stop_waits_for_the_last_guest_or_the_grace_whichever_comes_first() -> None:
    clock = Clock()
    left = [3]

    async def pause(seconds: float) -> None:
        clock.advance(seconds)
        left[0] = max(0, left[0] - 1)
        await asyncio.sleep(0)

    assert await drain(lambda: left[0], grace=10, clock=clock, pause=pause) == 0
    assert clock.now == pytest.approx(1000.15)

    stuck = Clock()

    async def nobody_leaves(seconds: float) -> None:
        stuck.advance(seconds)

    assert await drain(lambda: 2, grace=5, clock=stuck, pause=nobody_leaves) == 2
    assert 1005 <= stuck.now < 1005.1


def test_a_spec_travels_whole() -> None:
    spec = GuestSpec(
        venue="ssh",
        db_path=Path("/srv/users/alice/progress.json"),
        language="es",
        content_dir=Path("/srv/guide-copy"),
        guest=False,
        print_command="lp -d desk",
        process_name="alice (session #7)",
    )
    assert GuestSpec.from_json(spec.to_json()) == spec
    web = GuestSpec(venue="web", db_path=Path("/srv/guests/guest-x/progress.json"), language="en")
    assert GuestSpec.from_json(web.to_json()) == web


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "not JSON"),
        ("[1, 2]", "not an object"),
        ('{"venue": "shell", "db_path": "/x", "language": "en"}', "no such venue"),
        ('{"venue": "web", "db_path": "", "language": "en"}', "no progress file"),
        ('{"venue": "web", "db_path": "/x", "language": "fr"}', "no such language"),
        ('{"venue": "web", "db_path": "/x", "language": "en", "kiosk": true}', "unknown fields: kiosk"),
        ('{"venue": "web", "db_path": "/x", "language": "en", "guest": "yes"}', "guest is not true or false"),
        ('{"venue": "web", "db_path": "/x", "language": "en", "print_command": ["rm"]}', "print_command is not text"),
        ('{"venue": "web", "db_path": "/x", "language": "en", "content_dir": 7}', "content_dir is not a folder"),
        ("x" * (MAX_SPEC + 1), "too long"),
    ],
)
def test_anything_but_a_servers_spec_is_refused(text: str, why: str) -> None:
    with pytest.raises(BadSpec, match=why):
        GuestSpec.from_json(text)
