"""How keys are named on screen: in the footer, and on the help screen."""

from __future__ import annotations

from secondop_tui.i18n import N_, _

KEY_NAMES = {
    "space": N_("space"),
    "escape": "esc",
    "enter": "enter",
    "question_mark": "?",
    "slash": "/",
    "ctrl+q": "ctrl+q",
    "pagedown": N_("page down"),
    "pageup": N_("page up"),
    "shift+tab": "shift+tab",
}
# Keys named in words, which a keyboard in another language labels in its own.
KEY_WORDS = frozenset({N_("space"), N_("page down"), N_("page up"), N_("up, down"), N_("home, end")})


def key_word(name: str) -> str:
    return _(name) if name in KEY_WORDS else name


def key_name(key: str) -> str:
    return key_word(KEY_NAMES.get(key, key))
