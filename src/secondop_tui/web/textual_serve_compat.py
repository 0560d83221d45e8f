"""Every use of textual-serve's private names, in one place, as ``textual_compat.py`` is for Textual's.

textual-serve is pinned to the minor version these were checked against (see ``pyproject.toml``).
``tests/test_textual_serve_compat.py`` checks that each name in ``HOOKS`` still exists with the parameters we
call it with; when it fails after moving the pin, fix the code here (or find a public way) first.

- How a tab's app starts: ``AppService`` starts its app through a shell, with the server's whole environment;
  a guest's app is started without a shell, with an environment of its own (``GuestAppService``).
- A tab's pending downloads: the manager keeps them only in a private map, and a tab may have only a few, each
  for one request (``Downloads``).
- How long a download's next piece may take: a module global, 4 s, too short on a busy server.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any, Protocol, cast

import textual_serve.download_manager
from textual_serve.app_service import AppService
from textual_serve.download_manager import Download, DownloadManager

from secondop_tui.guest.warm.adoption import AppProcess

# (class, name, parameters after self; None for an attribute each instance has)
HOOKS: list[tuple[type[Any], str, tuple[str, ...] | None]] = [
    (AppService, "_build_environment", ("width", "height")),
    (AppService, "_open_app_process", ("width", "height")),
    (AppService, "_process", None),
    (AppService, "_stdin", None),
    (DownloadManager, "_active_downloads", None),
]
DOWNLOAD_TIMEOUT = "DOWNLOAD_TIMEOUT"  # the module global of textual_serve.download_manager


def _instance(owner: type[Any]) -> object:
    if owner is AppService:

        async def nothing(*_: object) -> None:
            pass

        return AppService("", write_bytes=nothing, write_str=nothing, close=nothing, download_manager=DownloadManager())
    return owner()


def missing_hooks() -> list[str]:
    """What no longer matches in the installed textual-serve: one line per hook, empty when all is well."""
    problems: list[str] = []
    for owner, name, parameters in HOOKS:
        if parameters is None:
            if not hasattr(_instance(owner), name):
                problems.append(f"{owner.__name__}().{name} is gone")
            continue
        found = inspect.getattr_static(owner, name, None)
        if found is None:
            problems.append(f"{owner.__name__}.{name} is gone")
        elif not callable(found):
            problems.append(f"{owner.__name__}.{name} is no longer a method")
        else:
            names = tuple(inspect.signature(found).parameters)[1:]
            if names != parameters:
                problems.append(f"{owner.__name__}.{name} takes {names}, expected {parameters}")
    if not isinstance(getattr(textual_serve.download_manager, DOWNLOAD_TIMEOUT, None), (int, float)):
        problems.append(f"textual_serve.download_manager.{DOWNLOAD_TIMEOUT} is gone")
    return problems


def served_environment(width: int = 80, height: int = 24) -> dict[str, str]:
    """The environment textual-serve gives an app it starts: this process's, with its driver and terminal's."""
    return cast(AppService, _instance(AppService))._build_environment(width, height)


def set_download_timeout(seconds: float) -> None:
    """How long the server waits for each piece of a download from an app."""
    setattr(textual_serve.download_manager, DOWNLOAD_TIMEOUT, seconds)


class TabProcess(AppProcess, Protocol):
    """What textual-serve uses of the app's process: its pid and end, and its streams."""

    stdin: asyncio.StreamWriter | None
    stdout: asyncio.StreamReader | None
    stderr: asyncio.StreamReader | None


class GuestAppService(AppService):
    """An ``AppService`` whose subclass says what environment its app gets and how it starts it."""

    def app_environment(self, server: dict[str, str]) -> dict[str, str]:
        """The app's environment, from what textual-serve would give it (``server``)."""
        return server

    async def open_app(self, env: dict[str, str]) -> TabProcess:
        """Start the app with ``env``; it reads its stdin and writes its stdout, which may be pipes or a socket."""
        raise NotImplementedError

    @property
    def process(self) -> TabProcess | None:
        """The app's process, once started."""
        return self._process

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return self.app_environment(super()._build_environment(width, height))

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        # textual-serve uses only what ``TabProcess`` names of the process it keeps.
        process = cast(asyncio.subprocess.Process, await self.open_app(self._build_environment(width, height)))
        # What textual-serve's own start sets, and reads from then on.
        self._process = process
        self._stdin = process.stdin
        return process


class Downloads(DownloadManager):
    """textual-serve's download manager, with its downloads in view."""

    @property
    def active(self) -> dict[str, Download]:
        """The downloads an app has offered and no request has finished, by key (the manager's own map)."""
        return self._active_downloads
