"""The visit screen's keys, apart from the screen itself: the help screen lists them without loading it."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from secondop_tui.i18n import N_

VISIT_BINDINGS: list[BindingType] = [
    Binding("space,x", "pick", N_("On card"), tooltip=N_("Put the question on your card, or take it off")),
    Binding("w", "write", N_("Write"), tooltip=N_("Write the answer, or fill in the field (Enter too)")),
    Binding("i", "top", N_("Important"), tooltip=N_("Mark as one of your three most important questions, or unmark")),
    Binding("a", "add", N_("Add"), tooltip=N_("Add a question of your own")),
    Binding(
        "t",
        "app.take_away",
        N_("Take it with you"),
        tooltip=N_("Take it with you: the question card, or (from tabs 2 and 3) what the doctors said"),
    ),
    Binding("e", "edit", N_("Edit"), show=False, tooltip=N_("Edit the words of your own question")),
    Binding("d", "delete", N_("Delete"), show=False, tooltip=N_("Delete your own question (u brings it back)")),
    Binding("u", "undo", N_("Undo"), tooltip=N_("Bring back the question you deleted last")),
    Binding("K", "move(-1)", N_("Up"), show=False, tooltip=N_("Move the question up on the card")),
    Binding("J", "move(1)", N_("Down"), show=False, tooltip=N_("Move the question down on the card")),
    Binding("1", "tab('questions')", N_("Questions"), show=False, tooltip=N_("Show your questions")),
    Binding("2", "tab('said')", N_("What they said"), show=False, tooltip=N_("Show what each doctor said")),
    Binding(
        "3",
        "tab('compare')",
        N_("Side by side"),
        show=False,
        tooltip=N_("Show the opinions side by side, and the worksheet"),
    ),
    Binding("g,escape", "back", N_("Back"), tooltip=N_("Go back to where you were")),
]
