"""The guide's search (``/``), driven by keys through Pilot: what it finds, in which order, and what it shows."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import OptionList

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.i18n import content_dir_for
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.search import SearchScreen
from secondop_tui.settings import Settings

from conftest import make_app, move_highlight

# What no reader should see in a result: diagram strokes, web addresses, Markdown and item ids.
RAW = re.compile(r"\+--|--\+|\|\s|https?:|www\.|\.gov/|\{#|\]\(|\*\*|^#", re.MULTILINE)


async def results_for(app: SecondOpinionApp, pilot: object, query: str) -> list[tuple[str | None, str]]:
    """Type ``query`` into a fresh search; each result's section id and the text it shows."""
    await pilot.press("slash")  # type: ignore[attr-defined]
    assert isinstance(app.screen, SearchScreen)
    await pilot.press(*query)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    options = app.screen.query_one(OptionList)
    found = []
    for index in range(options.option_count):
        option = options.get_option_at_index(index)
        found.append((option.id, str(option.prompt)))
    return found


def spanish_app(db_path: Path) -> SecondOpinionApp:
    spanish = load_guide(content_dir_for(default_content_dir(), "es"))
    settings = Settings(content_dir=default_content_dir(), db_path=db_path, language="es")
    return SecondOpinionApp(settings, spanish, ProgressStore(db_path))


async def test_a_section_named_for_the_word_comes_first(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 40)) as pilot:
        found = await results_for(app, pilot, "medicare")
        ids = [section for section, _ in found]
        assert ids[0] == "medicare", ids  # its title, before sections that only mention it
        assert set(ids) >= {"medicare", "welcome", "insurance"}


async def test_a_heading_counts_for_more_than_a_mention(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 40)) as pilot:
        ids = [section for section, _ in await results_for(app, pilot, "records")]
        assert ids[0] == "records", ids  # "Gather your records" outranks every section that mentions records


async def test_snippets_are_readable_text_around_the_word(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 40)) as pilot:
        for query in ("medicare", "biopsy", "tumor board", "referral", "records"):
            found = await results_for(app, pilot, query)
            assert found and found[0][0] is not None, query
            for section_id, text in found:
                section = guide.section(section_id or "")
                assert section is not None
                title, snippet = text.split("\n", 1)
                assert title == section.title
                assert not RAW.search(snippet), (query, snippet)
                assert query.split()[0] in snippet.lower() or query.split()[0] in title.lower(), (query, text)
            await pilot.press("escape")


async def test_words_match_from_their_beginning(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 40)) as pilot:
        found = await results_for(app, pilot, "insur")
        assert "insurance" in [section for section, _ in found]
        await pilot.press("escape")
        # The middle of a word is not where a reader's word starts: "dicare" is not Medicare.
        assert [section for section, _ in await results_for(app, pilot, "dicare")] == [None]


async def test_every_word_counts_wherever_it_is_in_the_section(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 40)) as pilot:
        found = [section for section, _ in await results_for(app, pilot, "surgery deductible")]
        assert found[0] == "medicare", found  # the two words are far apart there


async def test_no_match_says_what_the_guide_covers_and_what_to_try(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 40)) as pilot:
        ((section, text),) = await results_for(app, pilot, "chemo")
        assert section is None
        assert "shorter word" not in text
        assert text == (
            'Nothing in the guide matches "chemo". It is about getting a second opinion, not about '
            "treatments. Try another word, such as doctor, records or insurance, or press escape to "
            "browse the sections."
        )
        await pilot.press("escape")
        assert isinstance(app.screen, GuideScreen)
        ((section, text),) = await results_for(app, pilot, "medicare zebrafinch")
        assert (section, text) == (None, "No section has all of these words. Try fewer of them, or one on its own.")


async def test_spanish_folds_accents_both_ways_and_opens_the_result(db_path: Path) -> None:
    app = spanish_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        plain = await results_for(app, pilot, "medico")
        await pilot.press("escape")
        accented = await results_for(app, pilot, "MÉDICO")
        assert plain == accented and plain[0][0] == "tell-your-doctor", plain  # "Hable con su médico"
        assert "médico" in plain[0][1]  # the snippet shows the guide's own spelling
        await pilot.press("escape")
        (nothing,) = await results_for(app, pilot, "quimio")
        assert nothing[0] is None and nothing[1].startswith('Nada en la guía coincide con "quimio"')
        await pilot.press("escape")
        found = await results_for(app, pilot, "expediente")
        assert found[0][0] == "records"
        results = app.screen.query_one(OptionList)
        await pilot.press("down")
        await move_highlight(pilot, results, 0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen) and app.screen.current == "records"
