"""The guide's Markdown as a flat list of blocks: one parse that feeds both the plain-text and the on-screen text.

Only what the guide uses is kept: headings, paragraphs, (nested) lists, block quotes, code and rules.
Inline text becomes spans that say how they look (bold, italic, code) or where they lead (links).

A heading, paragraph or list item that ends with ``{.app-only}`` is for the screen only (which keys to press):
its blocks, and under a heading everything up to the next heading of the same or a higher level, are marked
``app_only``, and the mark itself is never shown. Paper and ``secondop read`` leave them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark")
APP_ONLY = re.compile(r"\s*\{\.app-only\}\s*$")


class Span(NamedTuple):
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None  # a link's target; its text is ``text``


class Block(NamedTuple):
    kind: str  # "heading", "text", "code", "rule" or "blank"
    spans: tuple[Span, ...] = ()
    level: int = 0  # heading level
    depth: int = 0  # list nesting: 0 outside any list
    marker: str = ""  # "-" or "3." on an item's first text, "" on the rest
    quote: int = 0  # block-quote nesting
    code: str = ""  # the text of a code block
    app_only: bool = False  # for the screen only: left out on paper

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


BLANK = Block("blank")
APP_BLANK = Block("blank", app_only=True)


def _spans(token: Token) -> tuple[Span, ...]:
    spans: list[Span] = []
    bold = italic = 0
    href: str | None = None
    link_words: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "link_open":
            href, link_words = str(child.attrs.get("href", "")), []
        elif kind == "link_close" and href is not None:
            spans.append(Span("".join(link_words), href=href))
            href = None
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            text = " " if kind.endswith("break") else child.content
            if href is not None:
                link_words.append(text)
            else:
                spans.append(Span(text, bold=bold > 0, italic=italic > 0, code=kind == "code_inline"))
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind.endswith("open") else -1
    return tuple(spans)


def _without_app_mark(spans: tuple[Span, ...]) -> tuple[Span, ...] | None:
    """The spans with a closing ``{.app-only}`` taken off, or None when they do not end with one."""
    if not spans or spans[-1].href is not None or not APP_ONLY.search(spans[-1].text):
        return None
    last = spans[-1]
    text = APP_ONLY.sub("", last.text)
    return spans[:-1] + ((Span(text, last.bold, last.italic, last.code),) if text else ())


def blocks(markdown: str) -> Iterator[Block]:
    """The blocks of ``markdown`` in reading order, with blank blocks where a reader expects a gap."""
    depth = quote = level = 0
    numbers: list[int | None] = []  # per open list: the next number, or None for bullets
    marker = ""
    part_level = 0  # the level of the heading whose part is for the app only; 0 outside such a part
    marked_paragraph = False  # the paragraph just read was marked, so its gap goes with it
    for token in _PARSER.parse(markdown):
        kind = token.type
        if kind == "heading_open" and part_level and int(token.tag[1:]) <= part_level:
            part_level = 0
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            numbers.append(int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else None)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            numbers.pop()
            if depth == 0:
                yield APP_BLANK if part_level else BLANK
        elif kind == "list_item_open":
            number = numbers[-1]
            marker = "-" if number is None else f"{number}."
            if number is not None:
                numbers[-1] = number + 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            level = int(token.tag[1:])
        elif kind == "heading_close" or (kind == "paragraph_close" and depth == 0):
            yield APP_BLANK if part_level or marked_paragraph else BLANK
            marked_paragraph = False
        elif kind == "inline":
            spans = _spans(token)
            unmarked = _without_app_mark(spans)
            if unmarked is not None and level:
                part_level = level
            marked_paragraph = unmarked is not None and not level
            app_only = bool(part_level) or unmarked is not None
            kind_name = "heading" if level else "text"
            yield Block(
                kind_name, spans if unmarked is None else unmarked, level, depth, marker, quote, app_only=app_only
            )
            level, marker = 0, ""
        elif kind in ("fence", "code_block"):
            yield Block("code", depth=depth, quote=quote, code=token.content.rstrip("\n"), app_only=bool(part_level))
            yield APP_BLANK if part_level else BLANK
        elif kind == "hr":
            yield Block("rule", depth=depth, quote=quote, app_only=bool(part_level))


def parse(markdown: str) -> tuple[Block, ...]:
    """All blocks of ``markdown``, trailing gaps dropped."""
    found = list(blocks(markdown))
    while found and found[-1].kind == "blank":
        found.pop()
    return tuple(found)


def anchor(text: str) -> str:
    """A heading's ``#anchor`` the way Markdown sites make them: lowercase words joined by dashes."""
    words = re.sub(r"[^\w\s-]", "", text.strip().lower())
    return re.sub(r"\s+", "-", words)
