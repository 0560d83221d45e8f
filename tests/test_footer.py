"""The footer every screen shows: Textual's compact footer, with each key's styles worked out only once."""

from __future__ import annotations

from collections import Counter
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Footer, Static

from secondop_tui.widgets.footer import CompactFooter

BINDINGS = [
    Binding("j", "down", "Down"),
    Binding("k", "up", "Up"),
    Binding("question_mark", "help", "Help", key_display="?"),
    Binding("q", "quit", "Quit"),
]


class FooterApp(App[None]):
    BINDINGS = BINDINGS

    def __init__(self, footer: Footer) -> None:
        super().__init__()
        self.footer = footer
        self.styled: Counter[int] = Counter()

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield self.footer

    def on_mount(self) -> None:
        # Count, per node, how often the stylesheet works out its styles from here on (also before a node
        # is mounted: the footer makes its keys later).
        apply = self.stylesheet.apply

        def counted(node: DOMNode, **options: Any) -> None:
            self.styled[id(node)] += 1
            apply(node, **options)

        self.stylesheet.apply = counted  # type: ignore[method-assign]


async def drawn(footer: Footer) -> tuple[list[tuple[object, ...]], list[int]]:
    """Each key of ``footer`` as drawn at 80x24 (where it sits, its text and styles), and how many times
    each key's styles were worked out."""
    app = FooterApp(footer)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        keys = list(footer.children)
        assert keys, "the footer shows no keys"
        drawing = [(key.region, tuple(key.render_line(0))) for key in keys]
        return drawing, [app.styled[id(key)] for key in keys]


async def test_it_draws_exactly_what_textuals_compact_footer_draws() -> None:
    ours, _ = await drawn(CompactFooter())
    theirs, _ = await drawn(Footer(compact=True))
    assert ours == theirs


async def test_each_key_takes_its_styles_once() -> None:
    _, ours = await drawn(CompactFooter())
    _, theirs = await drawn(Footer(compact=True))
    assert ours and set(ours) == {1}
    # Textual's own footer works each key out again as it turns compact: what this widget saves.
    assert set(theirs) == {2}
