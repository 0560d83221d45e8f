"""The person's checklist: tick, add, edit, delete, reorder and annotate items."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Header, Static

from secondop_tui.checklist import Entry, progress_line, section_title
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore, Removed
from secondop_tui.dialogs.answers import ask
from secondop_tui.dialogs.confirm import ConfirmDialog
from secondop_tui.dialogs.text_prompt import TextPrompt
from secondop_tui.i18n import N_, _, ngettext
from secondop_tui.sanitize import printable
from secondop_tui.screens.localized import LocalizedScreen
from secondop_tui.screens.saving import reported
from secondop_tui.widgets.checklist_view import ChecklistView
from secondop_tui.widgets.footer import FittingFooter

# How many deletes u can undo, most recent first; the guide's own steps also come back with U at any time.
MAX_UNDO = 20


class ChecklistScreen(LocalizedScreen[None]):
    BINDINGS = [
        Binding("space,x", "toggle", N_("Tick"), tooltip=N_("Tick or untick the item")),
        # Second, so that a phone's narrow footer, which shows only the first few keys, still offers it to a finger.
        Binding(
            "t",
            "app.take_away",
            N_("Take it with you"),
            tooltip=N_("Take it with you: copy, save, show as text, QR code or print"),
        ),
        Binding("a", "add", N_("Add"), tooltip=N_("Add your own item")),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Edit the item's words")),
        Binding("d", "delete", N_("Delete"), tooltip=N_("Delete the item (asks y or n first)")),
        # In the footer only while there is a delete to undo; otherwise u says how else to bring steps back.
        Binding("u", "undo", N_("Undo"), tooltip=N_("Bring back the item you deleted last")),
        Binding("u", "nothing_to_undo", show=False),
        Binding(
            "U", "restore_steps", N_("Restore"), show=False, tooltip=N_("Bring back the guide's steps you deleted")
        ),
        # Not n: n is Next on the guide (as in less and man), and the same here.
        Binding("o", "note", N_("Note"), tooltip=N_("Add or edit a note on the item")),
        # In help, not the footer: 80 columns are full, and the guide's footer offers it.
        Binding(
            "r",
            "app.requests",
            N_("Requests"),
            show=False,
            tooltip=N_("Requests on a clock: records and insurance, with the dates they are due"),
        ),
        Binding("n", "section(1)", N_("Next"), show=False, tooltip=N_("Next section")),
        Binding("p", "section(-1)", N_("Prev"), show=False, tooltip=N_("Previous section")),
        Binding("K", "move(-1)", N_("Up"), show=False, tooltip=N_("Move the item up")),
        Binding("J", "move(1)", N_("Down"), show=False, tooltip=N_("Move the item down")),
        # In help, not the footer: at 80 columns it would push out g Guide.
        Binding(
            "v",
            "app.visit",
            N_("Visit"),
            show=False,
            tooltip=N_("Your visit: questions to take in, what each doctor said, the opinions side by side"),
        ),
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
        # Deletes u can undo, the last one last. Kept in memory while the checklist is open, never written.
        self.undo: list[Removed] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="progress", markup=False)
        yield ChecklistView(self.guide, id="checklist")
        yield FittingFooter(stay=("undo",))

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

    def action_toggle(self) -> None:  # type: ignore[override]  # the tick's action, not DOMNode's toggle(attribute)
        if entry := self.view.current:
            self.toggle(entry)

    def on_checklist_view_tick_tapped(self, message: ChecklistView.TickTapped) -> None:
        self.toggle(message.entry)

    def toggle(self, entry: Entry) -> None:
        self.change(lambda: self.store.toggle(entry), keep=entry.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return bool(self.undo)
        if action == "nothing_to_undo":
            return not self.undo
        return True

    def action_add(self) -> None:
        with reported(self):
            self.store.check_room()  # before any typing: words typed for an item that cannot be kept are lost
            self.prompt_for_item()

    def prompt_for_item(self) -> None:
        current = self.view.current
        section_id = self.section_hint or (current.section_id if current else self.guide.sections[0].id)
        title = section_title(self.guide, section_id)

        def added(text: str | None) -> None:
            # Kept exactly as typed; only an empty answer adds nothing.
            if text and text.strip():
                self.change(lambda: self.store.add(section_id, text))

        prompt = TextPrompt(
            _("New item for: {section}").format(section=title), placeholder=_("For example: Ask about parking")
        )
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
            self.undo = [*self.undo, self.store.delete(entry, self.guide)][-MAX_UNDO:]
            self.notify(_("Item deleted. Press u to undo."), timeout=5)

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(delete)
                self.refresh_bindings()
            else:
                self.view.focus()

        shown = printable(entry.text, single_line=True)
        ask(self, ConfirmDialog(_("Delete this item?") + f"\n{shown}"), answered)

    def action_undo(self) -> None:
        if not self.undo:
            return
        removed = self.undo[-1]

        def put_back() -> str:
            self.store.undelete(removed, self.guide)  # already back (another window, U): just show it
            self.undo.pop()
            self.notify(_("The item is back."), timeout=3)
            return removed.entry.id

        self.change(put_back)
        self.refresh_bindings()

    def action_nothing_to_undo(self) -> None:
        self.notify(
            _("There is nothing to undo. To bring back the guide's steps you deleted, press U (shift+u)."), timeout=5
        )

    def action_restore_steps(self) -> None:
        count: int | None = None
        with reported(self):
            count = self.store.deleted_steps(self.guide)
        if count is None:
            return
        if not count:
            self.notify(_("None of the guide's steps are deleted."), timeout=3)
            return

        def restore() -> None:
            back = self.store.restore_steps(self.guide)
            self.undo = [removed for removed in self.undo if removed.entry.user_added]  # the steps are back
            self.notify(
                ngettext("{count} step is back.", "{count} steps are back.", back).format(count=back), timeout=3
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(restore)
                self.refresh_bindings()
            else:
                self.view.focus()

        question = ngettext(
            "Bring back {count} guide step you deleted?", "Bring back {count} guide steps you deleted?", count
        ).format(count=count)
        # Short lines: a dialog's lines are not wrapped, and this one must fit a phone's 46 columns.
        ask(self, ConfirmDialog(question + "\n" + _("Everything else you did stays as it is.")), answered)

    def action_section(self, delta: int) -> None:
        """Highlight the first item of the next (1) or previous (-1) section, as n and p open one in the guide."""
        entries = list(self.view.entries.values())
        if not entries:
            return
        sections = list(dict.fromkeys(entry.section_id for entry in entries))
        current = self.view.current
        index = sections.index(current.section_id) + delta if current else 0
        if not 0 <= index < len(sections):
            self.notify(_("This is the last section.") if delta > 0 else _("This is the first section."), timeout=3)
            return
        first = next(entry for entry in entries if entry.section_id == sections[index])
        self.view.highlighted = self.view.get_option_index(first.id)

    def action_move(self, delta: int) -> None:
        entry = self.view.current
        if entry is not None:
            self.change(lambda: self.store.move(entry, delta, self.guide), keep=entry.id)

    def action_guide(self) -> None:
        self.undo = []  # undo lasts while the checklist is open; U still brings back the guide's steps
        self.refresh_bindings()
        self.post_message(self.BackToGuide())
