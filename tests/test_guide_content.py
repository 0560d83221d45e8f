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
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import textstat

from secondop_tui.content import Guide, Section, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.i18n import content_dir_for
from secondop_tui.plaintext import section_text
from secondop_tui.provenance import TRUSTED_FILE, review_problems, trusted_hosts

MAX_GRADE = 8.0
MIN_ITEMS, MAX_ITEMS = 25, 60
MAX_ITEM_CHARS = 66
MAX_TITLE_CHARS = 26
HELP_ID = "help"
WELCOME_ID = "welcome"
# Sections an organisation replaces whole with its own: the only places for phone numbers and websites.
CONTACT_SECTIONS = ("help", "medicare")

# The sections the guide must have, in the order a person acts: a specialist is found first, then the cost is
# checked before booking, then the records are gathered (that section starts by asking the new office what it needs).
REQUIRED_SECTIONS = (
    "welcome",
    "what-it-is",
    "who-should",
    "tell-your-doctor",
    "find-a-specialist",
    "insurance",
    "medicare",
    "records",
    "copies",
    "appointment",
    "after",
    "helpers",
    "help",
)

# Each section's must-have topics. Every entry is a tuple of alternatives: one of them must appear
# (case-insensitively) in the section's plain text.
REQUIRED_TOPICS: dict[str, tuple[tuple[str, ...], ...]] = {
    "welcome": (
        ("not medical advice",),
        ("care team",),
        ("key points",),
        ("press t",),
        ("press ?",),
        ("saved",),
        ("in words:",),  # the step map said in a sentence, for a screen reader
    ),
    "what-it-is": (
        ("agree",),
        ("telehealth",),
        ("video",),
        ("review of your records",),
        ("review of your slides",),
        ("licensed",),
    ),
    "who-should": (
        ("rare",),
        ("test results", "type or stage"),
        ("clinical trial",),
        ("not getting better", "not responding"),
        ("free to ask",),
        ("right away",),
        ("during treatment",),
    ),
    "tell-your-doctor": (
        ("referral",),
        ("records",),
        ("warning sign",),
    ),
    "find-a-specialist": (
        ("specialist",),
        ("cancer center",),
        ("family and friends",),
        ("children's cancer center",),
        ("rare",),
        ("licensed",),
        ("closer to home",),
        # Rare cancers: where the experts are; and what a remote opinion's written report should say.
        ("if your cancer is rare",),
        ("program for some rare tumors",),
        ("written report",),
        ("which records, scans and slides",),
        ("what they think your diagnosis is",),
        ("if they agree with your treatment plan",),
    ),
    "records": (
        ("pathology",),
        ("slides",),
        ("biomarker",),
        ("imaging",),
        ("medicines",),
        ("patient portal",),
        # For each record: whom to ask, how, in which format, the fee, and when to follow up.
        ("pathology department",),
        ("radiology department",),
        ("release of information",),
        ("dicom",),
        ("portal, on their own form, or in a letter",),
        ("ask about the fee",),
        ("write down the date",),
        ("within 30 days",),
        ("30 more days only once",),
    ),
    "copies": (
        ("hipaa",),
        ("30 days",),
        ("other countries",),
        ("state",),
        # When records are late or refused: the privacy officer, then a complaint to HHS's OCR, and its deadline.
        ("privacy officer",),
        ("office for civil rights",),
        ("within 180 days",),
    ),
    "insurance": (
        ("in network",),
        ("pre-approval",),
        ("appeal",),
        ("travel",),
        ("medicaid",),
        ("every plan is different", "plans vary"),
        # Appeals in full, and paying when the plan will not.
        ("internal appeal",),
        ("within 180 days",),
        ("external review",),
        ("within 4 months",),
        ("urgent or expedited",),
        ("72 hours",),
        ("self-funded",),
        ("free case managers",),
        ("good faith estimate",),
        ("$400",),
        ("surprise bills",),
        ("place to stay",),
    ),
    "medicare": (
        ("medicare advantage",),
        ("third",),
        ("part b",),
    ),
    "appointment": (
        ("someone you trust",),
        ("interpreter",),
        ("record the visit",),
        ("clinical trial",),
        ("side effects",),
        ("insurance claims",),
    ),
    "after": (
        ("third opinion",),
        ("first doctor",),
        ("tumor board",),
        ("talk with each other",),
        ("the choice is yours", "your decision"),
    ),
    "helpers": (
        ("records",),
        ("personal representative",),
        ("children's cancer center",),
    ),
    "help": (
        ("1-800-422-6237",),
        ("1-800-227-2345",),
        ("cancer.gov",),
        ("spanish",),
        ("find an nci-designated cancer center",),
        ("clinical trials",),
        ("american cancer society",),
        ("nccn guidelines for patients",),
        ("patient advocate foundation",),
        ("case managers",),
        ("consumer assistance program",),
        ("hope lodge",),
        ("road to recovery",),
        ("mypart",),
        ("social worker",),
    ),
}

