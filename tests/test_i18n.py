"""Which language a person gets, and the catalogues that hold the words: complete, and in step with the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from secondop_tui.i18n import choose_language, locale_language, translate

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "src" / "secondop_tui" / "locale"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "es_ES.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),  # LC_ALL comes first, as gettext reads it
        ({"LC_MESSAGES": "es_US.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        ({"LANGUAGE": "fr:es", "LANG": "en_US.UTF-8"}, "es"),  # the first in the list that we have
        ({"LANGUAGE": "en:es"}, "en"),
        ({"LANG": "C"}, None),
        ({"LANG": "fr_FR.UTF-8"}, None),  # no catalogue: no language of ours
        ({}, None),
    ],
)
def test_the_locale_is_read_in_gettexts_order(environ: dict[str, str], expected: str | None) -> None:
    assert locale_language(environ) == expected


def test_lang_wins_then_the_locale_then_the_default() -> None:
    assert choose_language("en", {"LANG": "es_ES.UTF-8"}) == "en"
    assert choose_language(None, {"LANG": "es_ES.UTF-8"}) == "es"
    assert choose_language(None, {"LANG": "de_DE.UTF-8"}) == "en"  # unknown: English, without a word
    assert choose_language(None, {"LANG": "de_DE.UTF-8"}, default="es") == "es"  # a server's --lang


def _catalogue(path: Path) -> dict[object, object]:
    with path.open("rb") as file:
        return {message.id: message for message in read_po(file) if message.id}


def test_the_template_holds_every_string_the_code_marks(tmp_path: Path) -> None:
    """Run the extraction the content README describes: a string added to the code must be in the template."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(REPO / "babel.cfg"),
            "-k",
            "N_",
            "-k",
            "_",
            "-k",
            "ngettext:1,2",
            "-o",
            str(fresh),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        cwd=REPO,
        timeout=300,
    )
    assert set(_catalogue(fresh)) == set(_catalogue(LOCALE / "secondop.pot"))


def test_every_string_has_a_spanish_translation_that_keeps_its_placeholders() -> None:
    import re

    template = _catalogue(LOCALE / "secondop.pot")
    spanish = _catalogue(LOCALE / "es" / "LC_MESSAGES" / "secondop.po")
    assert set(spanish) == set(template)
    placeholder = re.compile(r"\{[^{}]*\}")
    for msgid, message in spanish.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        assert all(strings) and not message.fuzzy, f"no Spanish for {msgid!r}"
        for text in strings:
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(ids[-1])), msgid


def test_the_installed_package_reads_its_compiled_spanish_catalogue() -> None:
    assert translate("es", "Quit") == "Salir"
    assert translate("en", "Quit") == "Quit"
    assert translate("fr", "Quit") == "Quit"
