"""``secondop serve``: the guide over SSH, one app and one checklist per person."""

from __future__ import annotations

import asyncio

from secondop_tui.serve.folders import UnsafeFolder
from secondop_tui.serve.hostkey import HostKeyError
from secondop_tui.serve.server import ServeOptions, serve

__all__ = ["HostKeyError", "ServeOptions", "UnsafeFolder", "run"]


def run(options: ServeOptions) -> int:
    return asyncio.run(serve(options))
