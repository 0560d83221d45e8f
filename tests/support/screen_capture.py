"""What a terminal would show of a running app, read through Textual's public screenshot.

``App.export_screenshot`` draws the screen as SVG: one ``<text>`` element per run of styled characters,
placed at a multiple of the character width and clipped to its line. Putting those runs back on a grid
of cells gives the screen as plain text, without reaching into Textual's private compositor.
"""

from __future__ import annotations

import html
import re
from typing import Any

from textual.app import App

_RUN = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def svg_lines(svg: str, width: int, height: int) -> list[str]:
    """The screen in ``svg`` (from ``export_screenshot``) as ``height`` lines of text, right-trimmed."""
    rows = [[" "] * width for _ in range(height)]
    for x, length, line, escaped in _RUN.findall(svg):
        text = html.unescape(escaped).replace("\xa0", " ")
        cell = float(length) / len(text)  # every run is drawn in whole character cells
        column = round(float(x) / cell)
        row = int(line)
        for offset, character in enumerate(text):
            if row < height and column + offset < width:
                rows[row][column + offset] = character
    return ["".join(row).rstrip() for row in rows]


def screen_text(app: App[Any]) -> str:
    """What the terminal would show, as plain text lines."""
    width, height = app.size
    return "\n".join(svg_lines(app.export_screenshot(), width, height))
