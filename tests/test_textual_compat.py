"""The private Textual names the app relies on still exist, with the parameters it calls them with.

When this fails after moving Textual's pin, fix ``secondop_tui/textual_compat.py`` before anything else.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widgets import OptionList

from secondop_tui import textual_compat
from secondop_tui.textual_compat import HOOKS, SelfSizedScrollView, missing_hooks


def test_every_private_hook_is_still_there() -> None:
    assert missing_hooks() == [], f"Textual {version('textual')} changed what textual_compat.py relies on"


def test_a_missing_or_changed_hook_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    # The check itself must be able to fail: pretend Textual renamed one hook and changed another.
    monkeypatch.setattr(
        textual_compat,
        "HOOKS",
        [(OptionList, "_no_such_name", ()), (ScrollView, "_scroll_update", ("size", "extra"))],
    )
    problems = textual_compat.missing_hooks()
    assert problems[0] == "OptionList._no_such_name is gone"
    assert problems[1].startswith("ScrollView._scroll_update takes ('virtual_size',)")


def test_the_hooks_listed_are_the_ones_the_module_uses() -> None:
    source = textual_compat.__file__
    with open(source, encoding="utf-8") as file:
        text = file.read()
    body = text.split("def missing_hooks", 1)[1]
    for _, name, _ in HOOKS:
        assert f".{name}" in body or f"def {name}(" in body, f"{name} is listed but not used"


async def test_a_self_sized_view_keeps_its_own_virtual_size() -> None:
    from textual.app import App, ComposeResult

    class Sized(SelfSizedScrollView):
        resized = 0

        def size_changed(self) -> None:
            self.resized += 1
            self.set_virtual_size(Size(self.size.width, 500))

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Sized()

    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(Sized)
        await pilot.pause()
        assert view.resized >= 1 and view.virtual_size.height == 500
        assert view.max_scroll_y > 0  # the scrollbar follows the size the widget set
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert view.virtual_size == Size(30, 500)


def test_no_other_module_uses_textual_private_names() -> None:
    """Reading or overriding Textual's ``_names`` happens in textual_compat.py only."""
    import ast
    import importlib
    import inspect as inspecting
    import pkgutil
    from pathlib import Path

    import textual.widgets
    from textual.message_pump import MessagePump

    import secondop_tui

    package = Path(textual_compat.__file__).parent
    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(secondop_tui.__path__, "secondop_tui.")
        if info.name != "secondop_tui.__main__"
    ]
    textual_classes = {MessagePump, ScrollView, OptionList}
    textual_classes |= {obj for _, obj in inspecting.getmembers(textual.widgets, inspecting.isclass)}
    for module in modules:  # every Textual class any of ours derives from
        for _, cls in inspecting.getmembers(module, inspecting.isclass):
            textual_classes |= {base for base in cls.__mro__ if base.__module__.startswith("textual.")}

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    theirs = {name for cls in textual_classes for name in vars(cls) if private(name)}
    problems = []
    # Overriding: a class of ours redefines a private name of a Textual class it derives from.
    for module in modules:
        if module is textual_compat:
            continue
        for _, cls in inspecting.getmembers(module, inspecting.isclass):
            if cls.__module__ != module.__name__:
                continue
            bases = [base for base in cls.__mro__[1:] if base.__module__.startswith("textual.")]
            for name, value in vars(cls).items():
                written = inspecting.isfunction(value) or isinstance(value, property)  # not set by a metaclass
                if written and private(name) and any(name in vars(base) for base in bases):
                    problems.append(f"{module.__name__}.{cls.__name__} overrides {name}")
    # Reading: ``something._name`` where the name is Textual's and not also one of ours.
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in package.rglob("*.py")}
    ours = {
        name
        for tree in trees.values()
        for node in ast.walk(tree)
        for name in [
            getattr(node, "name", None)
            or (node.attr if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) else None)
        ]
        if name
    }
    for path, tree in trees.items():
        if path.name == "textual_compat.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in theirs and node.attr not in ours:
                problems.append(f"{path.relative_to(package)}:{node.lineno}: .{node.attr}")
    assert problems == []


LATE_TOAST = """
import time
from textual.app import App
from textual.notifications import Notification
from textual.widgets._toast import Toast

import secondop_tui.app  # noqa: F401  (as the app starts: the late-toast guard is set)


class Late(App[None]):
    async def on_mount(self) -> None:
        # Shown a minute after it was raised with a 5-second timeout, as on a machine too busy to draw it.
        await self.screen.mount(Toast(Notification("late", timeout=5, raised_at=time.time() - 60)))
        self.set_timer(0.5, self.exit)


Late().run(headless=True)
print("answered")
"""


def test_a_toast_shown_after_its_notification_expired_leaves_the_app_answering() -> None:
    """Its timer would be set below zero, and Textual's timer never yields then: the app hung at full CPU."""
    result = subprocess.run(
        [sys.executable, "-c", LATE_TOAST], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "answered"
