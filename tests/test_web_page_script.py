"""The browser page's terminal: xterm.js and its addons as npm published them, and the page loading only those
and its own script (no textual-serve bundle, whose terminal has its screen-reader mode off)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import secondop_tui.web

STATIC = Path(secondop_tui.web.__file__).parent / "static"
VENDORED = STATIC / "xterm"
# The files in static/xterm/ and their checksums, as its README gives them (xterm.js 5.5.0, addon-fit 0.10.0,
# addon-unicode11 0.8.0).
PINNED = {
    "xterm.js": "1f991ac3b4b283ebf96e60ae23a00a52765dd3a2e46fa6fdda9f1aab032f7495",
    "xterm.css": "ba8e6985669488981ccf40c0cefe3aba80722cb6c92de7ad628b0bd717faf2b6",
    "addon-fit.js": "bdaefa370b1bfc42ee88d46fe6072400902a4d4b2d45cd93438dda9b23c97089",
    "addon-unicode11.js": "b0c3be540a9984713aea996966c24ed1a639d11f60d44986b22661e3a8a148d0",
}


def test_the_vendored_terminal_is_npms_files_unchanged_with_their_licences() -> None:
    readme = (VENDORED / "README.md").read_text(encoding="utf-8")
    for name, digest in PINNED.items():
        assert hashlib.sha256((VENDORED / name).read_bytes()).hexdigest() == digest, f"{name} is not npm's file"
        assert f"`{name}`" in readme and digest in readme, f"the README names {name} and its checksum"
    assert "The xterm.js authors" in (VENDORED / "LICENSE").read_text(encoding="utf-8")
    assert "The xterm.js authors" in (VENDORED / "LICENSE-addons").read_text(encoding="utf-8")
    shipped = {path.name for path in VENDORED.iterdir()}
    assert shipped == {*PINNED, "LICENSE", "LICENSE-addons", "README.md"}, "only what the README accounts for"


def test_the_page_loads_xterm_and_its_own_script_only() -> None:
    page = (Path(secondop_tui.web.__file__).parent / "templates" / "page.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == [
        "assets/xterm/xterm.js",
        "assets/xterm/addon-fit.js",
        "assets/xterm/addon-unicode11.js",
        "assets/page.js",
    ]
    assert "assets/xterm/xterm.css" in page
    script = (STATIC / "page.js").read_text(encoding="utf-8")
    assert "screenReaderMode: true" in script
    # The global names the vendored builds define, which the page's script uses.
    assert "new window.Terminal(" in script and "window.FitAddon.FitAddon" in script
    assert "window.Unicode11Addon.Unicode11Addon" in script