# Checklist items start with one of these. Add a word here when a new item needs it, as long as it
# is an action the reader can take.
ACTION_VERBS = frozenset(
    (
        "Add",
        "Arrange",
        "Ask",
        "Book",
        "Bring",
        "Call",
        "Check",
        "Choose",
        "Collect",
        "Compare",
        "Confirm",
        "Contact",
        "Copy",
        "Decide",
        "Fill",
        "Find",
        "Follow",
        "Gather",
        "Get",
        "Give",
        "Go",
        "Join",
        "Keep",
        "Learn",
        "Let",
        "List",
        "Look",
        "Make",
        "Note",
        "Pack",
        "Plan",
        "Prepare",
        "Print",
        "Put",
        "Read",
        "Request",
        "Review",
        "Save",
        "Send",
        "Set",
        "Share",
        "Sign",
        "Start",
        "Take",
        "Talk",
        "Tell",
        "Think",
        "Update",
        "Use",
        "Visit",
        "Write",
    )
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
    """Each section's plain text (title and body, no markup), by section id.

    The list of sources at the end is left out: its titles and addresses are not the guide's prose.
    """
    return {section.id: section_text(replace(section, sources=(), reviewed=""), guide) for section in guide.sections}


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


def test_every_section_reads_at_grade_8_or_below(guide: Guide, texts: dict[str, str], pyphen_syllables: None) -> None:
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
        " / ".join(options) for options in REQUIRED_TOPICS[section_id] if not any(option in text for option in options)
    ]
    assert not missing, f"section {section_id!r} does not mention: {missing}"


def test_welcome_says_early_that_it_is_not_medical_advice(guide: Guide, texts: dict[str, str]) -> None:
    _section(guide, WELCOME_ID)
    text = " ".join(texts[WELCOME_ID].lower().split())
    where = text.find("not medical advice")
    assert 0 <= where < 600, f"'not medical advice' should come early in the welcome (found at {where})"
    assert "care team" in text[where : where + 300], "the note should send the reader to their care team"


def test_contacts_live_only_in_the_places_an_organisation_replaces(guide: Guide) -> None:
    """Phone numbers and websites appear only in the help and Medicare sections, so a clinic can swap them.

    The sources in each section's front matter are addresses by design; the reader sees them under "Sources".
    """
    found: dict[str, list[str]] = {}
    for section in guide.sections:
        hits = PHONE.findall(section.body) + WEB_ADDRESS.findall(section.body)
        if hits:
            found[section.id] = hits
    elsewhere = {name: hits for name, hits in found.items() if name not in CONTACT_SECTIONS}
    assert not elsewhere, f"phone numbers or websites outside {CONTACT_SECTIONS}: {elsewhere}"
    assert PHONE.search(" ".join(found.get(HELP_ID, []))), "the help section lists no phone number"


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
        if pattern.search(FENCE.sub("", section.body))  # a drawing may have lines that look like a table
    ]
    assert not problems, "\n".join(problems)


# -- Drawings, summaries and the order a person acts in (PEMAT-P: summary, visual aids, sequence) -----------

