"""Load and check the guide: one Markdown file per section, with a small front-matter block.

A section file looks like::

    ---
    id: records
    title: Gather your records
    order: 5
    reviewed: 2026-11-26
    sources:
      - title: Your right to your records (US health department)
        address: https://www.hhs.gov/hipaa/for-professionals/privacy/guidance/access/index.html
    ---
    Some text.

    - [ ] Ask for a copy of your pathology report {#pathology-report}

Task-list lines are the checklist. An item's id is the ``{#...}`` suffix when there is one, so a
clinic can reword an item without resetting anyone's tick; otherwise it is made from the section id
and the item's text, so it stays the same for as long as the text does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from secondop_tui.i18n import _, ngettext
from secondop_tui.sanitize import UNSAFE, printable, without_unsafe

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# "- [ ] text {#id}" at any list depth; groups: prefix, mark, text, explicit id.
TASK_LINE = re.compile(r"^(\s*[-*+]\s+)\[([ xX])\]\s+(.*?)(?:\s*\{#([^}]*)\})?\s*$")
REQUIRED_FIELDS = ("id", "title", "order")
SOURCE_FIELDS = ("title", "address")
SKIPPED_FILES = {"readme.md"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content folder, tied to a file and line (0: the folder or file as a whole).

    A warning (such as an old review date) does not stop the guide from being shown. Nor does a ``stripped``
    problem, which the loader has already taken out of the text it shows; it still has to be fixed in the file.
    """

    path: Path
    line: int
    message: str
    warning: bool = False
    stripped: bool = False

    def __str__(self) -> str:
        kind = _("warning: ") if self.warning else ""
        where = printable(str(self.path)) + (f":{self.line}" if self.line else "")
        return f"{where}: {kind}{self.message}"


class ContentError(Exception):
    """The guide cannot be shown; ``problems`` says why, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else _("no problems recorded")
        more = _(" (and {count} more)").format(count=len(problems) - 1) if len(problems) > 1 else ""
        super().__init__(first + more)


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    section_id: str
    text: str
    line: int


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    line: int


@dataclass(frozen=True)
class Source:
    """Where a section's facts come from: a title and a web address, as written in the front matter."""

    title: str
    address: str
    line: int


class FrontMatter(NamedTuple):
    fields: dict[str, str]
    lines: dict[str, int]  # file line of each field, for problems that point at it
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    order: int
    path: Path
    body: str
    body_line: int  # file line number of the body's first line
    items: tuple[ChecklistItem, ...] = ()
    links: tuple[Link, ...] = field(default=(), compare=False)
    # The editor's record: when the facts were last checked ("" when not given) and against what.
    reviewed: str = ""
    sources: tuple[Source, ...] = ()
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @cached_property
    def _item_by_line(self) -> dict[int, ChecklistItem]:
        return {item.line: item for item in self.items}

    def markdown_with_marks(self, is_done: Callable[[str], bool], done_mark: str, todo_mark: str) -> str:
        """The body for display: task boxes drawn with ``*_mark``, ``{#id}`` suffixes hidden."""
        lines = self.body.split("\n")
        for index, text in enumerate(lines):
            item = self._item_by_line.get(self.body_line + index)
            match = TASK_LINE.match(text) if item else None
            if item and match:
                mark = done_mark if is_done(item.id) else todo_mark
                lines[index] = f"{match.group(1)}{mark} {match.group(3)}"
        return "\n".join(lines)


