"""What every connection to the server shares: the options it was started with and the open sessions."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from secondop_tui.data.locations import default_content_dir
from secondop_tui.guest.folders import user_progress_file
from secondop_tui.guest.guide_copies import GuideCopies
from secondop_tui.i18n import N_
from secondop_tui.serve.ssh.throttle import LoginThrottle
from secondop_tui.serve.ssh.waiting import WaitingLine

if TYPE_CHECKING:
    from secondop_tui.guest.warm.client import WarmHelper
    from secondop_tui.serve.ssh.connection import Connection
    from secondop_tui.serve.ssh.print_desk import PrintDesk
    from secondop_tui.serve.ssh.session import AppSession


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    data_dir: Path
    host_key: Path
    max_sessions: int
    idle_timeout: float  # seconds; 0 means never
    authorized_keys: Path | None
    guest: bool
    content_dir: Path | None = None  # the guide's folder; None for the one that ships with secondop
    max_per_user: int = 2  # sessions at once for one key's user
    max_guests_per_address: int = 4  # guest sessions at once from one address
    print_command: str | None = None  # offered to each person for printing their checklist
    warm_start: bool = True  # fork each app from a warm helper rather than start a new process
    merge_pages: bool = False  # let the kernel merge the pages that apps forked from the helper hold alike
    language: str = "en"  # for people whose locale names no language we have
    guests_for_key_users: bool = True  # a name listed in the keys file may come in as a guest without its key


@dataclass
class Hub:
    """What all connections share."""

    options: ServeOptions
    sessions: set[AppSession] = field(default_factory=set)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    waiting: WaitingLine[Connection] = field(default_factory=WaitingLine)
    numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    stopping: bool = False
    warm_helper: WarmHelper | None = None  # the warm helper that forks apps, if there is one
    print_desk: PrintDesk | None = None  # what lets every session's print jobs through, when there is a printer
    guides: GuideCopies = field(init=False)  # the checked copy of the guide that new sessions read

    def __post_init__(self) -> None:
        self.guides = GuideCopies(self.options.data_dir, self.options.content_dir or default_content_dir())

    @property
    def guest_root(self) -> Path:
        return self.options.data_dir / "guests"

    def no_place_for(self, connection: Connection) -> tuple[str, str, int] | None:
        """Why a new session of ``connection`` may not start, or None: for the log, and for the person (a
        message to translate, with the ``{count}`` to put in it).

        One person (a key's user, or the guests from one address) may not take every place.
        """
        if self.stopping or len(self.sessions) >= self.options.max_sessions:
            return f"busy ({len(self.sessions)} sessions)", N_("busy, try again in a few minutes."), 0
        if connection.user is not None:
            mine = sum(session.connection.user == connection.user for session in self.sessions)
            if mine >= self.options.max_per_user:
                return (
                    f"{connection.user} has {mine} sessions",
                    N_("you already have {count} sessions open; close one, then try again."),
                    mine,
                )
        else:
            guests = sum(
                session.connection.user is None and session.connection.address == connection.address
                for session in self.sessions
            )
            if guests >= self.options.max_guests_per_address:
                return (
                    f"{guests} guests from {connection.address}",
                    N_("there are already {count} guests from your address; try again in a few minutes."),
                    guests,
                )
        return None

    def user_db(self, user: str) -> Path:
        return user_progress_file(self.options.data_dir, user)