FENCE = re.compile(r"^```\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# The reader beside the list of sections at 80x24 is about 43 columns, and indents a drawing by 2.
MAX_DRAWING_COLUMNS = 40
MAX_DRAWING_ROWS = 21


def drawings(section: Section) -> list[list[str]]:
    return [match.group(1).rstrip("\n").split("\n") for match in FENCE.finditer(section.body)]


def test_drawings_fit_the_reader_at_80x24_in_ascii(guide: Guide) -> None:
    problems = []
    for section in guide.sections:
        for lines in drawings(section):
            if len(lines) > MAX_DRAWING_ROWS:
                problems.append(f"{section.id}: a drawing of {len(lines)} rows does not fit one screen")
            for line in lines:
                if len(line) > MAX_DRAWING_COLUMNS or not line.isascii():
                    problems.append(f"{section.id}: {line!r} is wider than {MAX_DRAWING_COLUMNS} or not ASCII")
    assert not problems, "\n".join(problems)


def test_the_step_map_is_titled_and_names_the_sections_in_guide_order(guide: Guide) -> None:
    maps = drawings(_section(guide, WELCOME_ID))
    assert maps, "the welcome needs a step map drawn in text"
    step_map = maps[0]
    assert step_map[0].strip() == "YOUR STEPS TO A SECOND OPINION"
    text = "\n".join(step_map)
    assert "Decide to ask" in text and "Decide on your care" in text
    # Every section after the first two is on the map, and the map lists them in the guide's order.
    named = [section for section in guide.sections[2:] if section.title in text]
    assert named == list(guide.sections[2:]), [s.title for s in guide.sections[2:] if s not in named]
    assert [text.index(s.title) for s in named] == sorted(text.index(s.title) for s in named)


def test_the_insurance_card_shows_where_the_number_is(guide: Guide) -> None:
    cards = drawings(_section(guide, "insurance"))
    assert cards and "HEALTH PLAN CARD" in cards[0][0]
    card = "\n".join(cards[0])
    assert "Member services" in card and "Call this number" in card


def test_key_points_open_the_welcome_before_anything_about_keys(guide: Guide) -> None:
    body = _section(guide, WELCOME_ID).body
    headings = re.findall(r"^## (.+)$", body, re.MULTILINE)
    assert headings[0] == "Key points", headings
    points = re.findall(r"^- \*\*", body.split("## Key points", 1)[1].split("\n## ", 1)[0], re.MULTILINE)
    assert 3 <= len(points) <= 6, f"{len(points)} key points"


def test_the_welcome_keeps_to_five_keys_and_sends_the_reader_to_help(guide: Guide, texts: dict[str, str]) -> None:
    keys = re.findall(r"\bpress (\S+) ", " ".join(texts[WELCOME_ID].lower().split()))
    assert 4 <= len(set(keys)) <= 5, f"the welcome names these keys: {sorted(set(keys))}"
    assert "?" in keys


@pytest.mark.parametrize("section_id", [s for s in REQUIRED_SECTIONS if s != WELCOME_ID])
def test_every_section_opens_with_a_one_line_recap(guide: Guide, section_id: str) -> None:
    first = _section(guide, section_id).body.strip().split("\n", 1)[0]
    assert first.startswith("**In short:** "), f"{section_id} starts with {first!r}"
    assert len(first) <= 160, f"{section_id}'s recap is more than a line or two: {first!r}"


def test_nothing_tells_the_reader_to_type_a_command(guide: Guide, texts: dict[str, str]) -> None:
    """At a kiosk or over ssh there is no shell: the guide sends people to the in-app way (t)."""
    for section_id, text in texts.items():
        assert "secondop export" not in text and "secondop read" not in text, section_id
    assert "press t to" in " ".join(texts[WELCOME_ID].lower().split())


# -- Each correction from the content review, so a later edit cannot bring an old error back ---------------


def words(texts: dict[str, str], section_id: str) -> str:
    return " ".join(texts[section_id].split())


def test_cancer_net_is_gone_and_its_pages_are_on_cancer_org(guide: Guide, texts: dict[str, str]) -> None:
    for section in guide.sections:
        source = section.path.read_text(encoding="utf-8").lower()
        assert "cancer.net" not in source, section.path.name
    assert "share one website for patients: cancer.org" in words(texts, HELP_ID)


def test_medicare_names_advantage_costs_nonsurgical_care_and_its_number(texts: dict[str, str]) -> None:
    text = words(texts, "medicare")
    for needed in (
        "Medicare Advantage",
        "1-800-633-4227",
        "20 percent",
        "major tests or treatments that are not surgery",
        "even if Medicare would not pay",
        "medically necessary",
        "such as cosmetic surgery",
        "video visits from home have changed often",
    ):
        assert needed in text, needed
    assert "2027" not in text  # no law firm's reading of the telehealth law: the reader asks Medicare


def test_the_nci_line_sends_to_its_own_page_for_the_hours_and_does_not_promise_a_doctor(texts: dict[str, str]) -> None:
    text = words(texts, HELP_ID)
    # The hours are the ones NCI's page gives, so the guide sends the reader there instead of copying them.
    assert "1-800-4-CANCER (1-800-422-6237), Monday to Friday. The hours are on cancer.gov/contact." in text
    assert "9 a.m. to 9 p.m." not in text and "8 a.m." not in text
    assert "help you find a doctor" not in text and "They do not give medical advice" in text


def test_the_nci_centers_are_counted_with_a_date_and_named_rightly(texts: dict[str, str]) -> None:
    text = words(texts, HELP_ID)
    assert "Find an NCI-Designated Cancer Center" in text and "Find a Cancer Center" not in text
    # NCI's count moves (72, then 73); "more than 70" holds on its page either way.
    assert "more than 70 cancer centers for their research (checked December 2026)" in text
    assert "72 cancer centers" not in text
    assert "do not see patients" in text
    assert "not a rating of care" in words(texts, "find-a-specialist")


def test_hipaa_says_what_the_deadline_and_the_fee_mean(texts: dict[str, str]) -> None:
    text = words(texts, "copies")
    for needed in (
        "or say no in writing, within 30 days",
        "30 more days only once",
        "in writing, within the first 30 days",
        "copying, the supplies and the postage",
        "not cover the time spent finding",
        "up to $6.50",
        "portal is usually free",
        "Your state may have its own rules",
    ):
        assert needed in text, needed
    assert "A 2021 plan" not in text and "not your slides or tissue" not in text  # no page states either


def test_the_second_center_gets_the_slides_and_blocks_go_only_for_more_tests(
    guide: Guide, texts: dict[str, str]
) -> None:
    assert not any("pathology lab to send" in item.text for item in guide.items)
    text = words(texts, "records")
    assert "second center's pathology department asks your first lab" in text
    assert "blocks only if more tests are needed" in text and "release" in text
    assert "biomarker" in text and "discharge summary" in text and "stage" in text


def test_portal_results_may_come_before_anyone_explains_them(texts: dict[str, str]) -> None:
    assert "before anyone has explained it" in words(texts, "records")


def test_remote_opinions_say_licensing_and_cost(texts: dict[str, str]) -> None:
    for section_id in ("what-it-is", "find-a-specialist"):
        text = words(texts, section_id)
        assert "licensed in the state where you are" in text and "pay for it yourself" in text, section_id


def test_your_right_has_its_qualifier_and_time_is_for_the_team_to_judge(texts: dict[str, str]) -> None:
    text = words(texts, "who-should")
    assert "It is your right" not in text and "health plans have their own rules about paying for one" in text
    assert "For a few cancers, some choices must be made right away" in text
    assert "ask how soon they can see you" in text and "Waiting is not always harmless" in text


def test_a_team_that_says_start_now_is_asked_why_not_called_a_warning(texts: dict[str, str]) -> None:
    text = words(texts, "tell-your-doctor")
    assert text.index("ask them why") < text.index("good reason") < text.index("warning sign")


def test_nccn_covers_many_cancers_at_a_confirmed_address(texts: dict[str, str]) -> None:
    text = words(texts, HELP_ID)
    assert "many types of cancer" in text and "each type of cancer" not in text
    assert "nccn.org/patients." in text and "patientresources" not in text


def test_other_unsupported_wording_stays_out(texts: dict[str, str]) -> None:
    assert "more likely when the doctor has seen" not in words(texts, "what-it-is")
    assert "days or weeks" in words(texts, "records") and "a few weeks" not in words(texts, "records")
    assert "at any time, day or night" in words(texts, HELP_ID)
    assert "(800) 532-5274" in words(texts, HELP_ID)


def test_help_says_who_wrote_the_guide_and_how_to_report_a_mistake(guide: Guide, texts: dict[str, str]) -> None:
    body = _section(guide, HELP_ID).body
    about = body.split("## About this guide", 1)[1]
    assert "replace" in about and "Written by:" in about and "mistake" in about.lower()


def test_every_shipped_section_has_sources_and_a_review_date(guide: Guide) -> None:
    # Age is for the editors' routine (check-content warns): time passing alone must not fail a build.
    problems = [p for p in review_problems(guide.sections, date.today()) if not p.warning]
    assert not problems, "\n".join(map(str, problems))


def test_every_source_in_both_guides_is_on_a_trusted_publishers_host() -> None:
    """Every host the English and Spanish guides cite, listed, against the shipped list of trusted publishers."""
    cited: dict[str, list[str]] = {}
    for folder in (default_content_dir(), content_dir_for(default_content_dir(), "es")):
        for section in load_guide(folder).sections:
            for source in section.sources:
                host = (urlsplit(source.address).hostname or source.address).lower()
                cited.setdefault(host, []).append(f"{folder.name}/{section.path.name}:{source.line}")
    trusted, problems = trusted_hosts(default_content_dir() / TRUSTED_FILE)
    assert not problems
    outside = {
        host: where
        for host, where in sorted(cited.items())
        if not any(host == name or host.endswith("." + name) for name in trusted)
    }
    assert not outside, f"cited hosts: {sorted(cited)}; not trusted: {outside}"


def test_the_welcome_tells_the_steps_in_the_order_of_the_guide(guide: Guide) -> None:
    """Key points, step map and sections agree: the cost is checked before booking, then the records gathered."""
    body = " ".join(_section(guide, WELCOME_ID).body.split())
    points = body.split("## Key points", 1)[1].split("## ", 1)[0]
    assert points.index("check the cost") < points.index("gather your records")
    ids = [section.id for section in guide.sections]
    assert ids.index("find-a-specialist") < ids.index("insurance") < ids.index("records")
    specialist = _section(guide, "find-a-specialist").body
    assert specialist.index("(#insurance)") < specialist.rindex("(#records)")


def test_help_says_who_wrote_and_pays_for_the_guide_and_how_often_it_is_checked(guide: Guide) -> None:
    """The decision-aid standard's lines (IPDAS): authors, funding and the update policy, once, in the app and read."""
    about = _section(guide, HELP_ID).body.split("## About this guide", 1)[1].split("\n## ", 1)[0]
    assert "Written by:" in about and "Paid for by:" in about
    assert "at least once a year" in about and "last checked" in about
    others = [s.id for s in guide.sections if s.id != HELP_ID and "Paid for by:" in s.body]
    assert not others, f"the funding line belongs once, in the help section: {others}"


# -- Moving sections keeps people's progress: ids stay, only `order:` and file names change ---------------------------

# Every section and item id of the previous edition. A person's ticks, notes and place are kept against these.
PREVIOUS_SECTION_IDS = REQUIRED_SECTIONS
PREVIOUS_ITEM_IDS = (
    "write-your-reasons",
    "ask-about-timing",
    "say-you-want-one",
    "ask-for-referral",
    "ask-how-to-send-records",
    "ask-for-names",
    "ask-friends",
    "look-up-centers",
    "ask-about-video",
    "ask-how-soon-seen",
    "ask-report-time",
    "ask-which-records",
    "sign-release",
    "pathology-report",
    "biomarker-reports",
    "imaging",
    "lab-results",
    "visit-notes",
    "treatment-reports",
    "treatment-plan",
    "medicine-list",
    "send-slides",
    "ask-plan-pays",
    "ask-plan-requires",
    "ask-referral-approval",
    "ask-remote-covered",
    "ask-in-network",
    "ask-cost",
    "log-calls",
    "ask-how-to-appeal",
    "bring-someone",
    "bring-records",
    "bring-questions",
    "ask-to-record",
    "ask-interpreter",
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
    "get-written-report",
    "share-with-first-doctor",
    "ask-why",
    "ask-doctors-talk",
    "ask-tumor-board",
    "ask-when-decide",
    "choose-team",
    "check-plan-rules",
    "tell-both-offices",
    "sign-helper-form",
    "ask-childrens-center",
    "save-helpline-number",
    "find-patient-guide",
    "ask-social-worker",
)


def test_every_id_of_the_previous_edition_is_still_here_in_its_section(guide: Guide) -> None:
    previous_sections = {
        "records": ("ask-which-records", "pathology-report", "imaging", "send-slides"),
        "insurance": ("ask-plan-pays", "log-calls", "ask-how-to-appeal"),
    }
    assert {s.id for s in guide.sections} >= set(PREVIOUS_SECTION_IDS)
    ids = {item.id: item.section_id for item in guide.items}
    assert [item_id for item_id in PREVIOUS_ITEM_IDS if item_id not in ids] == []
    for section_id, item_ids in previous_sections.items():
        assert all(ids[item_id] == section_id for item_id in item_ids), section_id


def test_a_progress_file_from_before_the_move_keeps_its_ticks_notes_and_place(guide: Guide, tmp_path: Path) -> None:
    from secondop_tui.data.store import ProgressStore

    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    entries = {entry.id: entry for entry in store.checklist(guide)}
    store.toggle(entries["pathology-report"])
    store.toggle(entries["ask-plan-pays"])
    store.set_note(entries["imaging"], "CT from March")
    store.visit("records")
    store.close()

    reopened = ProgressStore(path)
    try:
        entries = {entry.id: entry for entry in reopened.checklist(guide)}
        assert entries["pathology-report"].done and entries["ask-plan-pays"].done
        assert entries["imaging"].note == "CT from March" and entries["imaging"].section_id == "records"
        assert reopened.progress(guide).last_section == "records"
    finally:
        reopened.close()