@dataclass(frozen=True)
class Guide:
    directory: Path
    sections: tuple[Section, ...]

    @cached_property
    def _by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections}

    @cached_property
    def items(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def section(self, section_id: str) -> Section | None:
        return self._by_id.get(section_id)

    def index_of(self, section_id: str) -> int:
        for index, section in enumerate(self.sections):
            if section.id == section_id:
                return index
        return 0

    def resolve_link(self, href: str) -> Section | None:
        """The section an in-guide link points to, or None for an outside address."""
        target = _internal_target(href)
        if target is None:
            return None
        if target in self._by_id:
            return self._by_id[target]
        for section in self.sections:
            # "05-records.md" may also be linked as "records.md".
            names = {section.path.name, re.sub(r"^\d+-", "", section.path.name)}
            if target in names:
                return section
        return None


def map_text(guide: Guide, change: Callable[[str], str]) -> Guide:
    """The same guide with every piece of its text passed through ``change`` (which keeps lines as they are)."""
    sections = tuple(
        replace(
            section,
            title=change(section.title),
            body=change(section.body),
            items=tuple(replace(item, text=change(item.text)) for item in section.items),
            links=tuple(replace(link, text=change(link.text)) for link in section.links),
            sources=tuple(replace(source, title=change(source.title)) for source in section.sources),
        )
        for section in guide.sections
    )
    return Guide(guide.directory, sections)


def _internal_target(href: str) -> str | None:
    """``#records`` -> ``records``; ``05-records.md`` -> ``05-records.md``; None for outside links."""
    href = href.strip()
    if not href or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
        return None  # https:, mailto:, tel: and friends are outside the guide
    if href.startswith("#"):
        return href[1:]
    name = href.split("#", 1)[0].rsplit("/", 1)[-1]
    return name if name.endswith(".md") else None


@cache
def _parser() -> MarkdownIt:
    # One parser for every file: making one compiles its rules, which cost as much as parsing a section.
    parser = MarkdownIt("commonmark").use(front_matter_plugin)
    parser.core.ruler.at("inline", _inline_where_links_can_be)
    return parser


def _inline_where_links_can_be(state: StateCore) -> None:
    """Markdown-it's inline step, run only on the text that can hold a link.

    Of the inline children only the links are read (checklist items use the raw line), and inline-parsing every
    paragraph took a third of the time spent reading the guide at start-up. The steps after this one (joining
    escaped characters back into the text) still run, so a link's text comes out as a full parse gives it.
    """
    has_references = bool(state.env.get("references"))
    for token in state.tokens:
        if token.type == "inline" and _can_hold_link(token.content, has_references):
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _can_hold_link(text: str, has_references: bool) -> bool:
    """Whether inline text can hold a link: a "[" (inline or reference link) or a "<" (autolink)."""
    if "<" in text:
        return True
    if not has_references and text.startswith(("[ ]", "[x]", "[X]")) and text[3:4] in (" ", "\t"):
        # A task box followed by a space links nowhere unless "[x]: address" is defined in the file.
        text = text[3:]
    return "[" in text


def _parse_front_matter(text: str, path: Path, problems: list[Problem]) -> FrontMatter:
    """``key: value`` lines, and one list: ``sources:`` followed by ``- title: ...`` / ``address: ...`` entries.

    A small reader of our own rather than YAML: the fields are few, and a clinic's editor gets a problem
    naming the line instead of a parser's traceback.
    """
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    sources: list[dict[str, str | int]] = []
    in_sources = False
    for offset, raw in enumerate(text.splitlines(), start=2):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        starts_entry = line.startswith("- ") or line == "-"
        if in_sources and (starts_entry or raw[:1].isspace()):
            if starts_entry:
                sources.append({"line": offset})
                line = line[1:].strip()
                if not line:
                    continue
            key, sep, value = line.partition(":")
            if not sep or key.strip() not in SOURCE_FIELDS or not sources:
                problems.append(
                    Problem(
                        path, offset, _("a source needs 'title: ...' and 'address: ...': {line!r}").format(line=line)
                    )
                )
                continue
            sources[-1][key.strip()] = _unquote(value)
            continue
        key, sep, value = line.partition(":")
        if starts_entry:
            problems.append(
                Problem(path, offset, _("a list line belongs under 'sources:': {line!r}").format(line=line))
            )
            continue
        if not sep:
            problems.append(
                Problem(path, offset, _("front matter line is not 'key: value': {line!r}").format(line=line))
            )
            continue
        key = key.strip()
        in_sources = key == "sources"
        if in_sources and value.strip():
            problems.append(Problem(path, offset, _("put each source on the lines below 'sources:', as a list")))
        fields[key], lines[key] = _unquote(value), offset
    found = tuple(
        Source(str(entry.get("title", "")), str(entry.get("address", "")), int(entry["line"])) for entry in sources
    )
    return FrontMatter(fields, lines, found)


def _unquote(value: str) -> str:
    return value.strip().strip("\"'")


def _item_id(section_id: str, text: str) -> str:
    normal = " ".join(text.lower().split())
    return f"{section_id}/{hashlib.sha1(normal.encode()).hexdigest()[:10]}"


def _links(tokens: list[Token]) -> Iterator[Link]:
    """Every link in the parsed file, with its visible text and line."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] + 1 if token.map else 1
        href: str | None = None
        words: list[str] = []
        for child in token.children:
            if child.type == "link_open":
                href, words = str(child.attrs.get("href", "")), []
            elif child.type == "link_close" and href is not None:
                yield Link("".join(words), href, line)
                href = None
            elif href is not None and child.type in ("text", "code_inline"):
                words.append(child.content)


def _checklist_items(
    tokens: list[Token], lines: list[str], section_id: str, path: Path, problems: list[Problem]
) -> Iterator[ChecklistItem]:
    """The task-list lines of a parsed file, each with its id; bad ones become problems instead."""
    for token in tokens:
        if token.type != "inline" or token.map is None:
            continue
        line_no = token.map[0] + 1
        match = TASK_LINE.match(lines[token.map[0]])
        if not match or not token.content.startswith(("[ ]", "[x]", "[X]")):
            continue
        text, explicit = match.group(3).strip(), match.group(4)
        if not text:
            problems.append(Problem(path, line_no, _("checklist item has no text")))
        elif explicit is not None and not SLUG.match(explicit):
            problems.append(Problem(path, line_no, _("item id {{#{id}}} must be a lowercase slug").format(id=explicit)))
        else:
            yield ChecklistItem(explicit or _item_id(section_id, text), section_id, text, line_no)


def _unsafe_problems(source: str, path: Path) -> list[Problem]:
    """One problem for each line holding characters that a terminal would obey rather than show."""
    if not UNSAFE.search(source):
        return []
    problems = []
    for number, line in enumerate(source.split("\n"), start=1):
        found = sorted(set(UNSAFE.findall(line)))
        if found:
            codes = ", ".join(f"U+{ord(character):04X}" for character in found)
            problems.append(
                Problem(
                    path,
                    number,
                    ngettext(
                        "control character {codes}: delete it (the guide is shown without it)",
                        "control characters {codes}: delete them (the guide is shown without them)",
                        len(found),
                    ).format(codes=codes),
                    stripped=True,
                )
            )
    return problems


def parse_section(path: Path, problems: list[Problem]) -> Section | None:
    """Parse one file; problems found are appended. None when the file cannot make a section."""
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(path, 1, _("not UTF-8 text ({reason})").format(reason=error.reason)))
        return None
    except OSError as error:
        problems.append(Problem(path, 1, _("cannot read file ({reason})").format(reason=error.strerror)))
        return None
    before = len(problems)
    problems += _unsafe_problems(source, path)
    # Whatever else is wrong, nothing from the file reaches a terminal with them.
    source = without_unsafe(source)
    tokens = _parser().parse(source)
    front = next((t for t in tokens if t.type == "front_matter"), None)
    if front is None or front.map is None or front.map[0] != 0:
        problems.append(Problem(path, 1, _("missing front matter (a '---' block with id, title, order)")))
        return None
    front_matter = _parse_front_matter(front.content, path, problems)
    fields = front_matter.fields
    for name in REQUIRED_FIELDS:
        if not fields.get(name):
            problems.append(Problem(path, 1, _("front matter has no '{name}'").format(name=name)))
    section_id = fields.get("id", "")
    if section_id and not SLUG.match(section_id):
        problems.append(
            Problem(
                path,
                front_matter.lines["id"],
                _("id {id!r} must be lowercase letters, digits and dashes").format(id=section_id),
            )
        )
    order = 0
    if fields.get("order"):
        try:
            order = int(fields["order"])
        except ValueError:
            problems.append(
                Problem(
                    path,
                    front_matter.lines["order"],
                    _("order {order!r} is not a whole number").format(order=fields["order"]),
                )
            )
    body_line = front.map[1] + 1  # 1-based number of the first body line
    lines = source.split("\n")
    body = "\n".join(lines[front.map[1] :])
    items = list(_checklist_items(tokens, lines, section_id, path, problems))
    links = list(_links(tokens))
    if any(not problem.stripped for problem in problems[before:]):
        return None
    return Section(
        id=section_id,
        title=fields["title"],
        order=order,
        path=path,
        body=body,
        body_line=body_line,
        items=tuple(items),
        links=tuple(links),
        reviewed=fields.get("reviewed", ""),
        sources=front_matter.sources,
        field_lines=front_matter.lines,
    )


def parse_folder(directory: Path) -> tuple[Guide | None, list[Problem]]:
    """Every section that parses, as a guide, and every problem found; None when there is no section file."""
    problems: list[Problem] = []
    if not directory.is_dir():
        return None, [Problem(directory, 0, _("content folder not found"))]
    files = sorted(p for p in directory.glob("*.md") if p.is_file() and p.name.lower() not in SKIPPED_FILES)
    if not files:
        return None, [Problem(directory, 0, _("content folder has no section files (*.md)"))]
    sections = [s for s in (parse_section(path, problems) for path in files) if s is not None]
    seen_sections: dict[str, Section] = {}
    seen_items: dict[str, ChecklistItem] = {}
    for section in sections:
        if section.id in seen_sections:
            other = seen_sections[section.id].path.name
            problems.append(
                Problem(
                    section.path,
                    section.field_lines.get("id", 1),
                    _("section id {id!r} is also used by {other}").format(id=section.id, other=other),
                )
            )
        seen_sections[section.id] = section
        for item in section.items:
            if item.id in seen_items:
                problems.append(Problem(section.path, item.line, _("item id {id!r} is used twice").format(id=item.id)))
            seen_items[item.id] = item
    guide = Guide(directory, tuple(sorted(sections, key=lambda s: (s.order, s.path.name))))
    for section in guide.sections:
        for link in section.links:
            if _internal_target(link.href) is not None and guide.resolve_link(link.href) is None:
                problems.append(
                    Problem(section.path, link.line, _("link to {href!r} matches no section").format(href=link.href))
                )
    return guide, problems


def check_content(directory: Path) -> tuple[Guide | None, list[Problem]]:
    """Parse a whole content folder; the guide is None when anything is wrong that the loader cannot leave out."""
    guide, problems = parse_folder(directory)
    if any(not problem.stripped for problem in problems):
        return None, problems
    return guide, problems


def load_guide(directory: Path) -> Guide:
    """The guide in ``directory``; raises ContentError naming every problem."""
    guide, problems = check_content(directory)
    if guide is None:
        raise ContentError(problems)
    return guide
