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
    hard = (
        "La documentación clínica correspondiente deberá remitirse previamente a la institución "
        "especializada, conjuntamente con la autorización administrativa debidamente cumplimentada."
    )
    assert fernandez_huerta(hard) < MIN_FERNANDEZ_HUERTA


def test_same_sections_in_the_same_order_and_the_same_items(english: Guide, spanish: Guide) -> None:
    assert [s.id for s in spanish.sections] == [s.id for s in english.sections]
    for mine, theirs in zip(spanish.sections, english.sections):
        assert [item.id for item in mine.items] == [item.id for item in theirs.items], mine.id


# Pages in Spanish: NCI's, MedlinePlus's, Medicare's and HealthCare.gov's own Spanish pages, and a group's Spanish page.
SPANISH_PAGE = re.compile(r"/espanol/|/es/|/spanish/|//es\.medicare\.gov/|cuidadodesalud\.gov/")
# Sections whose facts no publisher states in Spanish (HHS's pages on records law and on helpers are English only).
ENGLISH_ONLY_SECTIONS = ("copies", "helpers")


def test_every_section_has_its_own_sources_and_review_date(spanish: Guide) -> None:
    assert [p for p in review_problems(spanish.sections, date(2026, 12, 4)) if not p.warning] == []
    for section in spanish.sections:
        assert section.path.parent.name == "es"
        spanish_pages = [s for s in section.sources if SPANISH_PAGE.search(s.address)]
        if section.id not in ENGLISH_ONLY_SECTIONS:
            assert spanish_pages, f"{section.id} cites no page in Spanish"
        # An English page is there only because no Spanish one states the fact, and says so.
        for source in section.sources:
            if source not in spanish_pages:
                assert "en inglés" in source.title, (section.id, source.title)


def test_spanish_readers_learn_the_nci_line_answers_in_spanish(texts: dict[str, str]) -> None:
    help_text = " ".join(texts["help"].split())
    assert "1-800-422-6237" in help_text and "1-800-227-2345" in help_text
    assert "inglés o en español" in help_text and "Puede pedir atención en español" in help_text
    # The note to organisations about a medical translator is in content/README.md, not in front of patients.
    assert "traductor médico" not in help_text


# The Spanish guide says what the English one says, in the words a US Spanish-speaking reader expects. Each pair:
# what a medical editor struck out, and what says it instead.
SPANISH_FIXES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # A right with no qualifier; "eldest son" for a grown child; prices "fixed" where the law caps them.
    "welcome": (
        ("Tiene derecho a una segunda opinión", "sin pasar el plazo"),
        ("Usted es libre de pedir una segunda opinión", "dentro del plazo que su equipo considere seguro"),
    ),
    "helpers": (("hijo mayor", "si es un niño o joven"), ("un hijo o una hija adultos", "para su hijo o hija")),
    "records": (
        ("precios fijos", "estancia en el hospital", "papeles"),
        (
            "plazos fijos y un límite a lo que le pueden cobrar",
            "hospitalización",
            "expediente médico",
            "formulario de autorización",
        ),
    ),
    "copies": (
        ("no deben guardar", "No era final", "precio fijo de $6.50", "no valgan"),
        ("no deben retener ni retrasar", "tarifa fija de hasta $6.50", "no se apliquen"),
    ),
    "help": (
        ("hablan los dos idiomas", "Entre días de semana", "Traducción:"),
        ("De lunes a viernes puede chatear en línea",),
    ),
    "what-it-is": (("y usted la paga", "sin verle"), ("puede que tenga que pagarla usted",)),
    "after": (("sin pasar el plazo",), ("dentro del plazo que su equipo considere seguro",)),
    "find-a-specialist": (
        ("nombra algunos centros", "nota sobre la atención", "centros del cáncer"),
        ("designa algunos centros", "No es una calificación de la calidad de la atención", "centros oncológicos"),
    ),
    "who-should": (
        ("tiene una gran cirugía", "un nuevo cuidado con personas que eligen entrar"),
        ("prueba un tratamiento nuevo en personas que aceptan participar",),
    ),
    "tell-your-doctor": (
        ("quiero estar seguro", "¿A quién me sugiere ver"),
        ("quiero tener la tranquilidad de que es lo mejor", "¿A qué médico me recomienda para una segunda opinión?"),
    ),
    "appointment": (
        ("pregunte si puede estar por teléfono", "Esté listo"),
        (
            "Si esa persona no puede ir, pregunte si puede acompañarlo por teléfono o video",
            "Prepárese para hablar de su cáncer",
        ),
    ),
    "insurance": (
        ("tiene un trato con su seguro", "Hay grupos gratis"),
        ("tiene contrato con su seguro", "Member Services (servicios para miembros)"),
    ),
    "medicare": (("cuando las necesita por su salud", "February"), ("médicamente necesarias",)),
}


@pytest.mark.parametrize("section_id", sorted(SPANISH_FIXES))
def test_the_spanish_says_what_the_english_says_in_usual_us_spanish(
    spanish: Guide, texts: dict[str, str], section_id: str
) -> None:
    struck, wanted = SPANISH_FIXES[section_id]
    text = " ".join(texts[section_id].split())
    assert [phrase for phrase in struck if phrase in text] == []
    assert [phrase for phrase in wanted if phrase not in text] == []


def test_the_usual_us_words_throughout(spanish: Guide, texts: dict[str, str]) -> None:
    """Consultorio for a doctor's office, oncológicos, and the keys pressed with "Oprima" (US), not "Pulse"."""
    for section_id, text in texts.items():
        for phrase in (
            "la oficina del médico",
            "segunda oficina",
            "centros del cáncer",
            "médicos del cáncer",
            "Pulse ",
            "papeles",
        ):
            assert phrase not in text, (section_id, phrase)
    assert "Oprima n" in texts["welcome"]


# The new material, in Spanish too: records step by step, what to do when they are late, appeals, paying, rare cancers.
SPANISH_TOPICS: dict[str, tuple[str, ...]] = {
    "records": (
        "departamento de patología",
        "departamento de radiología",
        "DICOM",
        "por escrito",
        "Pregunte cuánto cobran",
        "Anote la fecha",
        "30 días más solo una vez",
    ),
    "copies": ("encargado de privacidad", "Oficina de Derechos Civiles", "dentro de los 180 días"),
    "insurance": (
        "apelación interna",
        "dentro de los 180 días",
        "revisión externa",
        "4 meses",
        "72 horas",
        "plan autofinanciado",
        "Estimado de Buena Fe",
        "$400",
        "facturas sorpresa",
        "gestores de casos",
    ),
    "find-a-specialist": (
        "Si su cáncer es raro",
        "programa para algunos tumores raros",
        "informe escrito",
        "Qué registros, estudios y láminas vio el médico",
    ),
    "help": (
        "Hope Lodge",
        "Road To Recovery",
        "MyPART",
        "gestores de casos",
        "programa de ayuda al consumidor",
        "Escrita por:",
        "Pagada por:",
        "por lo menos una vez al año",
    ),
    "welcome": ("En palabras:",),
}


@pytest.mark.parametrize("section_id", sorted(SPANISH_TOPICS))
def test_the_spanish_guide_covers_the_new_steps(texts: dict[str, str], section_id: str) -> None:
    text = " ".join(texts[section_id].split())
    assert [topic for topic in SPANISH_TOPICS[section_id] if topic not in text] == []


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
