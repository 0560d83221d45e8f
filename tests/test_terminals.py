"""The installed ``secondop`` in a real terminal (tmux) under the terminals people really have:
16 and 256 colours, truecolour, no colour, no Unicode, a phone-sized window, a tiny one, and a resize."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide

from support.tmux_terminal import Tmux
from support.waiting import wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

SECONDOP = Path(sys.executable).parent / "secondop"
UNICODE_MARKS = "✓☑☐"


class Terminal:
    """One ``secondop`` in a window of a given size, in a tmux server of its own."""

    NAME = "app"

    def __init__(self, tmp_path: Path, env: dict[str, str], width: int, height: int) -> None:
        self.driver = Tmux()
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        # A clean environment, so the terminal under test is only what this test says it is.
        app_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8", **env}
        command = [
            "env",
            "-i",
            *(f"{k}={v}" for k, v in app_env.items()),
            str(SECONDOP),
            "--db",
            str(tmp_path / "progress.json"),
        ]
        # The pane stays after a crash, so the failure message shows the traceback.
        self.driver.open(self.NAME, shlex.join(command), width, height)

    def tmux(self, *args: str) -> str:
        return self.driver.tmux(*args)

    def screen(self, escapes: bool = False) -> str:
        return self.driver.screen(self.NAME, escapes)

    def wait_for(self, check: Callable[[str], bool], timeout: float = 20.0) -> str:
        """Poll the screen until ``check`` holds; fail with what the screen shows."""
        text = ""

        def shown() -> bool:
            nonlocal text
            text = self.screen()
            return check(text)

        try:
            wait_until(shown, "what was expected", timeout)
        except AssertionError:
            raise AssertionError(f"screen never showed what was expected:\n{text}") from None
        return text

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> str:
        """The screen once it has stopped changing for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        previous, since = self.screen(escapes=True), time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.05)
            current = self.screen(escapes=True)
            if current != previous:
                previous, since = current, time.monotonic()
        return self.screen()

    def keys(self, *keys: str) -> None:
        self.driver.keys(self.NAME, *keys)

    def resize(self, width: int, height: int) -> None:
        self.driver.resize(self.NAME, width, height)

    def close(self) -> None:
        self.driver.close()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def open_terminal(env: dict[str, str] | None = None, size: tuple[int, int] = (80, 24)) -> Terminal:
        term = Terminal(tmp_path, {"TERM": "xterm-256color", **(env or {})}, *size)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


def first_words(guide: Guide) -> str:
    """The opening words of the first section's first English paragraph, short enough not to wrap in a narrow pane.

    (Its first line is for Spanish readers, with accents that an ASCII terminal shows without.)
    """
    paragraphs = guide.sections[0].body.strip().split("\n\n")
    body = next(paragraph for paragraph in paragraphs if paragraph.isascii())
    return " ".join(body.split()[:4])


def footer(text: str) -> str:
    return text.rstrip("\n").splitlines()[-1]


def assert_guide_legible(text: str, guide: Guide, titles: int) -> None:
    """Sidebar titles, the opening of the text, and the footer keys are all on screen, whole."""
    for section in guide.sections[:titles]:
        assert section.title in text, section.title
    assert first_words(guide) in " ".join(text.split())
    keys = footer(text)
    for word in ["Next", "Checklist", "Search", "Help", "Quit"]:
        assert word in keys, keys
    assert "\ufffd" not in text  # the replacement character: bytes the terminal could not decode


