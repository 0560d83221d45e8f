"""The guide as plain text: for pipes, printing, and screen readers that cope badly with full-screen apps.

Markdown markup is dropped. Headings stand on their own lines, underlined as ``secondop export`` does
(``=`` under a section's title, ``-`` under a heading inside it), so they still read as headings on
paper. List items keep a simple bullet (a numbered step keeps its number), task items read "[ ]", drawings
(code blocks) keep their lines, and a link shows where it goes (a section title, or the address as text). Each section ends
with its sources and the date they were checked. On paper (``secondop read``), parts marked for the app only
(which keys to press) are left out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from secondop_tui.content import TASK_LINE, Guide, Section
from secondop_tui.i18n import _
from secondop_tui.markdown_blocks import Span, parse
from secondop_tui.provenance import sources_markdown


def _link_text(span: Span, guide: Guide | None) -> str:
    href = span.href or ""
    target = guide.resolve_link(href) if guide else None
    if target is not None:
        return _('{text} (see "{title}")').format(text=span.text, title=target.title)
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


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Lines of at most ``width``, broken at spaces only where possible.

    Never at a hyphen, so phone numbers (1-800-4-CANCER) stay whole; a web address longer than a line
    starts a line of its own and is cut at the width only then.
    """
    lines: list[str] = []
    for line in textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False, break_long_words=False
    ):
        cut = max(width, len(rest) + 1)  # each piece carries on some of the word, however deep the indent
        while len(line) > cut:
            lines.append(line[:cut])
            line = rest + line[cut:]
        lines.append(line)
    return lines or [""]


def markdown_lines(markdown: str, guide: Guide | None = None, width: int = 78, for_paper: bool = False) -> list[str]:
    """Render Markdown to wrapped plain-text lines; ``for_paper`` leaves out the parts marked for the app only."""
    lines: list[str] = []
    for block in parse(markdown):
        if for_paper and block.app_only:
            continue
        if block.kind == "blank":
            lines.append("")
        elif block.kind == "code":
            lines.extend(f"  {line}".rstrip() for line in block.code.split("\n"))
        elif block.kind == "heading":
            lines.extend(underlined(_inline_text(block.spans, guide), "=" if block.level == 1 else "-", width))
        elif block.kind == "text":
            text = _inline_text(block.spans, guide)
            depth = block.depth
            if depth and block.marker:
                text = _strip_item_id(text)
                indent = "  " * (depth - 1)
                first = f"{indent}{block.marker} "  # "- ", or "2. " for a numbered step
                rest = indent + " " * len(first[len(indent) :])
            else:
                first = rest = "  " * depth
            lines.extend(_wrap(text, width, first, rest))
    return lines


def underlined(text: str, mark: str, width: int = 78) -> list[str]:
    """A heading's lines with a rule of ``mark`` under them, as long as the longest (4 at least, never ``---``)."""
    wrapped = textwrap.wrap(text, width) or [""]
    return [*wrapped, mark * max(4, max(len(line) for line in wrapped))]


def section_text(section: Section, guide: Guide | None = None, width: int = 78, for_paper: bool = False) -> str:
    """One section as plain text: its title, its body, then its sources."""
    body = markdown_lines(f"{section.body}\n\n{sources_markdown(section)}", guide, width, for_paper)
    return "\n".join([*underlined(section.title, "=", width), "", *body]) + "\n"


def guide_text(guide: Guide, sections: Iterable[Section] | None = None, width: int = 78) -> str:
    """Several sections (all by default), in guide order, separated by a blank line: the guide on paper."""
    chosen = list(sections) if sections is not None else list(guide.sections)
    return "\n".join(section_text(section, guide, width, for_paper=True) for section in chosen)
