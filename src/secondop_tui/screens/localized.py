"""Screens whose footer speaks the language in use (and which, through their bases, are drawn once and keep the
terminal's cursor on what has focus).

Key bindings are class attributes, made once when the module is imported, so their descriptions are marked
for the catalogue (``N_``) and translated here, each time the footer asks which keys are active.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import ActiveBinding

from secondop_tui.i18n import _
from secondop_tui.widgets.focus_cursor import CursorOnFocus

ResultType = TypeVar("ResultType")


def translated(active: ActiveBinding) -> ActiveBinding:
    binding = replace(active.binding, description=_(active.binding.description), tooltip=_(active.binding.tooltip))
    return ActiveBinding(active.node, binding, active.enabled, _(active.tooltip))


class LocalizedScreen(CursorOnFocus[ResultType]):
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return {key: translated(active) for key, active in super().active_bindings.items()}
