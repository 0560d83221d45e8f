"""The person's checklist: tick, add, edit, delete, reorder and annotate items."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Header, Static

from secondop_tui.checklist import Entry, progress_line, section_title
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.dialogs.answers import ask
from secondop_tui.dialogs.confirm import ConfirmDialog
from secondop_tui.dialogs.text_prompt import TextPrompt
from secondop_tui.i18n import N_, _
from secondop_tui.sanitize import printable
from secondop_tui.screens.localized import LocalizedScreen
from secondop_tui.screens.saving import reported
from secondop_tui.widgets.checklist_view import ChecklistView
from secondop_tui.widgets.footer import FittingFooter


class ChecklistScreen(LocalizedScreen[None]):
    BINDINGS = [
        Binding("space,x", "toggle", N_("Tick"), tooltip=N_("Tick or untick the item")),
        # Second, so that a phone's narrow footer, which shows only the first few keys, still offers it to a finger.
        Binding("t", "app.take_away", N_("Take it with you"),
                tooltip=N_("Take it with you: copy, save, show as text, QR code or print")),
        Binding("a", "add", N_("Add"), tooltip=N_("Add your own item")),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Edit the item's words")),
        Binding("d", "delete", N_("Delete"), tooltip=N_("Delete the item (asks y or n first)")),
        Binding("n", "note", N_("Note"), tooltip=N_("Add or edit a note on the item")),
        Binding("K", "move(-1)", N_("Up"), show=False, tooltip=N_("Move the item up")),
        Binding("J", "move(1)", N_("Down"), show=False, tooltip=N_("Move the item down")),
        Binding("g,escape", "guide", N_("Guide"), tooltip=N_("Go back to the guide")),
    ]

    class BackToGuide(Message):
        """Asks the app to show the guide again."""

    def __init__(self, guide: Guide, store: ProgressStore) -> None:
        super().__init__()
        self.guide = guide
        self.store = store
        self.section_hint: str | None = None  # where new items go: the section open in the guide
        self.stale = True  # the list on screen may be out of date: read the file when shown

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="progress", markup=False)
        yield ChecklistView(self.guide, id="checklist")
        yield FittingFooter()

    def add_new_items_to(self, section_id: str | None) -> None:
        """New items go under this section (the one open in the guide)."""
        self.section_hint = section_id

    def on_mount(self) -> None:
        self.sub_title = _("Your checklist")  # the list itself is read when the screen is shown (resumed)

    async def change_guide(self, guide: Guide) -> None:
        """Use ``guide`` (the same items in another language) from now on."""
        self.guide = guide
        if not self.is_mounted:
            return  # not shown yet: it is built with the new guide
        self.view.guide = guide
        self.sub_title = _("Your checklist")
        if self.is_current:
            self.reload(keep=self.view.current.id if self.view.current else None)
        else:
            self.stale = True

    def on_screen_resume(self) -> None:
        # Textual may say "resume" twice when the screen is first shown; the file is read once.
        if self.stale:
            self.stale = False
            self.reload()

    def on_screen_suspend(self) -> None:
        self.stale = True  # the guide may change ticks while this screen is away

    @property
    def view(self) -> ChecklistView:
        return self.query_one(ChecklistView)

    def reload(self, keep: str | None = None) -> None:
        """Read the store again (another window may have changed it) and redraw."""
        self.change(lambda: None, keep)

    def change(self, make: Callable[[], object], keep: str | None = None) -> None:
        """Make a change and show the list as it is now, in one action on the file (one read, one write).

        The highlight stays on ``keep``, or moves to the new item when ``make`` returns its id. If the file
        cannot be read or saved, one calm line says so and the list stays as it was.
        """
        with reported(self), self.store.action():
            made = make()
            keep = made if isinstance(made, str) else keep
            entries = self.store.checklist(self.guide)
            self.view.show_entries(entries, keep=keep)
            self.query_one("#progress", Static).update(progress_line(entries))
        self.view.focus()

    def action_toggle(self) -> None:
        if entry := self.view.current:
            self.toggle(entry)

    def on_checklist_view_tick_tapped(self, message: ChecklistView.TickTapped) -> None:
        self.toggle(message.entry)

    def toggle(self, entry: Entry) -> None:
        self.change(lambda: self.store.toggle(entry), keep=entry.id)

    def action_add(self) -> None:
        current = self.view.current
        section_id = self.section_hint or (current.section_id if current else self.guide.sections[0].id)
        title = section_title(self.guide, section_id)

        def added(text: str | None) -> None:
            # Kept exactly as typed; only an empty answer adds nothing.
            if text and text.strip():
                self.change(lambda: self.store.add(section_id, text))

        prompt = TextPrompt(_("New item for: {section}").format(section=title),
                            placeholder=_("For example: Ask about parking"))
        ask(self, prompt, added)

    def action_edit(self) -> None:
        if (entry := self.view.current) is None:
            return

        def edited(text: str | None) -> None:
            if text and text.strip() and text != entry.text:
                self.change(lambda: self.store.edit(entry, text), keep=entry.id)
            else:
                self.view.focus()

        ask(self, TextPrompt(_("Edit the item"), value=entry.text), edited)

    def action_note(self) -> None:
        if (entry := self.view.current) is None:
            return

        def noted(text: str | None) -> None:
            note = text if text and text.strip() else ""
            if text is not None and note != entry.note:
                self.change(lambda: self.store.set_note(entry, note), keep=entry.id)
            else:
                self.view.focus()

        title = _("Note (leave empty to remove it)") if entry.note else _("Add a note")
        ask(self, TextPrompt(title, value=entry.note, placeholder=_("Anything to remember")), noted)

    def action_delete(self) -> None:
        if (entry := self.view.current) is None:
            return

        def delete() -> None:
            self.store.delete(entry)
            self.notify(_("Item deleted."), timeout=3)

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(delete)
            else:
                self.view.focus()

        shown = printable(entry.text, single_line=True)
        ask(self, ConfirmDialog(_("Delete this item?") + f"\n{shown}"), answered)

    def action_move(self, delta: int) -> None:
        entry = self.view.current
        if entry is not None:
            self.change(lambda: self.store.move(entry, delta, self.guide), keep=entry.id)

    def action_guide(self) -> None:
        self.post_message(self.BackToGuide())
