"""The question bank: the questions the guide itself tells people to ask, each with the section it comes from.

Nothing is written here: the words are the guide's own checklist items, in the language in use, so the bank
says no more than the guide does and changes with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from secondop_tui.content import Guide

# The guide's items that are questions to ask a doctor, by section. "What to bring" items (an interpreter,
# recording) are arrangements, not questions, and stay on the checklist only.
BANK_ITEMS: dict[str, tuple[str, ...]] = {
    "appointment": (
        "ask-experience",
        "ask-if-they-agree",
        "ask-more-tests",
        "ask-goals-risks",
        "ask-when-to-start",
        "ask-clinical-trials",
        "ask-closer-to-home",
        "ask-office-help",
        "ask-side-effects",
        "ask-follow-up",
    ),
    "after": ("ask-why", "ask-when-decide", "get-written-report"),
}
# What the guide's "If the opinions are different" part says to do, as its checklist puts it.
WHEN_THEY_DIFFER: tuple[str, ...] = ("share-with-first-doctor", "ask-why", "ask-doctors-talk", "ask-tumor-board")
DIFFER_SECTION = "after"


@dataclass(frozen=True)
class BankQuestion:
    id: str  # the guide item's id
    text: str
    section_id: str
    section_title: str


def bank(guide: Guide) -> list[BankQuestion]:
    """The bank in guide order; a question whose item a clinic removed from its guide is left out."""
    found: list[BankQuestion] = []
    for section_id, item_ids in BANK_ITEMS.items():
        section = guide.section(section_id)
        if section is None:
            continue
        found += [
            BankQuestion(item.id, item.text, section.id, section.title) for item in section.items if item.id in item_ids
        ]
    return found


def when_they_differ(guide: Guide) -> list[str]:
    """The guide's own steps for when two opinions differ, in its words."""
    section = guide.section(DIFFER_SECTION)
    if section is None:
        return []
    return [item.text for item in section.items if item.id in WHEN_THEY_DIFFER]
