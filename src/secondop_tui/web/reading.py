"""The guide as plain web pages at ``/read/``: a contents page and one page per section, in each language.

For screen readers, for printing, for a slow phone, and for anyone the terminal page does not suit: the same
Markdown as the app, as semantic HTML, with no script. Raw HTML in a section is shown as text, never passed on;
the parts marked ``{.app-only}`` (which keys to press) are left out, as ``secondop read`` leaves them out.
Addresses are relative, so the pages work behind a proxy at any path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import aiohttp_jinja2
from aiohttp import web
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from secondop_tui.content import ContentError, Guide, Section, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.export import MONTHS
from secondop_tui.i18n import ENGLISH, LANGUAGES, N_, content_dir_for, translate
from secondop_tui.markdown_blocks import APP_ONLY
from secondop_tui.provenance import reviewed_on

TASK_BOX = re.compile(r"^\[[ xX]\]\s+")
ITEM_ID = re.compile(r"\s*\{#[^}]*\}\s*$")
WEB_LINK = re.compile(r"^(?:https?:|mailto:|tel:)", re.IGNORECASE)
# commonmark with raw HTML off: a "<script>" in a section reaches the page as the text "<script>".
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def _marked(token: Token) -> bool:
    return token.type == "inline" and APP_ONLY.search(token.content) is not None


def _closing(tokens: list[Token], start: int, kind: str, level: int) -> int:
    """The index of the ``kind`` token at ``level`` from ``start`` on: the end of the block opened there."""
    for index in range(start, len(tokens)):
        if tokens[index].type == kind and tokens[index].level == level:
            return index
    return len(tokens) - 1


def without_app_only(tokens: list[Token]) -> list[Token]:
    """The tokens less the parts for the app only: a marked heading with all under it, a marked paragraph (or the
    list item it opens), as ``markdown_blocks`` reads the same marks."""
    kept: list[Token] = []
    part_level = 0  # inside a marked heading's part: that heading's level
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1:])
            if part_level and level <= part_level:
                part_level = 0
            if not part_level and _marked(tokens[index + 1]):
                part_level = level
        if part_level:
            index += 1
            continue
        if token.type == "paragraph_open" and _marked(tokens[index + 1]):
            if kept and kept[-1].type == "list_item_open":
                opener = kept.pop()
                index = _closing(tokens, index, "list_item_close", opener.level) + 1
            else:
                index = _closing(tokens, index, "paragraph_close", token.level) + 1
            continue
        kept.append(token)
        index += 1
    return kept


@dataclass(frozen=True)
class Page:
    """One section, ready for the template: its words as HTML, its sources, its neighbours."""

    section: Section
    body: Markup
    reviewed: date | None
    previous: Section | None
    next: Section | None


class GuideReading:
    """The ``/read/`` pages of one server: the guide in each language, loaded once, then only looked up."""

    def __init__(self, content_dir: Path | None, language: Callable[[web.Request], str], title: str) -> None:
        self.base = content_dir or default_content_dir()
        self.title = title  # the guide's name, untranslated
        self.language = language  # the language a request asks for, as the server reads it
        self._guides: dict[str, Guide | None] = {}
        self._bodies: dict[tuple[str, str], Markup] = {}  # by language and section: a known, small number

    def use(self, content_dir: Path | None) -> None:
        """Serve the guide in ``content_dir`` from now on (a reload): the pages made from the one before go."""
        self.base = content_dir or default_content_dir()
        self._guides.clear()
        self._bodies.clear()

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/read", self.to_contents),
            web.get("/read/", self.to_contents),
            web.get("/read/{lang}", self.to_contents),
            web.get("/read/{lang}/", self.contents),
            web.get("/read/{lang}/{section}", self.section),
        ]

    def guide(self, lang: str) -> Guide:
        """The guide in ``lang`` (its English one where it has none); a guide that cannot load is a 503."""
        if lang not in self._guides:
            try:
                self._guides[lang] = load_guide(content_dir_for(self.base, lang))
            except ContentError:
                self._guides[lang] = None  # the app would not open either; `secondop check-content` says why
        guide = self._guides[lang]
        if guide is None:
            raise web.HTTPServiceUnavailable(text=translate(lang, N_("The guide cannot be shown just now.")))
        return guide

    async def to_contents(self, request: web.Request) -> web.Response:
        """``/read/`` and ``/read/es``: to the contents in the browser's language (or the one named)."""
        named = request.match_info.get("lang")
        if named is not None and named not in LANGUAGES:
            raise self._not_found(request)
        lang = named or self.language(request)
        # Relative, so that it works behind a proxy at any path: /read -> read/en/, /read/ -> en/, /read/es -> es/.
        raise web.HTTPFound(f"read/{lang}/" if request.path == "/read" else f"{lang}/")

    async def contents(self, request: web.Request) -> web.Response:
        lang = self._lang(request)
        guide = self.guide(lang)
        context = self._context(lang, guide, request)
        context["sections"] = guide.sections
        return self._render("read_contents.html", request, context)

    async def section(self, request: web.Request) -> web.Response:
        lang = self._lang(request)
        guide = self.guide(lang)
        found = guide.section(request.match_info["section"])
        if found is None:
            raise self._not_found(request)
        index = guide.index_of(found.id)
        sections = guide.sections
        body = self._bodies.get((lang, found.id))
        if body is None:
            body = self._bodies[(lang, found.id)] = section_html(found, guide)
        page = Page(
            found,
            body,
            reviewed_on(found),
            sections[index - 1] if index > 0 else None,
            sections[index + 1] if index + 1 < len(sections) else None,
        )
        context = self._context(lang, guide, request)
        context["page"] = page
        context["reviewed"] = long_date(lang, page.reviewed) if page.reviewed else ""
        return self._render("read_section.html", request, context)

    def _lang(self, request: web.Request) -> str:
        lang = request.match_info["lang"]
        if lang not in LANGUAGES:
            raise self._not_found(request)
        return lang

    def _context(self, lang: str, guide: Guide, request: web.Request) -> dict[str, object]:
        other = [code for code in LANGUAGES if code != lang]
        return {
            "lang": lang,
            "title": translate(lang, self.title),
            # The words' own language: a language without its own guide shows the English one.
            "text_lang": lang if guide.directory != self.base or lang == ENGLISH else ENGLISH,
            "_": lambda message: translate(lang, message),
            "others": [(code, LANGUAGES[code]) for code in other],
            "current": request.match_info.get("section", ""),
        }

    def _render(self, template: str, request: web.Request, context: dict[str, object]) -> web.Response:
        response = aiohttp_jinja2.render_template(template, request, context)
        response.headers["Cache-Control"] = "no-cache"
        return response

    def _not_found(self, request: web.Request) -> web.HTTPNotFound:
        lang = request.match_info.get("lang", "")
        lang = lang if lang in LANGUAGES else self.language(request)
        return web.HTTPNotFound(text=translate(lang, N_("There is no such page in this guide.")))


