"""Quality checks on the guide that ships with secondop.

These read the shipped content folder through the app's own loader and plain-text renderer, and check
what a worried reader depends on: plain language, a checklist of short concrete actions with stable
ids, every topic the guide promises, and phone numbers and websites kept in the one place a clinic
replaces with its own.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Iterator

import pytest
import textstat

from secondop_tui.content import Guide, Section, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.plaintext import section_text

MAX_GRADE = 8.0
MIN_ITEMS, MAX_ITEMS = 25, 45
MAX_ITEM_CHARS = 66
MAX_TITLE_CHARS = 26
HELP_ID = "help"
WELCOME_ID = "welcome"

# The sections the guide must have, in reading order.
REQUIRED_SECTIONS = (
    "welcome",
    "what-it-is",
    "who-should",
    "tell-your-doctor",
    "records",
    "find-a-specialist",
    "insurance",
    "appointment",
    "after",
    "help",
)

# Each section's must-have topics. Every entry is a tuple of alternatives: one of them must appear
# (case-insensitively) in the section's plain text.
REQUIRED_TOPICS: dict[str, tuple[tuple[str, ...], ...]] = {
    "welcome": (
        ("not medical advice",),
        ("care team",),
        ("secondop export",),
        ("secondop read",),
        ("saves", "saved"),
    ),
    "what-it-is": (
        ("agree",),
        ("telehealth",),
        ("video",),
        ("review of your records",),
    ),
    "who-should": (
        ("rare",),
        ("test results",),
        ("clinical trial",),
        ("not getting better", "not responding"),
        ("your right",),
    ),
    "tell-your-doctor": (
        ("referral",),
        ("records",),
        ("warning sign",),
    ),
    "records": (
        ("pathology",),
        ("slides",),
        ("imaging",),
        ("medicines",),
        ("30 days",),
        ("other countries",),
    ),
    "find-a-specialist": (
        ("specialist",),
        ("cancer center",),
        ("family and friends",),
    ),
    "insurance": (
        ("medicare",),
        ("in network",),
        ("pre-approval",),
        ("third opinion", "pay for a third"),
        ("every plan is different", "plans vary"),
    ),
    "appointment": (
        ("someone you trust",),
        ("clinical trial",),
        ("side effects",),
        ("insurance claims",),
    ),
    "after": (
        ("third opinion",),
        ("first doctor",),
        ("the choice is yours", "your decision"),
    ),
    "help": (
        ("1-800-422-6237",),
        ("1-800-227-2345",),
        ("cancer.gov",),
        ("spanish",),
        ("find a cancer center",),
        ("cancer.net",),
        ("american cancer society",),
        ("nccn guidelines for patients",),
        ("patient advocate foundation",),
        ("patient empowerment network",),
    ),
}

# Checklist items start with one of these. Add a word here when a new item needs it, as long as it
# is an action the reader can take.
ACTION_VERBS = frozenset(
    """
    Add Arrange Ask Book Bring Call Check Choose Collect Compare Confirm Contact Copy Decide Fill
    Find Follow Gather Get Give Go Join Keep Learn Let List Look Make Note Pack Plan Prepare Print
    Put Read Request Review Save Send Set Share Sign Start Take Talk Tell Think Update Use Visit
    Write
    """.split()
)

ITEM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKUP_IN_ITEM = re.compile(r"[\[\]()*_`<>]|https?:|www\.")
# 1-800-422-6237, (800) 422-6237, 800.422.6237, and letter numbers like 1-800-4-CANCER.
PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\b1-\d{3}-[0-9A-Z]*[A-Z]{3,}\b")
WEB_ADDRESS = re.compile(r"\b[a-z0-9-]+\.(?:gov|org|net|com)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(default_content_dir())


@pytest.fixture(scope="module")
def texts(guide: Guide) -> dict[str, str]:
    """Each section's plain text (title and body, no markup), by section id."""
    return {section.id: section_text(section, guide) for section in guide.sections}


@pytest.fixture(scope="module")
def pyphen_syllables() -> Iterator[None]:
    """Count syllables with pyphen, which textstat ships with.

    Newer textstat looks words up in CMUdict first, and fetches it through NLTK from the internet on
    first use. CI has no internet, and a grade must not depend on the machine, so the lookup is
    switched off everywhere and every word goes through pyphen (as in textstat 0.7.3).
    """
    try:
        counter = importlib.import_module("textstat.backend.counts._count_syllables")
    except ModuleNotFoundError:  # older textstat: pyphen is all it has
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(counter, "get_cmudict", lambda lang: None)
        yield


def _section(guide: Guide, section_id: str) -> Section:
    section = guide.section(section_id)
    assert section is not None, f"the guide has no section with id {section_id!r}"
    return section


def test_required_sections_are_present_in_order(guide: Guide) -> None:
    ids = [section.id for section in guide.sections]
    missing = [section_id for section_id in REQUIRED_SECTIONS if section_id not in ids]
    assert not missing, f"missing sections: {missing}; the guide has {ids}"
    in_guide_order = [section_id for section_id in ids if section_id in REQUIRED_SECTIONS]
    assert in_guide_order == list(REQUIRED_SECTIONS), f"sections out of order: {in_guide_order}"


