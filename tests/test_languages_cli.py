"""The commands in Spanish: read, export and check-content, and check-content's comparison of languages."""

from __future__ import annotations

import shutil
from pathlib import Path

from secondop_tui.content import Guide
from secondop_tui.data.locations import default_content_dir

from conftest import run_secondop, snapshot

CLEAN_LOCALE = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def test_read_in_spanish(tmp_path: Path) -> None:
    result = run_secondop("read", "--lang", "es", "records", env={**CLEAN_LOCALE, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Reúna su expediente", "==================="]
    assert "[ ] Pida una copia de su informe de patología" in result.stdout
    assert "Fuentes" in result.stdout and "Revisado por última vez: 4 de diciembre de 2026." in result.stdout
    assert "Gather your records" not in result.stdout


def test_read_follows_the_locale_and_falls_back_to_english(tmp_path: Path) -> None:
    spanish = run_secondop("read", "welcome", env={**CLEAN_LOCALE, "HOME": str(tmp_path), "LANG": "es_US.UTF-8"})
    assert spanish.stdout.startswith("Bienvenida\n")
    other = run_secondop("read", "welcome", env={**CLEAN_LOCALE, "HOME": str(tmp_path), "LANG": "de_DE.UTF-8"})
    assert other.returncode == 0 and other.stdout.startswith("Welcome\n") and other.stderr == ""


def test_an_unknown_section_is_one_spanish_line(tmp_path: Path) -> None:
    result = run_secondop("read", "--lang", "es", "nada", env={**CLEAN_LOCALE, "HOME": str(tmp_path)})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("secondop: no hay una sección llamada 'nada'; las secciones son: welcome,")
    assert result.stderr.count("\n") == 1


def test_export_in_spanish_keeps_the_english_ticks(tmp_path: Path, db_path: Path, guide: Guide) -> None:
    from secondop_tui.data.store import ProgressStore

    store = ProgressStore(db_path)
    first = store.checklist(guide)[0]
    store.toggle(first)
    store.close()
    before = snapshot(tmp_path)
    result = run_secondop("export", "--lang", "es", "--db", str(db_path), env={**CLEAN_LOCALE, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Mi lista para la segunda opinión" and lines[1].startswith("Hecha el ")
    assert lines[2] == f"1 de {len(guide.items)} hechos"
    assert "[x] Escriba por qué quiere una segunda opinión" in lines
    assert snapshot(tmp_path) == before  # export only reads


def copy_guide(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(default_content_dir(), folder)
    return folder


def test_check_content_names_a_missing_item_id_with_file_and_line(tmp_path: Path) -> None:
    folder = copy_guide(tmp_path)
    records = folder / "es" / "08-records.md"
    text = records.read_text(encoding="utf-8")
    assert " {#imaging}" in text
    records.write_text(text.replace(" {#imaging}", " {#imagenes}"), encoding="utf-8")
    english_line = next(
        n for n, line in enumerate((folder / "08-records.md").read_text().splitlines(), 1) if "{#imaging}" in line
    )
    spanish_line = next(n for n, line in enumerate(records.read_text().splitlines(), 1) if "{#imagenes}" in line)

    result = run_secondop("check-content", str(folder), env={**CLEAN_LOCALE, "HOME": str(tmp_path)})
    assert result.returncode == 1
    missing = f"{records}:2: checklist item {{#imaging}} is missing in this section (the English one is 08-records.md:"
    extra = f"{records}:{spanish_line}: checklist item {{#imagenes}} is not in the English section 08-records.md: "
    assert result.stdout.splitlines() == [f"{missing}{english_line})", f"{extra}give it the English item's id"]


def test_check_content_names_a_missing_section_and_speaks_spanish(tmp_path: Path) -> None:
    folder = copy_guide(tmp_path)
    (folder / "es" / "09-copies.md").unlink()
    result = run_secondop("check-content", "--lang", "es", str(folder), env={**CLEAN_LOCALE, "HOME": str(tmp_path)})
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{folder / 'es'}: aquí falta la sección 'copies' (la inglesa está en 09-copies.md:2)" in lines
    assert f"{folder / 'es' / '08-records.md'}:64: el enlace a '#copies' no lleva a ninguna sección" in lines


def test_check_content_of_the_shipped_guide_covers_spanish(tmp_path: Path) -> None:
    result = run_secondop("check-content", env={**CLEAN_LOCALE, "HOME": str(tmp_path)})
    assert result.returncode in (0, 3), result.stdout
    assert "Same sections and items in: es." in result.stdout


def test_export_follows_the_language_chosen_in_the_app(tmp_path: Path, db_path: Path) -> None:
    from secondop_tui.data.store import ProgressStore

    store = ProgressStore(db_path)
    store.set_language("es")
    store.close()
    env = {**CLEAN_LOCALE, "HOME": str(tmp_path)}
    assert run_secondop("export", "--db", str(db_path), env=env).stdout.startswith("Mi lista para la segunda")
    english = run_secondop("export", "--lang", "en", "--db", str(db_path), env=env)
    assert english.stdout.startswith("My second opinion checklist\n")
