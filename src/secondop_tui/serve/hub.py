"""What every connection to the server shares: the options it was started with and the open sessions."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from secondop_tui.data.files import ensure_private_dir
from secondop_tui.serve.throttle import LoginThrottle

if TYPE_CHECKING:
    from secondop_tui.serve.session import AppSession


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
    content_dir: Path | None = None


@dataclass
class Hub:
    """What all connections share."""

    options: ServeOptions
    sessions: set[AppSession] = field(default_factory=set)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    stopping: bool = False

    @property
    def guest_root(self) -> Path:
        return self.options.data_dir / "guests"

    def user_db(self, user: str) -> Path:
        folder = self.options.data_dir / "users" / user
        ensure_private_dir(folder)
        return folder / "progress.json"


