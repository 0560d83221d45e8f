"""The private textual-serve names ``secondop web`` relies on still exist, with the parameters it calls them with,
and no module but ``web/textual_serve_compat.py`` touches any.

When this fails after moving textual-serve's pin, fix that module before anything else.
"""

from __future__ import annotations

import ast
from importlib.metadata import version
from pathlib import Path

import pytest
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server

from secondop_tui.web import textual_serve_compat
from secondop_tui.web.textual_serve_compat import HOOKS, missing_hooks

pytestmark = pytest.mark.unit

WEB = Path(textual_serve_compat.__file__).parent


def test_every_private_hook_is_still_there() -> None:
    assert missing_hooks() == [], f"textual-serve {version('textual-serve')} changed what the compat module uses"


def test_a_missing_or_changed_hook_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        textual_serve_compat,
        "HOOKS",
        [
            (AppService, "_no_such_method", ("width",)),
            (AppService, "_open_app_process", ("size",)),
            (DownloadManager, "_no_such_map", None),
        ],
    )
    monkeypatch.setattr(textual_serve_compat, "DOWNLOAD_TIMEOUT", "NO_SUCH_GLOBAL")
    assert missing_hooks() == [
        "AppService._no_such_method is gone",
        "AppService._open_app_process takes ('width', 'height'), expected ('size',)",
        "DownloadManager()._no_such_map is gone",
        "textual_serve.download_manager.NO_SUCH_GLOBAL is gone",
    ]


def test_the_hooks_listed_are_the_ones_the_module_uses() -> None:
    body = Path(textual_serve_compat.__file__).read_text(encoding="utf-8").split("def set_download_timeout", 1)[1]
    for _, name, _ in HOOKS:
        assert f".{name}" in body or f"def {name}(" in body, f"{name} is listed but not used"


def _theirs() -> set[str]:
    """Every private name of textual-serve's classes and of their instances."""
    names = {name for cls in (AppService, DownloadManager, Server) for name in vars(cls)}
    names |= set(vars(DownloadManager()))
    names |= set(vars(textual_serve_compat._instance(AppService)))
    names |= set(vars(Server("true")))
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def test_no_other_module_uses_textual_serve_private_names() -> None:
    theirs = _theirs()
    assert {"_process", "_stdin", "_active_downloads", "_make_app"} <= theirs
    problems = []
    for path in sorted(WEB.rglob("*.py")):
        if path.name == "textual_serve_compat.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "DOWNLOAD_TIMEOUT" in text:
            problems.append(f"{path.name}: DOWNLOAD_TIMEOUT")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Attribute) and node.attr in theirs:
                problems.append(f"{path.name}:{node.lineno}: .{node.attr}")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in theirs:
                problems.append(f"{path.name}:{node.lineno}: def {node.name}")
    assert problems == []
