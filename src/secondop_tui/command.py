"""The ``secondop`` command as installed: the collector is held before anything else is imported, so that the
app's start pays for no collection at all (see ``collector``); ``cli`` lets it go for every other command."""

from __future__ import annotations

from secondop_tui import collector


def main() -> int:
    collector.hold()
    from secondop_tui.cli import main as run_command

    return run_command()
