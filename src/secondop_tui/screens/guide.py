"""The main screen: the list of sections beside the text of the open one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Header, OptionList

from secondop_tui.content import Guide, Section
from secondop_tui.data.store import Progress, ProgressStore
from secondop_tui.dialogs.answers import ask
from secondop_tui.i18n import N_, _
from secondop_tui.marks import Marks
from secondop_tui.provenance import sources_markdown
from secondop_tui.screens.localized import LocalizedScreen
from secondop_tui.screens.saving import reported
from secondop_tui.widgets.footer import FittingFooter
from secondop_tui.widgets.reader import Reader
from secondop_tui.widgets.section_list import SectionList


class GuideScreen(LocalizedScreen[None]):
    class OpenChecklist(Message):
        """Asks the app to show the checklist; new items go under ``section_id``."""

        def __init__(self, section_id: str | None) -> None:
            super().__init__()
            self.section_id = section_id

    BINDINGS = [
        Binding("n", "step(1)", N_("Next"), tooltip=N_("Next section")),
        # In help, not the footer: the footer fits 50 columns.
        Binding("p", "step(-1)", N_("Prev"), show=False, tooltip=N_("Previous section")),
        Binding("c", "checklist", N_("Checklist"), tooltip=N_("Open your checklist")),
        Binding(
            "r",
            "app.requests",
            N_("Requests"),
            tooltip=N_("Requests on a clock: records and insurance, with the dates they are due"),
        ),
        # A narrow screen hides the list of sections, so its footer offers the list in place of search (a
        # phone has no keys to spare). Both keys work at every width: where the shown binding of a key is
        # not enabled (check_action), Textual goes on to its hidden one.
        Binding("slash", "search", N_("Search"), tooltip=N_("Search the guide")),
        Binding("slash", "find", N_("Search"), show=False, tooltip=N_("Search the guide")),
        Binding(
            "t",
            "app.take_away",
            N_("Take it with you"),
            tooltip=N_("Take it with you: copy, save, show as text, QR code or print"),
        ),
        Binding(
            "v",
            "app.visit",
            N_("Visit"),
            tooltip=N_("Your visit: questions to take in, what each doctor said, the opinions side by side"),
        ),
        Binding("l", "links", N_("Links"), show=False, tooltip=N_("List the links in this section")),
        Binding("s", "sections", N_("Topics"), tooltip=N_("Show or hide the list of sections")),
        Binding("s", "toggle_sidebar", N_("Sections"), show=False, tooltip=N_("Show or hide the list of sections")),
        Binding("space,pagedown", "page(1)", N_("Page down"), show=False, tooltip=N_("Scroll the text down a page")),
        Binding("b,pageup", "page(-1)", N_("Page up"), show=False, tooltip=N_("Scroll the text up a page")),
    ]

    # A new title repaints only the header, not the whole screen (Textual's default), so that a section
    # switch is one small frame.
    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)

    def __init__(
        self, guide: Guide, store: ProgressStore, marks: Marks, welcome_note: Callable[[], str] | None = None
    ) -> None:
        super().__init__()
        self.guide = guide
        self.store = store
        self.marks = marks
        # Markdown shown above the first section's text, where it runs, in the language of the moment.
        self.welcome_note = welcome_note
        self.current: str | None = None
        self.unwritten_visit: str | None = None  # the first section shown, until it is written to the file
        self.footer_narrow: bool | None = None  # whether the keys in the footer are the narrow screen's
        self.stale = False  # set while another screen is shown: what this one shows may be out of date
        self.scroll_memory: dict[str, float] = {}
        self.pressing: str | None = None  # "1 request late": said on the Welcome page and in the sidebar

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Horizontal(id="main"):
            yield SectionList(self.guide, self.marks.read, id="sidebar")
            yield Reader(self.marks, id="reader")
        # On a phone the footer has no room for every key: Take it with you is on the checklist's footer too, and
        # help lists the visit and Requests.
        yield FittingFooter(give_way=("app.visit", "app.take_away", "app.requests"))

    async def on_mount(self) -> None:
        progress: Progress | None = None
        with reported(self):
            progress = self.store.progress(self.guide)
            self.pressing = self._pressing()
        last = progress.last_section if progress else None
        section_id = last if last and self.guide.section(last) else self.guide.sections[0].id
        # The first frame is drawn from the file as the app read it at start; the visit is written once it is shown.
        await self.open_section(section_id, progress)
        self.footer_narrow = self.narrow  # the footer was just made with the keys for this width
        self.unwritten_visit = section_id
        if getattr(self.app, "first_frame_shown", True):
            self.call_later(self.write_visit)
        if self.narrow:
            self.query_one(Reader).focus()
        else:
            self.query_one(SectionList).focus()

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def _read_progress(self, visit: str | None = None) -> Progress | None:
        """One read of the file (and one write, for a section seen for the first time or again)."""
        with reported(self), self.store.action():
            if visit is not None:
                if self.unwritten_visit is not None:  # the first section shown was read too, before this one
                    self.store.visit(self.unwritten_visit)
                    self.unwritten_visit = None
                self.store.visit(visit)
            self.pressing = self._pressing()
            return self.store.progress(self.guide)
        return None  # not readable just now: the screen keeps what it shows

    def _pressing(self) -> str | None:
        """What is late or due soon among the requests; their modules load only once there are some."""
        tracker = self.store.tracker
        if not tracker.count():
            return None
        from secondop_tui.tracker.board import pressing_line

        return pressing_line(tracker.requests(), tracker.events(), self.app.today())  # type: ignore[attr-defined]

    def refresh_sidebar(self, progress: Progress | None) -> None:
        """Read marks and per-section counts (none while the file cannot be read)."""
        counts: dict[str, tuple[int, int]] = {}
        for entry in progress.entries if progress else []:
            done, total = counts.get(entry.section_id, (0, 0))
            counts[entry.section_id] = (done + entry.done, total + 1)
        sidebar = self.query_one(SectionList)
        sidebar.refresh_marks(set(progress.read) if progress else set(), counts, self.pressing)
        if self.current:
            sidebar.highlight_section(self.current)

    def section_markdown(self, section: Section, progress: Progress | None) -> str:
        done = {entry.id for entry in progress.entries if entry.done} if progress else set()
        body = section.markdown_with_marks(done.__contains__, self.marks.done, self.marks.todo)
        if self.welcome_note and section is self.guide.sections[0]:
            body = f"{self.welcome_note()}\n\n{body}"
        if self.pressing and section is self.guide.sections[0]:
            press = _("Press r to see your requests and what to do next.")
            body = f"**{self.pressing}.** {press}\n\n{body}"
        return f"# {section.title}\n\n{body}\n\n{sources_markdown(section)}"

    def write_visit(self) -> None:
        """Remember the section shown first, unless another has been opened (and remembered) since."""
        section_id, self.unwritten_visit = self.unwritten_visit, None
        if section_id is not None and section_id == self.current:
            with reported(self):
                self.store.visit(section_id)

    async def open_section(self, section_id: str, progress: Progress | None = None) -> None:
        """Show the section, and remember it as open and read; ``progress``: as already read, and the section
        is remembered by the caller."""
        section = self.guide.section(section_id)
        if section is None:
            return
        reader = self.query_one(Reader)
        if self.current is not None:
            self.scroll_memory[self.current] = reader.scroll_y
        self.current = section_id
        if progress is None:
            progress = self._read_progress(visit=section_id)
        else:
            progress = replace(progress, read=progress.read | {section_id})
        # One frame for the whole change (title, text, sidebar) instead of one per step.
        with self.app.batch_update():
            self.sub_title = section.title
            await reader.show(self.section_markdown(section, progress), self.scroll_memory.get(section_id, 0))
            self.refresh_sidebar(progress)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            await self.open_section(event.option.id)
            if self.narrow and self.has_class("sidebar-open"):
                self.remove_class("sidebar-open")
                self.query_one(Reader).focus()

    async def follow(self, href: str) -> None:
        target = self.guide.resolve_link(href)
        if target is not None:
            await self.open_section(target.id)
        elif href.startswith("#"):
            self.query_one(Reader).goto_anchor(href[1:])
        else:
            # Over SSH or at a kiosk there is no browser to open: show the address instead.
            self.notify(_("Web address: {address}").format(address=href), title=_("Link"), timeout=8, markup=False)

    async def action_follow(self, href: str) -> None:
        await self.follow(href)

    async def action_step(self, delta: int) -> None:
        index = self.guide.index_of(self.current or "") + delta
        if 0 <= index < len(self.guide.sections):
            await self.open_section(self.guide.sections[index].id)
        else:
            self.notify(_("This is the last section.") if delta > 0 else _("This is the first section."), timeout=3)

    def action_page(self, direction: int) -> None:
        reader = self.query_one(Reader)
        reader.scroll_page_down() if direction > 0 else reader.scroll_page_up()

    def action_checklist(self) -> None:
        self.post_message(self.OpenChecklist(self.current))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sections":
            return self.narrow
        if action == "search":
            return not self.narrow
        return True

    def on_resize(self) -> None:
        # The width may have crossed into narrow or out of it: the footer follows. Only then, as each refresh of the
        # keys builds the footer again (three times in a row at start-up, the last frames of the first screen).
        if self.narrow != self.footer_narrow:
            self.footer_narrow = self.narrow
            self.refresh_bindings()

    def action_sections(self) -> None:
        self.action_toggle_sidebar()

    def action_find(self) -> None:
        self.action_search()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(SectionList)
        if self.narrow:
            self.toggle_class("sidebar-open")
            (sidebar if self.has_class("sidebar-open") else self.query_one(Reader)).focus()
        else:
            self.toggle_class("sidebar-closed")
            (self.query_one(Reader) if self.has_class("sidebar-closed") else sidebar).focus()

    def action_search(self) -> None:
        from secondop_tui.screens.search import SearchScreen  # imported when first asked for, not at start-up

        async def opened(section_id: str | None) -> None:
            if section_id:
                await self.open_section(section_id)

        ask(self, SearchScreen(self.guide), opened)

    def action_links(self) -> None:
        from secondop_tui.dialogs.link_picker import LinkPicker  # imported when first asked for

        section = self.guide.section(self.current or "")
        if section is None:
            return
        links = []
        for link in section.links:
            target = self.guide.resolve_link(link.href)
            links.append((link, _("go to {title}").format(title=target.title) if target else link.href))

        async def chosen(href: str | None) -> None:
            if href:
                await self.follow(href)

        ask(self, LinkPicker(links), chosen)

    def on_screen_suspend(self) -> None:
        self.stale = True  # the checklist may change ticks while this screen is away

    async def change_guide(self, guide: Guide) -> None:
        """Show ``guide`` (the same sections and items in another language) where this one was."""
        self.guide = guide
        if not self.is_mounted:
            return
        sidebar = self.query_one(SectionList)
        sidebar.guide = guide
        self.scroll_memory.clear()  # another language wraps to other lines
        if self.current is not None and guide.section(self.current) is None:
            self.current = guide.sections[0].id
        if self.current is not None:
            section = guide.section(self.current)
            assert section is not None
            progress = self._read_progress()
            with self.app.batch_update():
                self.sub_title = section.title
                await self.query_one(Reader).show(self.section_markdown(section, progress))
                self.refresh_sidebar(progress)

    async def on_screen_resume(self) -> None:
        # Back from the checklist: ticks and counts may have changed. (Textual may say "resume" more than
        # once for one return; the file is read once.)
        if not self.stale or not self.current or not self.is_mounted:
            return
        self.stale = False
        progress = self._read_progress()
        section = self.guide.section(self.current)
        if section is not None:
            reader = self.query_one(Reader)
            await reader.show(self.section_markdown(section, progress), reader.scroll_y)
        self.refresh_sidebar(progress)
