"""Lay out a section's blocks as styled lines of a given width, for the reader to show as one widget.

One widget with pre-wrapped lines is far cheaper to lay out than a widget per paragraph, which is what
keeps a section switch within a frame or two. Headings are bold (and stand after a blank line), so they
read without colour; list items wrap with a hanging indent; task items show their tick mark in place of
the bullet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style

from secondop_tui.markdown_blocks import Block, Span, anchor
from secondop_tui.marks import Marks
from secondop_tui.widgets.hanging import wrap_hanging

# Styles by name; "$..." are theme colours, so the no-colour theme still gets bold and underline. The title is in
# the theme's colour for text ($primary is for backgrounds: dark blue on black is below 4.5:1).
HEADING_STYLES = {1: "bold $text-primary", 2: "bold", 3: "bold italic"}
CODE_STYLE = "bold"
QUOTE_STYLE = "italic"


@dataclass
class Page:
    lines: list[Content] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)  # (row, anchor) of each heading


def _span_style(span: Span) -> str | Style:
    if span.href is not None:
        # A click (when the mouse is on) follows the link, as the `l` key's list does.
        return Style(underline=True) + Style.from_meta({"@click": f"screen.follow({span.href!r})"})
    parts = ["bold"] * span.bold + ["italic"] * span.italic + [CODE_STYLE] * span.code
    return " ".join(parts)


def _content(spans: Sequence[Span], style: str = "") -> Content:
    content = Content.assemble(*((span.text, _span_style(span)) for span in spans if span.text))
    return content.stylize(style) if style else content


def _split_mark(content: Content, marks: tuple[str, ...]) -> tuple[str, Content] | None:
    plain = content.plain
    for mark in marks:
        if plain.startswith(mark + " "):
            return mark, content[len(mark) + 1 :]
    return None


def layout(blocks: Sequence[Block], width: int, symbols: Marks) -> Page:
    """``blocks`` wrapped to ``width`` cells; a task mark leading a list item replaces its bullet."""
    page = Page()
    task_marks = (symbols.done, symbols.todo)
    lines = page.lines
    width = max(width, 8)
    hang: dict[int, int] = {0: 0}  # list depth -> column where that depth's item text starts

    def add(content: Content, first: str, rest: str) -> None:
        lines.extend(wrap_hanging(content, first, rest, width))

    for block in blocks:
        quote = (symbols.quote + " ") * block.quote
        if block.kind == "blank":
            if lines and lines[-1].plain.strip(" " + symbols.quote):
                lines.append(Content(quote.rstrip()))
            continue
        if block.kind == "heading":
            if lines and lines[-1].plain.strip():
                lines.append(Content(""))  # without colour, the gap (and bold) marks a heading
            page.headings.append((len(lines), anchor(block.text)))
            add(_content(block.spans, HEADING_STYLES.get(block.level, "bold")), quote, quote)
            continue
        indent = " " * hang.get(block.depth - 1, 0) if block.depth else ""
        if block.kind == "code":
            for text in block.code.split("\n"):
                add(Content.styled(text, CODE_STYLE) if text else Content(""), quote + indent + "  ", quote)
            continue
        if block.kind == "rule":
            lines.append(Content.styled(quote + symbols.rule * max(width - cell_len(quote), 1), "dim"))
            lines.append(Content(""))
            continue
        content = _content(block.spans, QUOTE_STYLE if block.quote else "")
        if block.depth and block.marker:
            bullet = block.marker
            if bullet == "-":
                split = _split_mark(content, task_marks)
                if split:
                    bullet, content = split
                else:
                    bullet = symbols.bullets[(block.depth - 1) % len(symbols.bullets)]
            first = indent + bullet + " "
            hang[block.depth] = cell_len(first)
            add(content, quote + first, quote + " " * cell_len(first))
        else:
            lead = " " * hang.get(block.depth, 0) if block.depth else ""
            add(content, quote + lead, quote + lead)
    while lines and not lines[-1].plain.strip():
        lines.pop()
    return page