def test_every_section_reads_at_grade_8_or_below(
    guide: Guide, texts: dict[str, str], pyphen_syllables: None
) -> None:
    grades = {section.id: textstat.flesch_kincaid_grade(texts[section.id]) for section in guide.sections}
    report = ", ".join(f"{section_id}={grade:.1f}" for section_id, grade in grades.items())
    too_hard = [section_id for section_id, grade in grades.items() if grade > MAX_GRADE]
    assert not too_hard, f"above grade {MAX_GRADE}: {too_hard} (all grades: {report})"


def test_titles_fit_the_sidebar(guide: Guide) -> None:
    long_titles = [s.title for s in guide.sections if len(s.title) > MAX_TITLE_CHARS]
    assert not long_titles, f"titles longer than {MAX_TITLE_CHARS} characters: {long_titles}"


def test_checklist_has_a_useful_number_of_items(guide: Guide) -> None:
    per_section = {section.id: len(section.items) for section in guide.sections}
    total = sum(per_section.values())
    assert MIN_ITEMS <= total <= MAX_ITEMS, f"{total} checklist items ({per_section})"


def test_items_are_short_actions_starting_with_a_verb(guide: Guide) -> None:
    problems = []
    for item in guide.items:
        first_word = item.text.split()[0]
        if first_word not in ACTION_VERBS:
            problems.append(f"{item.id}: starts with {first_word!r}, not a capitalised action verb")
        if len(item.text) > MAX_ITEM_CHARS:
            problems.append(f"{item.id}: {len(item.text)} characters (max {MAX_ITEM_CHARS})")
        if MARKUP_IN_ITEM.search(item.text):
            problems.append(f"{item.id}: link or formatting inside the item: {item.text!r}")
    assert not problems, "\n".join(problems)


def test_every_item_has_its_own_explicit_id(guide: Guide) -> None:
    # An id the loader made from the text looks like "records/3f2a...": it changes with the wording,
    # so a clinic's edit would reset people's ticks. Shipped items all carry a {#slug} instead.
    made_up = [item.text for item in guide.items if not ITEM_ID.match(item.id)]
    assert not made_up, f"items without an explicit {{#id}}: {made_up}"
    repeated = [item_id for item_id, n in Counter(item.id for item in guide.items).items() if n > 1]
    assert not repeated, f"item ids used more than once: {repeated}"


@pytest.mark.parametrize("section_id", sorted(REQUIRED_TOPICS))
def test_section_covers_its_topics(guide: Guide, texts: dict[str, str], section_id: str) -> None:
    _section(guide, section_id)
    text = " ".join(texts[section_id].lower().split())
    missing = [
        " / ".join(options)
        for options in REQUIRED_TOPICS[section_id]
        if not any(option in text for option in options)
    ]
    assert not missing, f"section {section_id!r} does not mention: {missing}"


def test_welcome_says_early_that_it_is_not_medical_advice(guide: Guide, texts: dict[str, str]) -> None:
    _section(guide, WELCOME_ID)
    text = " ".join(texts[WELCOME_ID].lower().split())
    where = text.find("not medical advice")
    assert 0 <= where < 600, f"'not medical advice' should come early in the welcome (found at {where})"
    assert "care team" in text[where : where + 300], "the note should send the reader to their care team"


def test_contacts_live_only_in_the_help_section(guide: Guide) -> None:
    """Phone numbers and websites appear in one place, so a clinic can swap them for local ones."""
    found: dict[str, list[str]] = {}
    for section in guide.sections:
        source = section.path.read_text(encoding="utf-8")
        hits = PHONE.findall(source) + WEB_ADDRESS.findall(source)
        if hits:
            found[section.path.name] = hits
    help_file = _section(guide, HELP_ID).path.name
    elsewhere = {name: hits for name, hits in found.items() if name != help_file}
    assert not elsewhere, f"phone numbers or websites outside {help_file}: {elsewhere}"
    assert PHONE.search(" ".join(found.get(help_file, []))), f"{help_file} lists no phone number"


def test_help_section_marks_the_part_to_replace(guide: Guide) -> None:
    body = _section(guide, HELP_ID).body
    assert re.search(r"^## Phone numbers and websites\s*$", body, re.MULTILINE), (
        "the help section needs a '## Phone numbers and websites' heading"
    )
    assert "replace" in body.lower(), "the help section should say a clinic may replace its contacts"


def test_markup_suits_an_80_column_terminal(guide: Guide) -> None:
    rules = {
        "a '#' heading (the app shows the title)": re.compile(r"^# ", re.MULTILINE),
        "raw HTML or an HTML comment": re.compile(r"<[a-zA-Z!/]"),
        "a table": re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE),
        "an image": re.compile(r"!\["),
        "a list nested two levels deep": re.compile(r"^(?: {4,}|\t{2,})[-*+] ", re.MULTILINE),
        "a link to a web address (the app cannot open a browser)": re.compile(r"\]\((?!#)"),
    }
    problems = [
        f"{section.path.name}: {what}"
        for section in guide.sections
        for what, pattern in rules.items()
        if pattern.search(section.body)
    ]
    assert not problems, "\n".join(problems)
