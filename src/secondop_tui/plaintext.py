"""The guide as plain text: for pipes, printing, and screen readers that cope badly with full-screen apps.

Markdown markup is dropped, headings stand on their own lines, list items keep a simple bullet,
task items read "[ ]", and a link shows where it goes (a section title, or the address as text).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from secondop_tui.content import TASK_LINE, Guide, Section
from secondop_tui.markdown_blocks import Span, parse


def _link_text(span: Span, guide: Guide | None) -> str:
    href = span.href or ""
    target = guide.resolve_link(href) if guide else None
    if target is not None:
        return f'{span.text} (see "{target.title}")'
    if href.startswith("#") or href.endswith(".md") or href in span.text:
        return span.text
    return f"{span.text} ({href})"


def _inline_text(spans: tuple[Span, ...], guide: Guide | None) -> str:
    return "".join(span.text if span.href is None else _link_text(span, guide) for span in spans)


def _strip_item_id(text: str) -> str:
    match = TASK_LINE.match("- " + text)
    if match:
        return f"[{match.group(2).lower()}] {match.group(3)}"
    return text


def markdown_lines(markdown: str, guide: Guide | None = None, width: int = 78) -> list[str]:
    """Render Markdown to wrapped plain-text lines."""
    lines: list[str] = []
    for block in parse(markdown):
        if block.kind == "blank":
            lines.append("")
        elif block.kind == "code":
            lines.extend(block.code.split("\n"))
        elif block.kind in ("heading", "text"):
            text = _inline_text(block.spans, guide)
            depth = block.depth
            if depth and block.marker:
                text = _strip_item_id(text)
                indent = "  " * (depth - 1)
                first, rest = f"{indent}- ", f"{indent}  "
            else:
                first = rest = "  " * depth
            lines.extend(textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest) or [""])
    return lines


def section_text(section: Section, guide: Guide | None = None, width: int = 78) -> str:
    """One section as plain text: its title, then its body."""
    body = markdown_lines(section.body, guide, width)
    return "\n".join([section.title, "", *body]) + "\n"


def guide_text(guide: Guide, sections: Iterable[Section] | None = None, width: int = 78) -> str:
    """Several sections (all by default), in guide order, separated by a blank line."""
    chosen = list(sections) if sections is not None else list(guide.sections)
    return "\n".join(section_text(section, guide, width) for section in chosen)
