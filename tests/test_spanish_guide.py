"""The Spanish guide: plain Spanish by a Spanish formula, the same sections and items as English, dated sources."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
import textstat

from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.i18n import content_dir_for, set_language
from secondop_tui.plaintext import section_text
from secondop_tui.provenance import review_problems

# Fernández-Huerta's scale: 70-80 is "fairly easy", the Spanish counterpart of Flesch's grade 7.
MIN_FERNANDEZ_HUERTA = 70.0
CONTACT_SECTIONS = ("help", "medicare")
PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\b1-\d{3}-[0-9A-Z]*[A-Z]{3,}\b")
WEB_ADDRESS = re.compile(r"\b[a-z0-9-]+\.(?:gov|org|net|com)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def spanish() -> Guide:
    return load_guide(content_dir_for(default_content_dir(), "es"))


@pytest.fixture(scope="module")
def english() -> Guide:
    return load_guide(default_content_dir())


@pytest.fixture(scope="module")
def texts(spanish: Guide) -> Iterator[dict[str, str]]:
    """Each section as a reader of `secondop read --lang es` gets it, without its list of sources."""
    set_language("es")
    try:
        yield {s.id: section_text(replace(s, sources=(), reviewed=""), spanish) for s in spanish.sections}
    finally:
        set_language("en")


@pytest.fixture(scope="module")
def pyphen_syllables() -> Iterator[None]:
    """Syllables from pyphen's Spanish dictionary only, as the English test counts them: offline and the same on
    every machine (newer textstat would look words up in a dictionary it downloads)."""
    try:
        counter = importlib.import_module("textstat.backend.counts._count_syllables")
    except ModuleNotFoundError:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(counter, "get_cmudict", lambda lang: None)
        yield


def fernandez_huerta(text: str) -> float:
    reader = textstat.textstat.__class__()
    reader.set_lang("es")
    return float(reader.fernandez_huerta(text))


def test_every_section_reads_fairly_easy_in_spanish(
    spanish: Guide, texts: dict[str, str], pyphen_syllables: None
) -> None:
    scores = {section.id: fernandez_huerta(texts[section.id]) for section in spanish.sections}
    report = ", ".join(f"{section_id}={score:.1f}" for section_id, score in scores.items())
    hard = [section_id for section_id, score in scores.items() if score < MIN_FERNANDEZ_HUERTA]
    assert not hard, f"below {MIN_FERNANDEZ_HUERTA}: {hard} (all scores: {report})"


def test_the_formula_tells_hard_spanish_from_plain(pyphen_syllables: None) -> None:
    """The measure can fail: a long official sentence scores far below the bar."""
    hard = ("La documentación clínica correspondiente deberá remitirse previamente a la institución "
            "especializada, conjuntamente con la autorización administrativa debidamente cumplimentada.")
    assert fernandez_huerta(hard) < MIN_FERNANDEZ_HUERTA


def test_same_sections_in_the_same_order_and_the_same_items(english: Guide, spanish: Guide) -> None:
    assert [s.id for s in spanish.sections] == [s.id for s in english.sections]
    for mine, theirs in zip(spanish.sections, english.sections):
        assert [item.id for item in mine.items] == [item.id for item in theirs.items], mine.id


def test_every_section_has_its_own_sources_and_review_date(spanish: Guide) -> None:
    assert review_problems(spanish.sections, date(2026, 11, 26)) == []
    spanish_pages = ("cancer.gov/espanol", "cancer.org/es")
    for section in spanish.sections:
        assert section.path.parent.name == "es"
        if section.id not in ("copies", "medicare"):  # US law and Medicare: their sources are English only
            assert any(page in s.address for s in section.sources for page in spanish_pages), section.id


def test_spanish_readers_learn_the_nci_line_answers_in_spanish(texts: dict[str, str]) -> None:
    help_text = " ".join(texts["help"].split())
    assert "1-800-422-6237" in help_text and "1-800-227-2345" in help_text
    assert "inglés y en español" in help_text
    assert "traductor médico" in help_text


def test_contacts_live_only_where_an_organisation_replaces_them(spanish: Guide, texts: dict[str, str]) -> None:
    for section in spanish.sections:
        if section.id in CONTACT_SECTIONS:
            continue
        assert not PHONE.search(texts[section.id]), section.id
        assert not WEB_ADDRESS.search(texts[section.id]), section.id


def test_titles_fit_the_sidebar_and_items_a_line_of_the_checklist(spanish: Guide) -> None:
    assert all(len(section.title) <= 26 for section in spanish.sections)
    long_items = [item.text for item in spanish.items if len(item.text) > 66]  # as in English
    assert not long_items
