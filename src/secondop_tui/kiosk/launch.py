"""Start the kiosk from the command line: check the set-up, make the process a kiosk's, run until staff exit."""

from __future__ import annotations

import os
import sys

from secondop_tui import collector
from secondop_tui.content import Guide
from secondop_tui.i18n import N_, _
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.kiosk.pin import PinFile
from secondop_tui.settings import Settings

CRASH_MESSAGE = N_("secondop kiosk stopped after an error and starts again. Run it without --kiosk to see details.")


def prepare_process() -> None:
    """Process-wide set-up a kiosk needs before its app starts."""
    # With this set, Textual leaves ctrl+c, ctrl+z and ctrl+\ to the terminal as signals that stop or
    # suspend us; without it they arrive as keys. The driver reads it when it starts.
    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)


def run_kiosk(settings: Settings, guide: Guide, options: KioskOptions) -> int:
    """Raises KioskError (one line) when the set-up is wrong, before the screen is taken over."""
    if options.admin_pin_file is not None:
        PinFile(options.admin_pin_file).check()
    prepare_process()
    collector.hold()  # until the first frame is up
    from secondop_tui.kiosk.app import KioskApp

    try:
        app = KioskApp(settings, guide, options)
        app.run(mouse=settings.mouse)
    except Exception:  # noqa: BLE001
        # Whatever went wrong, the waiting room sees one calm line, never a traceback with a visitor's words.
        app_failed = True
    else:
        app_failed = bool(app.return_code)
    if app_failed:
        print(_(CRASH_MESSAGE), file=sys.stderr)
        return 1
    return 0