TERMINALS = {
    "xterm-256color": {"TERM": "xterm-256color"},
    "xterm-16": {"TERM": "xterm"},
    "vt100": {"TERM": "vt100"},
    "linux": {"TERM": "linux"},
    "no-color": {"TERM": "xterm-256color", "NO_COLOR": "1"},
    "truecolor": {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
}


@pytest.mark.parametrize("env", TERMINALS.values(), ids=TERMINALS.keys())
def test_guide_is_legible_in_each_terminal(
    terminal: Callable[..., Terminal], guide: Guide, env: dict[str, str]
) -> None:
    term = terminal(env)
    term.wait_for(lambda text: "Quit" in text and first_words(guide) in " ".join(text.split()))
    text = term.settle()
    assert_guide_legible(text, guide, titles=len(guide.sections))
    read = "*" if env["TERM"] == "linux" else UNICODE_MARKS[0]  # the Linux console draws only what its fonts have
    assert f"{read} {guide.sections[0].title}" in text  # the section open now counts as read
    coloured = term.screen(escapes=True)
    # tmux re-encodes colours for capture: 24-bit colour arrives as "38;5;N", the terminal's 16 as plain SGR codes.
    extended = "38;5;" in coloured or "48;5;" in coloured or "38;2;" in coloured
    if env["TERM"] in ("xterm", "vt100", "linux"):
        # 16-colour terminals get the terminal's own palette, not 24-bit colour rounded down.
        assert not extended, coloured
    elif "NO_COLOR" not in env:
        assert extended
    # The checklist reads the same way: words and [ ] marks, and its keys in the footer.
    term.keys("c")
    text = term.wait_for(lambda text: "of" in text and "done" in text and "Tick" in footer(text))
    assert "[ ]" in text
    for word in ["Tick", "Add", "Guide", "Help", "Quit"]:
        assert word in footer(text), footer(text)
    term.keys("g")
    term.wait_for(lambda text: "Checklist" in footer(text))


def test_no_unicode_locale_gets_ascii(terminal: Callable[..., Terminal], guide: Guide) -> None:
    term = terminal({"TERM": "xterm", "LANG": "C"})
    term.wait_for(lambda text: "Quit" in text and first_words(guide) in " ".join(text.split()))
    text = term.settle()
    assert_guide_legible(text, guide, titles=len(guide.sections))
    assert f"* {guide.sections[0].title}" in text
    assert text.isascii(), sorted({c for c in text if not c.isascii()})
    term.keys("c")
    text = term.wait_for(lambda text: "[ ]" in text and "Tick" in footer(text))
    term.keys("space")
    text = term.wait_for(lambda text: "[x]" in text and "1 of" in text)
    assert text.isascii(), sorted({c for c in text if not c.isascii()})


# What every font of the Linux console draws: the kernel's own (code page 437) and console-setup's (Lat15, Uni2,
# Uni3 in Fixed, Terminus and VGA), checked against their Unicode tables: ASCII, and Latin-1's letters and signs
# as Spanish uses them. Not in all of them: heavy and rounded box lines, eighths of a block, the half blocks
# (not in console-setup's), ✓, ☐, ⏎, typographic quotes and dashes (not in the kernel's).
CONSOLE_SAFE = frozenset(chr(code) for code in range(0x20, 0x7F)) | frozenset("áéíóúüñÁÉÍÓÚÜÑ¿¡«»")


def unsafe_on_the_console(text: str) -> list[str]:
    return sorted({character for line in text.splitlines() for character in line} - CONSOLE_SAFE)


def test_the_linux_console_gets_only_what_its_fonts_draw(terminal: Callable[..., Terminal], guide: Guide) -> None:
    term = terminal({"TERM": "linux", "LANG": "C.UTF-8"})
    term.wait_for(lambda text: "Quit" in text and first_words(guide) in " ".join(text.split()))
    text = term.settle()
    assert_guide_legible(text, guide, titles=len(guide.sections))
    assert f"* {guide.sections[0].title}" in text and not unsafe_on_the_console(text)
    assert "Para leer esta guía en español" in text  # letters stay as they are: every console font has them
    term.keys("c")
    text = term.wait_for(lambda text: "[ ]" in text and "Tick" in footer(text))
    assert not unsafe_on_the_console(text), unsafe_on_the_console(text)
    term.keys("L")
    text = term.wait_for(lambda text: "Marcar" in footer(text))
    assert not unsafe_on_the_console(term.settle()), unsafe_on_the_console(text)
    term.keys("g")
    term.wait_for(lambda text: "Buscar" in footer(text))
    term.keys("?")
    text = term.wait_for(lambda text: "Teclas" in text)
    assert not unsafe_on_the_console(term.settle()), unsafe_on_the_console(text)


def test_wide_window(terminal: Callable[..., Terminal], guide: Guide) -> None:
    term = terminal(size=(160, 50))
    term.wait_for(lambda text: "Quit" in text and first_words(guide) in " ".join(text.split()))
    text = term.settle()
    assert_guide_legible(text, guide, titles=len(guide.sections))
    assert len(text.splitlines()) == 50
    # The sidebar sits beside the text: rows carry a section title on the left and the guide's text on the right.
    titles = [section.title for section in guide.sections]
    beside = [line for line in text.splitlines() if any(t in line[:36] for t in titles) and line[40:].strip()]
    assert len(beside) >= 3, text


def test_phone_sized_window_hides_the_sidebar(terminal: Callable[..., Terminal], guide: Guide) -> None:
    term = terminal(size=(50, 16))
    term.wait_for(lambda text: "Quit" in text and first_words(guide) in " ".join(text.split()))
    text = term.settle()
    assert guide.sections[2].title not in text  # the list is tucked away
    assert first_words(guide) in " ".join(text.split())
    assert max(len(line) for line in text.splitlines()) <= 50
    term.keys("s")
    text = term.wait_for(lambda text: guide.sections[2].title in text)
    for section in guide.sections[:5]:
        assert section.title in text
    term.keys("s")
    term.wait_for(lambda text: guide.sections[2].title not in text)


def test_a_ticked_item_keeps_every_word_at_a_phones_46_columns(terminal: Callable[..., Terminal], guide: Guide) -> None:
    """46 columns is what the web page gives a 390-pixel phone; there the first item wraps once ticked."""
    first = guide.items[0]
    term = terminal(size=(46, 30))
    term.wait_for(lambda text: "Help" in text)
    for _ in range(2):  # and again after leaving the checklist and coming back
        term.keys("c")
        term.wait_for(lambda text: "done" in text and "Tick" in footer(text))
        if "1 of" not in term.screen():
            term.keys("space")
            term.wait_for(lambda text: "1 of" in text)
        text = term.settle()
        assert f"[x] {first.text}" in " ".join(re.sub("[\u2580-\u259f]", " ", text).split()), text  # no scrollbar
        # Its second line starts under its words, not under the box.
        rows = text.splitlines()
        row = next(index for index, line in enumerate(rows) if "[x] " in line)
        assert rows[row + 1].startswith(" " * (rows[row].index("[x] ") + 4) + first.text.split()[-1]), text
        term.keys("g")
        term.wait_for(lambda text: "Next" in footer(text))


def test_tiny_window_explains_itself(terminal: Callable[..., Terminal]) -> None:
    term = terminal(size=(30, 8))
    text = term.wait_for(lambda text: "too small" in text)
    assert "40 by 12" in " ".join(text.split())


def test_resize_while_running(terminal: Callable[..., Terminal], guide: Guide) -> None:
    term = terminal(size=(80, 24))
    term.wait_for(lambda text: "Quit" in text and guide.sections[3].title in text)
    term.resize(30, 8)
    term.wait_for(lambda text: "too small" in text)
    term.resize(50, 16)
    term.wait_for(lambda text: "Quit" in text and "too small" not in text)
    assert first_words(guide) in " ".join(term.settle().split())
    term.resize(120, 40)
    term.wait_for(lambda text: guide.sections[3].title in text)
    assert_guide_legible(term.settle(), guide, titles=len(guide.sections))
    # Still answering keys after all that.
    term.keys("n")
    term.wait_for(lambda text: f"{UNICODE_MARKS[0]} {guide.sections[1].title}" in text)
