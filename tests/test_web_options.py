"""``secondop web`` asked for what cannot work: one line on stderr, status 2, nothing listening, nothing written."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from secondop_tui import __version__

SECONDOP = Path(sys.executable).parent / "secondop"
WAIT = 120  # seconds: only a bound for a hung start on a busy machine; a good run ends at once


def web(data_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SECONDOP")}
    return subprocess.run(
        [str(SECONDOP), "web", "--data-dir", str(data_dir), *options],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=WAIT,
        check=False,
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--max-sessions", "0"), "secondop: --max-sessions must be 1 or more"),
        (("--idle-timeout", "-1"), "secondop: --idle-timeout must be 0 or more"),
        (("--max-guests-per-address", "0"), "secondop: --max-guests-per-address must be 1 or more"),
        (("--header-timeout", "0"), "secondop: --header-timeout must be more than 0"),
        (
            ("--proxy-address", "proxy.clinic.example"),
            "secondop: --proxy-address must be an IP address, such as 127.0.0.1",
        ),
        (("--port", "70000"), "secondop: --port must be 0 to 65535"),
        (
            ("--public-url", "clinic.example/guide"),
            "secondop: --public-url must be a whole address, such as https://clinic.example/guide/",
        ),
    ],
)
def test_an_option_that_cannot_work_is_one_line(tmp_path: Path, options: tuple[str, ...], message: str) -> None:
    result = web(tmp_path / "data", "--port", "0", *options)
    assert (result.returncode, result.stderr.strip(), result.stdout) == (2, message, "")
    assert not (tmp_path / "data").exists(), "nothing is made before the options are checked"


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = web(tmp_path / "data", "--port", str(port))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert line == f"secondop: cannot serve on 127.0.0.1:{port}: Address already in use"


def test_without_the_web_extra_it_says_how_to_get_it(tmp_path: Path) -> None:
    # The plain install has none of these: a None in sys.modules makes an import fail as if it were missing.
    script = (
        "import sys; sys.modules.update(dict.fromkeys(['textual_serve', 'aiohttp', 'aiohttp_jinja2', 'jinja2'])); "
        "from secondop_tui.cli import main; "
        f"sys.exit(main(['web', '--port', '0', '--data-dir', {str(tmp_path / 'data')!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=WAIT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert (result.returncode, result.stderr.strip()) == (
        2,
        (
            "secondop: secondop web needs the web extra: install secondop again with it, from its source folder "
            f"(pip install '.[web]') or its wheel (pip install 'secondop_tui-{__version__}-py3-none-any.whl[web]')"
        ),
    )
