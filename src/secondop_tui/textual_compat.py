"""Every use of Textual's private names, in one place, so an upgrade breaks one test instead of the app.

Textual is pinned to the minor version these were checked against (see ``pyproject.toml``).
``tests/test_textual_compat.py`` checks that each name in ``HOOKS`` still exists with the parameters we
call it with; when it fails after moving the pin, fix the code here (or find a public way) first.

- Where an option sits: OptionList keeps each option's first line and height only in private maps, and
  the real cursor (for screen readers) and two-row repaints need them.
- The reader's size: a ScrollView takes the compositor's idea of its virtual size at every layout; the
  reader knows its own (the wrapped text), and taking the other redrew the scrollbar in an extra frame.
- Styles parsed once (``secondop serve``'s warm helper): a Stylesheet keeps what it parsed only for
  itself, and Textual makes new ones as an app starts, so each app parsed every piece of CSS again, a
  sixth of the CPU of its first frame. The helper parses them once and each app it forks finds them.
- A compact footer's keys: each key is made in the full style and switched to the compact one as it
  mounts, so its styles were worked out twice, a tenth of the CPU of an app's first frame. The keys of our
  footers are marked compact before they mount.
- Styles refreshed once at start: the theme, set as the app is made, has Textual refresh every style
  (parse all CSS again, restyle, lay out the screen again) after the first screen was already styled in
  that theme, which drew the whole first frame twice. A refresh that would change nothing is skipped.
- A toast shown late: a toast's timer is set to its notification's time left, which is below zero when the
  toast is mounted after the notification expired (a busy machine); Textual's timer then never yields, and
  the app hangs at full CPU. Such a toast is given a moment instead.
- A screen drawn once: as the app starts, Textual renders the screen while it batches updates and drops what
  it rendered, then draws a few rows just before the full repaint it already has due; and it sends the first
  size to the screen up to three times, each one laying out the whole screen again. The first frame went out
  twice (13.8 KB). Our screens (``QuietScreen``) render nothing in a batch, leave a partial update to the full
  repaint that is due, and skip a resize to the size they have when no layout is pending.
- Words for the page: a tab's app sends a notice's words to its page in an OSC sequence, through the driver
  as Textual itself sends the clipboard's.
- A screen's frame: the rows a full redraw of one screen writes to the terminal, colours as they leave the
  app's filters (NO_COLOR's greys, say), for the test that works out the contrast of every text.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any, TypeVar

from rich.segment import Segment
from textual._compositor import Compositor
from textual.app import App
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet, StylesheetError
from textual.css.tokenizer import TokenError
from textual.css.types import CSSLocation
from textual.dom import DOMNode
from textual.events import Mount
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

# (class, name, parameters after self; None for a property or attribute)
HOOKS: list[tuple[type[Any], str, tuple[str, ...] | None]] = [
    (OptionList, "_update_lines", ()),
    (OptionList, "_index_to_line", None),
    (OptionList, "_heights", None),
    (ScrollView, "_size_updated", ("size", "virtual_size", "container_size", "layout")),
    (ScrollView, "_scroll_update", ("virtual_size",)),
    (Stylesheet, "_parse_rules", ("css", "read_from", "is_default_rules", "tie_breaker", "scope")),
    (DOMNode, "_get_default_css", ()),
    (FooterKey, "_watch_compact", ("compact",)),
    (Compositor, "render_update", ("full", "screen_stack", "simplify")),
    (Toast, "_on_mount", ("_",)),
    (Screen, "_compositor_refresh", ()),
    (Screen, "_screen_resized", ("size",)),
]
# (class, name) of attributes each instance has (made by ``__init__``), for classes made without arguments
INSTANCE_HOOKS: list[tuple[type[Any], str]] = [
    (App, "_css_update_count"),
    (Screen, "_css_update_count"),
    (Stylesheet, "_variables"),
    (Screen, "_compositor"),
    (Screen, "_repaint_required"),
    (App, "_batch_count"),
    (App, "_driver"),
]


def missing_hooks() -> list[str]:
    """What no longer matches in the installed Textual: one line per hook, empty when all is well."""
    problems: list[str] = []
    for owner, name, parameters in HOOKS:
        found = inspect.getattr_static(owner, name, None)
        if found is None:
            problems.append(f"{owner.__name__}.{name} is gone")
        elif parameters is None:
            if not isinstance(found, property):
                problems.append(f"{owner.__name__}.{name} is no longer a property")
        elif not callable(found):
            problems.append(f"{owner.__name__}.{name} is no longer a method")
        else:
            names = tuple(inspect.signature(found).parameters)[1:]
            if names != parameters:
                problems.append(f"{owner.__name__}.{name} takes {names}, expected {parameters}")
    for owner, name in INSTANCE_HOOKS:
        if not hasattr(owner(), name):
            problems.append(f"{owner.__name__}().{name} is gone")
    return problems


def option_region(option_list: OptionList, index: int) -> Region | None:
    """The rows of option ``index`` in the list's content area as it is scrolled now; None if not laid out."""
    option_list._update_lines()
    line = option_list._index_to_line.get(index)
    if line is None:
        return None
    height = option_list._heights.get(index, 1)
    width = option_list.scrollable_content_region.width
    return Region(0, line - round(option_list.scroll_y), width, height)


def compact_from_the_start(widget: DOMNode) -> None:
    """Give a key of a compact footer, not yet mounted, the compact style it would switch to once mounted.

    Its ``compact`` starts True (reading it here would already make the switch), and
    ``FooterKey._watch_compact`` only sets this class: with the class already there, the switch changes
    nothing and the key's styles are not worked out again."""
    if isinstance(widget, FooterKey):
        widget.set_class(True, "-compact", update=False)


