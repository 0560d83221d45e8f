"""Start the kiosk from the command line: check the staff PIN file first, then run until staff exit."""

from __future__ import annotations

from secondop_tui.content import Guide
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.kiosk.pin import PinFile
from secondop_tui.settings import Settings


def run_kiosk(settings: Settings, guide: Guide, options: KioskOptions) -> int:
    """Raises KioskError (one line) when the set-up is wrong, before the screen is taken over."""
    if options.admin_pin_file is not None:
        PinFile(options.admin_pin_file).check()
    from secondop_tui.kiosk.app import KioskApp

    app = KioskApp(settings, guide, options)
    app.run(mouse=settings.mouse)
    return app.return_code or 0
