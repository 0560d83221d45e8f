"""Searching the guide as a reader would: each word matched from its beginning ("insur" finds insurance, "dicare"
is not Medicare), case and accents ignored ("medico" finds médico), and sections ranked by where the words are:
in the title, a heading, the text, or a source's name.

Only readable text is searched and shown: diagrams (code blocks), web addresses, Markdown and item ids are left
out, so a snippet is a piece of a sentence. The index is built once per guide and kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from secondop_tui.content import TASK_LINE, Guide, Section
from secondop_tui.markdown_blocks import parse

TITLE, HEADING, TEXT, SOURCE = 8, 4, 2, 1  # how much a word found there counts
SNIPPET = 64  # characters of text shown around the first word found
MOST_COUNTED = 20  # mentions past this do not push a section further up


class _FoldTable(dict[int, str]):
    """Each character to one character, lowercase and without its accent, worked out the first time it is met.

    One for one, so a place in the folded text is the same place in the guide's own.
    """

    def __missing__(self, code: int) -> str:
        lower = chr(code).lower()
        if len(lower) != 1:
            lower = chr(code)
        base = "".join(part for part in unicodedata.normalize("NFD", lower) if not unicodedata.combining(part))
        self[code] = base if len(base) == 1 else lower
        return self[code]


_FOLD = _FoldTable()


def fold(text: str) -> str:
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Passage:
    weight: int
    text: str  # as the guide says it, on one line
    folded: str


@dataclass(frozen=True)
class Hit:
    section: Section
    snippet: str
    marks: tuple[tuple[int, int], ...]  # where the words found are in the snippet


def _passage(weight: int, text: str) -> Passage:
    line = " ".join(text.split())
    return Passage(weight, line, fold(line))


def _passages(section: Section) -> tuple[Passage, ...]:
    found = [_passage(TITLE, section.title)]
    for block in parse(section.body):
        if block.kind == "heading":
            found.append(_passage(HEADING, block.text))
        elif block.kind == "text":
            item = TASK_LINE.match("- " + block.text) if block.marker else None
            found.append(_passage(TEXT, item.group(3) if item else block.text))
    found += [_passage(SOURCE, source.title) for source in section.sources]
    return tuple(passage for passage in found if passage.text)


@lru_cache(maxsize=4)
def _index(guide: Guide) -> tuple[tuple[Section, tuple[Passage, ...]], ...]:
    return tuple((section, _passages(section)) for section in guide.sections)


def _patterns(query: str) -> list[re.Pattern[str]]:
    words = dict.fromkeys(fold(query).split())  # each once, in the order typed
    return [re.compile(r"(?<!\w)" + re.escape(word) + r"\w*") for word in words]


def _snippet(passage: Passage, patterns: list[re.Pattern[str]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    spans = sorted(match.span() for pattern in patterns for match in pattern.finditer(passage.folded))
    text = passage.text
    start, end = 0, len(text)
    if end > SNIPPET:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - SNIPPET // 3, len(text) - SNIPPET))
        if start:
            start = text.find(" ", start, first) + 1 or start  # from the start of a word
        end = min(len(text), start + SNIPPET)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    before = "..." if start else ""
    shown = before + text[start:end] + ("..." if end < len(text) else "")
    marks = tuple((a - start + len(before), b - start + len(before)) for a, b in spans if start <= a and b <= end)
    return shown, marks


def search(guide: Guide, query: str) -> list[Hit]:
    """The sections that hold every word of ``query``, best first; each with a snippet where the words are."""
    patterns = _patterns(query)
    if not patterns:
        return []
    ranked: list[tuple[int, int, Hit]] = []
    for order, (section, passages) in enumerate(_index(guide)):
        score = mentions = 0
        for pattern in patterns:
            weights = [passage.weight for passage in passages if pattern.search(passage.folded)]
            if not weights:
                break
            score += max(weights)
            mentions += len(weights)
        else:
            ranked.append((-(score * 100 + min(mentions, MOST_COUNTED)), order, _hit(section, passages, patterns)))
    ranked.sort(key=lambda entry: entry[:2])
    return [hit for _, _, hit in ranked]


def _hit(section: Section, passages: tuple[Passage, ...], patterns: list[re.Pattern[str]]) -> Hit:
    """The section with the passage that best shows why it was found: most words, then the weightiest, then the
    first. The title is shown anyway, so a hit there alone shows how the section begins."""
    body = passages[1:]

    def words_in(passage: Passage) -> int:
        return sum(1 for pattern in patterns if pattern.search(passage.folded))

    best = max(body, key=lambda passage: (words_in(passage), passage.weight), default=None)
    if best is None or not words_in(best):
        best = next((passage for passage in body if passage.weight == TEXT), None)
    if best is None:
        return Hit(section, "", ())
    snippet, marks = _snippet(best, patterns)
    return Hit(section, snippet, marks)