def write_to_terminal(app: App[Any], sequence: str) -> None:
    """Send ``sequence`` to the terminal as it is, between frames, as Textual sends a clipboard's OSC 52."""
    if app._driver is not None:
        app._driver.write(sequence)


def styles_key(app: App[Any]) -> tuple[int, dict[str, str]]:
    """What a refresh of ``app``'s styles would apply: the version of its style sheets (Textual counts each
    change that needs one) and the variables. A screen shown later is styled as it mounts."""
    return app._css_update_count, app.get_css_variables()


def screen_frame(screen: Screen) -> list[list[Segment]]:
    """Each row of ``screen`` alone (not the screens beneath a dialog), as the segments a full redraw sends:
    styles after the app's line filters, before the terminal's colour system rounds their colours."""
    update = screen._compositor.render_update(full=True)
    rows: list[list[Segment]] = []
    for line in getattr(update, "strips", []):
        rows.append([segment for strip in line for segment in strip])
    return rows


ResultType = TypeVar("ResultType")


class QuietScreen(Screen[ResultType]):
    """A screen that draws nothing it would draw again a moment later."""

    def _compositor_refresh(self) -> None:
        app = self.app
        # While the app batches updates Textual renders and then drops the frame; when a full repaint is due,
        # the rows a partial update would draw are drawn again by it. Either way: the full repaint alone.
        if self is app.screen and not app.is_inline and (app._batch_count or self._repaint_required):
            self._repaint_required = True
            self.check_idle()
            return
        super()._compositor_refresh()

    def _screen_resized(self, size: Size) -> None:
        # The same size again, with nothing asked for meanwhile, would lay out the same screen again.
        if size != self._compositor.size or self._layout_required:
            super()._screen_resized(size)


class SelfSizedScrollView(ScrollView):
    """A ScrollView whose virtual size only the widget itself sets (``set_virtual_size``).

    ``size_changed`` is called, within the layout, when the widget's own size changes, so a subclass can
    wrap its text for the new width before the first frame is drawn.
    """

    def size_changed(self) -> None:
        """Override: the widget's size changed."""

    def set_virtual_size(self, size: Size) -> None:
        """Take ``size`` as the scrollable area without laying out the screen again; only the scrollbars follow."""
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, self.virtual_size, container_size, layout)
        if changed:
            self.size_changed()
        return changed


# What ``share_css_parses`` keeps: CSS comes from the app's own files and widgets, and the variables from its
# themes, so this stays small; the bound is only there so it can never grow without end.
SHARED_PARSES_LIMIT = 512


class SharedParses:
    """Every piece of CSS parsed in this process, by its source and the variables it was parsed with."""

    def __init__(self) -> None:
        self.rules: dict[tuple[object, ...], list[RuleSet]] = {}
        self.hits = 0
        self.misses = 0


def share_css_parses() -> SharedParses:
    """From now on, each stylesheet in this process takes what any other parsed from the same CSS with the
    same variables, instead of parsing it again. A parse is a list of rules that nothing changes after,
    and Textual already hands the same list to every parse of one stylesheet."""
    found = getattr(Stylesheet._parse_rules, "shared", None)
    if isinstance(found, SharedParses):
        return found
    shared = SharedParses()
    parse_alone = Stylesheet._parse_rules

    def parse_rules(
        self: Stylesheet,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        rules = shared.rules.get(key)
        if rules is not None:
            shared.hits += 1
            return rules
        shared.misses += 1
        rules = parse_alone(self, css, read_from, is_default_rules, tie_breaker, scope)
        if len(shared.rules) < SHARED_PARSES_LIMIT:
            shared.rules[key] = rules
        return rules

    parse_rules.shared = shared  # type: ignore[attr-defined]
    Stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]
    return shared


def default_css_sources(classes: Iterable[type[DOMNode]]) -> list[tuple[CSSLocation, str, int, str]]:
    """The DEFAULT_CSS an app adds to its stylesheet when it mounts a widget of each of ``classes``: for each,
    where it comes from, the CSS, its rank and its scope, as Textual works them out for one widget."""
    sources: dict[tuple[CSSLocation, str, int, str], None] = {}
    for cls in classes:
        # _get_default_css asks the widget only for its class, so one not yet set up gives the same answer.
        widget = object.__new__(cls)
        try:
            sources.update(dict.fromkeys(widget._get_default_css()))
        except AttributeError:  # it asks for more in a later Textual: that widget's CSS is parsed by the app
            continue
    return list(sources)


def parse_each(sheet: Stylesheet, sources: Iterable[tuple[CSSLocation, str, int, str]]) -> None:
    """Parse each DEFAULT_CSS source with ``sheet``'s variables, one by one: a stylesheet holds one rank for
    each source, and an app parses some sources at several ranks as its widgets come. A source that does not
    parse is left for the app, which shows the error as it would have anyway."""
    for read_from, css, tie_breaker, scope in sources:
        try:
            sheet._parse_rules(css, read_from, True, tie_breaker, scope)
        except (StylesheetError, TokenError):
            continue


LATE_TOAST_SECONDS = 0.1  # how long a toast whose notification expired before it was shown stays


def _timed_from_now(on_mount: Any) -> Any:
    def _on_mount(self: Toast, _: Mount) -> None:
        self._timeout = max(self._timeout, LATE_TOAST_SECONDS)
        on_mount(self, _)

    _on_mount.late_toasts_safe = True  # type: ignore[attr-defined]
    return _on_mount


def keep_late_toasts_from_hanging() -> None:
    """Give a toast mounted after its notification expired a moment to show, not a timer below zero."""
    if not getattr(Toast._on_mount, "late_toasts_safe", False):
        Toast._on_mount = _timed_from_now(Toast._on_mount)  # type: ignore[method-assign]
