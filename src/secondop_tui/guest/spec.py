"""What a guest app is started with, as the servers send it: a small JSON object, checked on arrival.

It reaches the app as the one argument of ``python -m secondop_tui.guest`` (a cold start) or in the warm
helper's request (a fork). It is the servers' words, not a command line a person types: ``secondop`` itself has
no option for any of it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal, cast

from secondop_tui.i18n import LANGUAGES

Venue = Literal["ssh", "web"]
VENUES: tuple[Venue, ...] = ("ssh", "web")
MAX_SPEC = 16 * 1024  # bytes; a spec holds a few paths and short words


class BadSpec(ValueError):
    """A spec that is not one the servers make."""


@dataclass(frozen=True)
class GuestSpec:
    venue: Venue  # "ssh": a session of ``secondop serve``; "web": a browser tab of ``secondop web``
    db_path: Path  # the progress file (a guest's is in a throwaway folder)
    language: str  # chosen by the server from the client's locale or the browser's languages
    content_dir: Path | None = None  # the guide's folder; None for the one that ships with secondop
    guest: bool = True  # over SSH, a key's user is not a guest: their ticks are kept
    print_command: str | None = None
    process_name: str | None = None  # what ps shows for the app
    idle_timeout: float = 0.0  # a browser tab's: the app warns before the server closes it for quiet (0: never)

    def to_json(self) -> str:
        values = asdict(self)
        values.update(
            db_path=str(self.db_path), content_dir=None if self.content_dir is None else str(self.content_dir)
        )
        return json.dumps(values, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> GuestSpec:
        """The spec in ``text``; ``BadSpec`` for anything else."""
        if len(text) > MAX_SPEC:
            raise BadSpec("too long")
        try:
            values = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            raise BadSpec("not JSON") from None
        if not isinstance(values, dict):
            raise BadSpec("not an object")
        return cls.from_dict(values)

    @classmethod
    def from_dict(cls, values: dict[str, object]) -> GuestSpec:
        wanted = {
            "venue",
            "db_path",
            "language",
            "content_dir",
            "guest",
            "print_command",
            "process_name",
            "idle_timeout",
        }
        if unknown := set(values) - wanted:
            raise BadSpec(f"unknown fields: {', '.join(sorted(unknown))}")
        venue, db_path, language = values.get("venue"), values.get("db_path"), values.get("language")
        if venue not in VENUES:
            raise BadSpec("no such venue")
        if not isinstance(db_path, str) or not db_path:
            raise BadSpec("no progress file")
        if language not in LANGUAGES:
            raise BadSpec("no such language")
        content_dir = values.get("content_dir")
        guest = values.get("guest", True)
        print_command, process_name = values.get("print_command"), values.get("process_name")
        if content_dir is not None and (not isinstance(content_dir, str) or not content_dir):
            raise BadSpec("content_dir is not a folder's path")
        if not isinstance(guest, bool):
            raise BadSpec("guest is not true or false")
        for name, value in (("print_command", print_command), ("process_name", process_name)):
            if value is not None and not isinstance(value, str):
                raise BadSpec(f"{name} is not text")
        idle_timeout = values.get("idle_timeout", 0.0)
        if isinstance(idle_timeout, bool) or not isinstance(idle_timeout, (int, float)) or not idle_timeout >= 0:
            raise BadSpec("idle_timeout is not a number of seconds")
        return cls(
            venue=cast(Venue, venue),
            db_path=Path(db_path),
            language=cast(str, language),
            content_dir=None if content_dir is None else Path(cast(str, content_dir)),
            guest=guest,
            print_command=cast("str | None", print_command),
            process_name=cast("str | None", process_name),
            idle_timeout=float(idle_timeout),
        )
