"""``secondop web``: the guide in a browser, one guest app per tab, drawn by textual-serve's page script.

``options`` holds what the command line asks for, ``server`` the web server (pages, the websocket, limits and
stopping), ``connections`` the connections that may wait and how long they may take to ask, ``addresses``
whose a tab is and which names are ours, ``tab`` one tab's app process and throwaway folder, ``messages`` what
a browser may send, and ``log`` the one-line log. The app a tab runs is ``guest.apps.WebGuestApp``, started as
every guest app is (``secondop_tui.guest``). The server needs textual-serve, which ``pip install
'secondop-tui[web]'`` brings.
"""

from __future__ import annotations

import asyncio

from secondop_tui.web.options import WebOptionError, WebOptions

__all__ = ["WebOptionError", "WebOptions", "run"]


def run(options: WebOptions) -> int:
    options.check()
    from secondop_tui.web.server import GuideServer  # textual-serve: only when serving

    return asyncio.run(GuideServer(options).run())