def long_date(lang: str, day: date) -> str:
    """``day`` as the app writes it (``export.long_date``), in ``lang`` rather than the process's language."""
    month = translate(lang, MONTHS[day.month - 1])
    return translate(lang, "{day} {month} {year}").format(day=day.day, month=month, year=day.year)


def section_html(section: Section, guide: Guide) -> Markup:
    """A section's body as HTML: everything escaped, the app's own parts left out, task boxes shown as list items,
    links between sections made links between pages."""
    tokens = without_app_only(_MARKDOWN.parse(section.body))
    for token in tokens:
        if token.type == "inline":
            _tidy_inline(token, guide)
    html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    # A drawing wider than a phone scrolls inside its box, which a keyboard can reach (no raw HTML came through,
    # so every "<pre>" here is markdown-it's own).
    return Markup(html.replace("<pre>", '<pre tabindex="0">'))


def _tidy_inline(token: Token, guide: Guide) -> None:
    children = list(token.children or [])
    if children and children[0].type == "text" and TASK_BOX.match(children[0].content):
        children[0].content = TASK_BOX.sub("", children[0].content)
    if children and children[-1].type == "text":
        children[-1].content = ITEM_ID.sub("", children[-1].content)
    kept: list[Token] = []
    dropping: list[bool] = []  # per open link: whether its tags are dropped (its words stay)
    for child in children:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            target = guide.resolve_link(href)
            if target is not None:
                child.attrs = {"href": target.id}
            drop = target is None and not WEB_LINK.match(href)
            dropping.append(drop)
            if drop:
                continue
        elif child.type == "link_close" and dropping and dropping.pop():
            continue
        kept.append(child)
    token.children = kept
