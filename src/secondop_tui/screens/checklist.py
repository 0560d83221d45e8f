"""The person's checklist: tick, add, edit, delete, reorder and annotate items."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from secondop_tui.content import Guide
from secondop_tui.dialogs.confirm import ConfirmDialog
from secondop_tui.dialogs.text_prompt import TextPrompt
from secondop_tui.export import progress_line, section_title
from secondop_tui.sanitize import printable
from secondop_tui.screens.saving import reported
from secondop_tui.store import ProgressStore
from secondop_tui.widgets.checklist_view import ChecklistView


class ChecklistScreen(Screen[None]):
    BINDINGS = [
        Binding("space,x", "toggle", "Tick", tooltip="Tick or untick the item"),
        Binding("a", "add", "Add", tooltip="Add your own item"),
        Binding("e", "edit", "Edit", tooltip="Edit the item's words"),
        Binding("d", "delete", "Delete", tooltip="Delete the item (asks y or n first)"),
        Binding("n", "note", "Note", tooltip="Add or edit a note on the item"),
        Binding("K", "move(-1)", "Up", tooltip="Move the item up"),
        Binding("J", "move(1)", "Down", tooltip="Move the item down"),
        Binding("g,escape", "guide", "Guide", tooltip="Go back to the guide"),
    ]

    class BackToGuide(Message):
        """Asks the app to show the guide again."""

    def __init__(self, guide: Guide, store: ProgressStore) -> None:
        super().__init__()
        self.guide = guide
        self.store = store
        self.section_hint: str | None = None  # where new items go: the section open in the guide

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="progress", markup=False)
        yield ChecklistView(self.guide, id="checklist")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Your checklist"
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @property
    def view(self) -> ChecklistView:
        return self.query_one(ChecklistView)

    def reload(self, keep: str | None = None) -> None:
        """Read the store again (another window may have changed it) and redraw."""
        with reported(self):
            entries = self.store.checklist(self.guide)
            self.view.show_entries(entries, keep=keep)
            self.query_one("#progress", Static).update(progress_line(entries))
        self.view.focus()

    def action_toggle(self) -> None:
        if entry := self.view.current:
            with reported(self):
                self.store.toggle(entry)
            self.reload(keep=entry.id)

    def action_add(self) -> None:
        current = self.view.current
        section_id = self.section_hint or (current.section_id if current else self.guide.sections[0].id)
        title = section_title(self.guide, section_id)

        def added(text: str | None) -> None:
            # Kept exactly as typed; only an empty answer adds nothing.
            if text and text.strip():
                with reported(self):
                    self.reload(keep=self.store.add(section_id, text))

        self.app.push_screen(TextPrompt(f"New item for: {title}", placeholder="For example: Ask about parking"), added)

    def action_edit(self) -> None:
        if (entry := self.view.current) is None:
            return

        def edited(text: str | None) -> None:
            if text and text.strip() and text != entry.text:
                with reported(self):
                    self.store.edit(entry, text)
            self.reload(keep=entry.id)

        self.app.push_screen(TextPrompt("Edit the item", value=entry.text), edited)

    def action_note(self) -> None:
        if (entry := self.view.current) is None:
            return

        def noted(text: str | None) -> None:
            note = text if text and text.strip() else ""
            if text is not None and note != entry.note:
                with reported(self):
                    self.store.set_note(entry, note)
            self.reload(keep=entry.id)

        title = "Note (leave empty to remove it)" if entry.note else "Add a note"
        self.app.push_screen(TextPrompt(title, value=entry.note, placeholder="Anything to remember"), noted)

    def action_delete(self) -> None:
        if (entry := self.view.current) is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                with reported(self):
                    self.store.delete(entry)
                    self.notify("Item deleted.", timeout=3)
            self.reload()

        shown = printable(entry.text, single_line=True)
        self.app.push_screen(ConfirmDialog(f"Delete this item?\n{shown}"), answered)

    def action_move(self, delta: int) -> None:
        entry = self.view.current
        if entry is None:
            return
        with reported(self):
            if self.store.move(entry, delta, self.guide):
                self.reload(keep=entry.id)

    def action_guide(self) -> None:
        self.post_message(self.BackToGuide())
