"""Text that wraps with a hanging indent: the lines after the first start under the text, not under what leads
it (a bullet, a tick box, "Note:", a key's name), so that wrapped items do not run into each other."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

# Text keeps at least this many columns beside its lead, however narrow the window.
MIN_ROOM = 4


def wrap_hanging(content: Content, first: str, rest: str, width: int, lead_style: str = "") -> list[Content]:
    """``content`` wrapped to ``width``, its first line led by ``first`` and the others by ``rest``."""
    room = max(width - cell_len(first), MIN_ROOM)
    wrapped = content.wrap(room) if content.cell_length > room else [content]
    return [
        Content.assemble((first if number == 0 else rest, lead_style), line)
        for number, line in enumerate(wrapped or [Content("")])
    ]


class HangingText(Visual):
    """Paragraphs, each after its lead, wrapped to whatever width they are drawn at: an option of a list, or a
    Static. Each later line of a paragraph starts under its text."""

    def __init__(self, paragraphs: Sequence[tuple[str, Content]]) -> None:
        self.paragraphs = tuple(paragraphs)
        self._wrapped: tuple[int, list[Content]] = (-1, [])

    def lines(self, width: int) -> list[Content]:
        """The lines at ``width``; the last width's are kept, as a list asks for its height and then draws."""
        if self._wrapped[0] != width:
            lines: list[Content] = []
            for lead, text in self.paragraphs:
                lines += wrap_hanging(text, lead, " " * cell_len(lead), width)
            self._wrapped = (width, lines)
        return self._wrapped[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        # Each line already fits, so drawing them does not wrap them again.
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((cell_len(lead) + text.cell_length for lead, text in self.paragraphs), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))
