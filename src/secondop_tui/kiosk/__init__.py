"""Kiosk mode: the app on a shared waiting-room terminal, with no way out and nothing left behind.

``options`` and ``pin`` are plain Python (no Textual), so the command line can read them cheaply;
``app``, ``screens`` and ``launch`` load Textual and are imported only when a kiosk starts.
"""
