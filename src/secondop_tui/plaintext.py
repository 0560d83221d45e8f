"""The guide as plain text: for pipes, printing, and screen readers that cope badly with full-screen apps.

Markdown markup is dropped, headings stand on their own lines, list items keep a simple bullet,
task items read "[ ]", and a link shows where it goes (a section title, or the address as text).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from secondop_tui.content import TASK_LINE, Guide, Section

_PARSER = MarkdownIt("commonmark")


def _inline_text(token: Token, guide: Guide | None) -> str:
    parts: list[str] = []
    href: str | None = None
    link_words: list[str] = []
    for child in token.children or []:
        if child.type == "link_open":
            href, link_words = str(child.attrs.get("href", "")), []
        elif child.type == "link_close" and href is not None:
            text = "".join(link_words)
            target = guide.resolve_link(href) if guide else None
            if target is not None:
                parts.append(f'{text} (see "{target.title}")')
            elif href.startswith("#") or href.endswith(".md") or href in text:
                parts.append(text)
            else:
                parts.append(f"{text} ({href})")
            href = None
        elif child.type in ("text", "code_inline"):
            (link_words if href is not None else parts).append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            (link_words if href is not None else parts).append(" ")
    return "".join(parts)


def _strip_item_id(text: str) -> str:
    match = TASK_LINE.match("- " + text)
    if match:
        return f"[{match.group(2).lower()}] {match.group(3)}"
    return text


def markdown_lines(markdown: str, guide: Guide | None = None, width: int = 78) -> list[str]:
    """Render Markdown to wrapped plain-text lines."""
    lines: list[str] = []
    depth = 0
    in_item = False
    for token in _PARSER.parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                lines.append("")
        elif token.type == "list_item_open":
            in_item = True
        elif token.type == "heading_close" or (token.type == "paragraph_close" and depth == 0):
            lines.append("")
        elif token.type == "inline":
            text = _inline_text(token, guide)
            if depth and in_item:
                text = _strip_item_id(text)
                indent = "  " * (depth - 1)
                first, rest = f"{indent}- ", f"{indent}  "
                in_item = False
            else:
                first = rest = "  " * depth
            lines.extend(textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest) or [""])
        elif token.type in ("fence", "code_block"):
            lines.extend(token.content.rstrip("\n").split("\n"))
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def section_text(section: Section, guide: Guide | None = None, width: int = 78) -> str:
    """One section as plain text: its title, then its body."""
    body = markdown_lines(section.body, guide, width)
    return "\n".join([section.title, "", *body]) + "\n"


def guide_text(guide: Guide, sections: Iterable[Section] | None = None, width: int = 78) -> str:
    """Several sections (all by default), in guide order, separated by a blank line."""
    chosen = list(sections) if sections is not None else list(guide.sections)
    return "\n".join(section_text(section, guide, width) for section in chosen)
