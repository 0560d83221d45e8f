"""The languages of the interface: which one a person gets, and the words in it.

Interface strings are English in the code, marked with ``_()`` (translated where they are shown) or ``N_()``
(only marked, for class attributes such as key bindings, which are translated when drawn). Translations are
gettext catalogues: ``locale/<code>/LC_MESSAGES/secondop.po``, which a translator opens in any PO editor. The
wheel carries them compiled to ``.mo`` (the build hook in ``hatch_build.py`` compiles them; compiled files are
never kept in the repository), and the standard library's ``gettext`` reads them.

One language is in use at a time in a process (each SSH session and each kiosk runs its own process). A
missing catalogue, or a locale we have none for, is English, without a word about it.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

DOMAIN = "secondop"
ENGLISH = "en"
# Each language by its own name: a person who does not read the current one still finds theirs.
LANGUAGES = {"en": "English", "es": "Español"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The variables gettext reads, in its order; the first one set is the one used.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_language = ENGLISH
_fold: Callable[[str], str] | None = None  # for a terminal that cannot show accents


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it yet (it is translated where it is shown)."""
    return message


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalogue for ``code``; English (the words in the code) when there is none. English has none to
    look for, so starting in English reads no catalogue at all."""
    if code == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def _(message: str) -> str:
    """``message`` in the language in use. An empty string stays empty (gettext would give the header)."""
    if not message:
        return message
    text = translations(_language).gettext(message)
    return _fold(text) if _fold else text


def ngettext(singular: str, plural: str, count: int) -> str:
    text = translations(_language).ngettext(singular, plural, count)
    return _fold(text) if _fold else text


def fold_with(fold: Callable[[str], str] | None) -> None:
    """Pass every translated string through ``fold`` (an ASCII stand-in for accents), or no longer (None)."""
    global _fold
    _fold = fold


def translate(code: str, message: str) -> str:
    """``message`` in ``code``, whatever the process uses (the SSH server speaks to each client in theirs)."""
    return translations(code).gettext(message) if message else message


def set_language(code: str) -> None:
    global _language
    _language = code if code in LANGUAGES else ENGLISH


def current_language() -> str:
    return _language


def other_language(code: str) -> str:
    """The next language in the list, for the key that switches."""
    codes = list(LANGUAGES)
    return codes[(codes.index(code) + 1) % len(codes)] if code in codes else ENGLISH


def _code(locale_name: str) -> str:
    """``es_MX.UTF-8@euro`` -> ``es``."""
    return locale_name.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()


def locale_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the locale asks for, read as gettext reads it, or None when it names none we have.

    ``LANGUAGE`` may list several (``fr:es``): the first we have wins. ``C`` and ``POSIX`` name no language.
    """
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name)
        if not value:
            continue
        for part in value.split(":"):
            code = _code(part)
            if code in ("c", "posix"):
                return None
            if code in LANGUAGES:
                return code
        return None
    return None


def accepted_language(header: str | None, default: str = ENGLISH) -> str:
    """The language a browser asks for (its ``Accept-Language``), the first of ours by its weights, or ``default``.

    ``es-MX,es;q=0.9,en;q=0.5`` -> ``es``. Anything odd in the header is passed over, never an error: it comes
    from a stranger's browser.
    """
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "")[:1024].split(",")[:32]):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        code = _code(tag.strip())
        if code in LANGUAGES and 0 < weight <= 1:
            wanted.append((-weight, position, code))
    return min(wanted)[2] if wanted else default


def choose_language(given: str | None, environ: Mapping[str, str] | None = None, default: str = ENGLISH) -> str:
    """``--lang`` when given, else the locale's language, else ``default`` (a server's ``--lang``)."""
    if given in LANGUAGES:
        return given
    return locale_language(environ) or (default if default in LANGUAGES else ENGLISH)


def content_dir_for(base: Path, code: str) -> Path:
    """The guide folder in ``code``: English at the top of ``base``, other languages in ``base/<code>``.

    A folder without that language gives its English guide (the interface is still in ``code``).
    """
    if code != ENGLISH and (base / code).is_dir():
        return base / code
    return base
