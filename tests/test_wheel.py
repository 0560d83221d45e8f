"""The built wheel carries the guide and the styles, and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support.screen_capture import svg_lines

REPO = Path(__file__).resolve().parent.parent

# Runs inside the installed copy: starts the real app headless and prints what it drew.
HEADLESS_RUN = """
import asyncio, sys
from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.settings import Settings
from secondop_tui.data.store import ProgressStore

async def main():
    guide = load_guide(default_content_dir())
    settings = Settings(content_dir=guide.directory, db_path=None)
    app = SecondOpinionApp(settings, guide, ProgressStore(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("STYLES", [str(p) for p in app.css_path])
        print(app.export_screenshot())

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("secondop_tui-*.whl")
    return built


def test_wheel_holds_every_content_and_style_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("content", "styles"):
        for source in (REPO / folder).rglob("*"):
            if source.is_file():
                assert f"secondop_tui/assets/{folder}/{source.relative_to(REPO / folder).as_posix()}" in names
    assert "secondop_tui/assets/content/es/13-help.md" in names  # the Spanish guide, in its folder
    assert any(name.endswith("entry_points.txt") for name in names)
    # `secondop web`'s own page, busy page, script and styles, and the terminal it draws in (with its licences)
    for part in (
        "static/xterm/xterm.js",
        "static/xterm/xterm.css",
        "static/xterm/addon-fit.js",
        "static/xterm/addon-unicode11.js",
        "static/xterm/LICENSE",
        "templates/base.html",
        "templates/page.html",
        "templates/busy.html",
        "static/page.js",
        "static/page.css",
    ):
        assert f"secondop_tui/web/{part}" in names


def test_the_servers_are_extras_so_the_plain_install_stays_small(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(archive.read(name).decode() for name in archive.namelist() if name.endswith("/METADATA"))
    needs = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    servers = [
        line for line in needs if any(name in line for name in ("textual-serve", "aiohttp", "playwright", "asyncssh"))
    ]
    assert any("asyncssh" in line for line in servers), servers
    assert servers and all("extra ==" in line for line in servers), servers
    assert "Provides-Extra: web" in metadata
    assert "Provides-Extra: serve" in metadata


def test_wheel_holds_each_catalogue_compiled_and_the_repository_none(wheel: Path) -> None:
    """The build hook compiles every .po into the .mo gettext reads; no compiled catalogue is committed."""
    names = set(zipfile.ZipFile(wheel).namelist())
    catalogues = sorted((REPO / "src" / "secondop_tui" / "locale").glob("*/LC_MESSAGES/secondop.po"))
    assert catalogues
    for po in catalogues:
        assert f"secondop_tui/locale/{po.parent.parent.name}/LC_MESSAGES/secondop.mo" in names
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert tracked == ""


def test_installed_copy_runs_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "SECONDOP_DB": str(tmp_path / "db" / "progress.json")}

    def python(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], cwd=elsewhere, env=env, check=False, capture_output=True, text=True, timeout=120
        )

    where = python(
        "-c", "import secondop_tui.data.locations as p; print(p.default_content_dir()); print(p.styles_dir())"
    )
    content_dir, styles = map(Path, where.stdout.split())
    assert content_dir == site / "secondop_tui" / "assets" / "content"
    assert styles == site / "secondop_tui" / "assets" / "styles"

    check = python("-m", "secondop_tui", "check-content")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no problems" in check.stdout

    spanish = python("-m", "secondop_tui", "read", "--lang", "es", "welcome")
    assert spanish.returncode == 0 and spanish.stdout.startswith("Bienvenida\n"), spanish.stderr
    assert "Salir" in python("-c", "from secondop_tui.i18n import translate; print(translate('es', 'Quit'))").stdout

    drawn = python("-c", HEADLESS_RUN)
    assert drawn.returncode == 0, drawn.stderr
    styles_line, svg = drawn.stdout.split("\n", 1)
    screen = "\n".join(svg_lines(svg, 80, 24))
    assert "Welcome" in screen and "Checklist" in screen
    assert str(styles / "app.tcss") in styles_line
    assert list(elsewhere.iterdir()) == []
