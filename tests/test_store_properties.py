"""Any sequence of checklist changes, read back from the file, matches a plain in-memory model."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore, Removed

GUIDE: Guide = load_guide(default_content_dir())
SECTION_IDS = [section.id for section in GUIDE.sections]

# Text as people type or paste it: any unicode (controls, escapes, emoji, right-to-left), now and then very long.
texts = st.one_of(
    st.text(min_size=1, max_size=40),
    st.text(alphabet="\x1b[]0;\x07\u202e\u05e9\u05dc\U0001f600é\t\n ", min_size=1, max_size=20),
    st.integers(min_value=1, max_value=2000).map(lambda size: "ש😀" * (size // 2) or "x"),
)
picks = st.integers(min_value=0, max_value=10_000)


@dataclass(frozen=True)
class Item:
    id: str
    section_id: str
    text: str
    done: bool = False
    note: str = ""
    user_added: bool = False


class ChecklistModel(RuleBasedStateMachine):
    """Each section is a plain list; the store must agree with it after every change and every reopen."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="secondop-props-"))
        self.path = self.folder / "data" / "progress.json"
        self.store = ProgressStore(self.path)
        self.sections: dict[str, list[Item]] = {
            section.id: [Item(item.id, section.id, item.text) for item in section.items] for section in GUIDE.sections
        }
        self.last_section: str | None = None
        self.read: set[str] = set()
        # What undo can bring back, last deleted last; and the guide's steps deleted, as they were.
        self.removed: list[tuple[Removed, Item, list[str]]] = []
        self.hidden: dict[str, Item] = {}

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def live(self) -> list[Item]:
        return [item for section_id in SECTION_IDS for item in self.sections[section_id]]

    def pick(self, index: int) -> tuple[Item, Entry] | None:
        items = self.live()
        if not items:
            return None
        item = items[index % len(items)]
        entry = next(entry for entry in self.store.checklist(GUIDE) if entry.id == item.id)
        return item, entry

    def put(self, item: Item) -> None:
        group = self.sections[item.section_id]
        group[[old.id for old in group].index(item.id)] = item

    @initialize()
    def start(self) -> None:
        assert self.store.checklist(GUIDE) == self.expected()

    @rule(section=st.sampled_from(SECTION_IDS), text=texts)
    def add(self, section: str, text: str) -> None:
        item_id = self.store.add(section, text)
        self.sections[section].append(Item(item_id, section, text, user_added=True))

    @rule(index=picks, text=texts)
    def edit(self, index: int, text: str) -> None:
        if picked := self.pick(index):
            item, entry = picked
            self.store.edit(entry, text)
            self.put(replace(item, text=text))

    @rule(index=picks)
    def toggle(self, index: int) -> None:
        if picked := self.pick(index):
            item, entry = picked
            assert self.store.toggle(entry) is (not item.done)
            self.put(replace(item, done=not item.done))

    @rule(index=picks, note=st.one_of(st.just(""), texts))
    def set_note(self, index: int, note: str) -> None:
        if picked := self.pick(index):
            item, entry = picked
            self.store.set_note(entry, note)
            self.put(replace(item, note=note))

    @rule(index=picks)
    def delete(self, index: int) -> None:
        if picked := self.pick(index):
            item, entry = picked
            around = [other.id for other in self.sections[item.section_id]]
            self.removed.append((self.store.delete(entry, GUIDE), item, around))
            self.sections[item.section_id].remove(item)
            if not item.user_added:
                self.hidden[item.id] = item

    @staticmethod
    def put_back(group: list[Item], item: Item, around: list[str]) -> None:
        """After the nearest item that stood before it and is still there; first when none is."""
        present = [other.id for other in group]
        before = [item_id for item_id in around[: around.index(item.id)] if item_id in present]
        group.insert(present.index(before[-1]) + 1 if before else 0, item)

    @rule()
    def undo(self) -> None:
        if not self.removed:
            return
        removed, item, around = self.removed.pop()
        group = self.sections[item.section_id]
        back = item.id not in {other.id for other in group}
        assert self.store.undelete(removed, GUIDE) is back
        if back:
            self.put_back(group, item, around)
            self.hidden.pop(item.id, None)

    @rule()
    def restore_guide_steps(self) -> None:
        assert self.store.deleted_steps(GUIDE) == len(self.hidden)
        assert self.store.restore_steps(GUIDE) == len(self.hidden)
        for section in GUIDE.sections:
            in_guide = [item.id for item in section.items]
            for item_id in in_guide:
                if item := self.hidden.pop(item_id, None):
                    self.put_back(self.sections[section.id], item, in_guide)

    @rule(index=picks, delta=st.sampled_from([-1, 1]))
    def move(self, index: int, delta: int) -> None:
        if picked := self.pick(index):
            item, entry = picked
            group = self.sections[item.section_id]
            at = group.index(item)
            possible = 0 <= at + delta < len(group)
            assert self.store.move(entry, delta, GUIDE) is possible
            if possible:
                group[at], group[at + delta] = group[at + delta], group[at]

    @rule(section=st.sampled_from(SECTION_IDS))
    def read_section(self, section: str) -> None:
        self.store.visit(section)
        self.last_section = section
        self.read.add(section)

    @rule()
    def reopen(self) -> None:
        """Close and open again, as after quitting the app."""
        self.store.close()
        self.store = ProgressStore(self.path)
        assert self.store.notice is None

    def expected(self) -> list[Entry]:
        return [
            Entry(item.id, item.section_id, item.text, item.done, item.note, item.user_added) for item in self.live()
        ]

    @invariant()
    def file_matches_model(self) -> None:
        # A second store on the same file sees exactly what the model holds: nothing lives only in memory.
        other = ProgressStore(self.path)
        try:
            progress = other.progress(GUIDE)
            assert progress.entries == self.expected()
            assert progress.last_section == self.last_section
            assert progress.read == self.read
        finally:
            other.close()


ChecklistModel.TestCase.settings = settings(
    max_examples=80,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_store_matches_model = ChecklistModel.TestCase


@pytest.mark.parametrize(
    "text", ["plain", "😀 emoji", "\u05e9\u05dc\u05d5\u05dd right to left", "\x1b]0;x\x07", "z" * 2000]
)
def test_text_survives_exactly(tmp_path: Path, text: str) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    item_id = store.add(SECTION_IDS[0], text)
    entry = next(entry for entry in store.checklist(GUIDE) if entry.id == item_id)
    store.set_note(entry, text[::-1])
    store.close()
    (again,) = [entry for entry in ProgressStore(tmp_path / "progress.json").checklist(GUIDE) if entry.id == item_id]
    assert (again.text, again.note) == (text, text[::-1])
