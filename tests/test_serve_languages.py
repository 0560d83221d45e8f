"""``secondop serve --lang``: the default language for people whose locale names none of ours, and the server's
words to a client in that client's language."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.serve_harness import NEEDS_OPENSSH, WAIT, Keys, Server, Terminals

pytestmark = [NEEDS_OPENSSH, pytest.mark.e2e]


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("keys"), ["alice"])


@pytest.fixture
def terms() -> Iterator[Terminals]:
    made = Terminals()
    yield made
    made.close()


def test_server_default_is_spanish_yet_each_client_locale_wins(tmp_path: Path, keys: Keys, terms: Terminals) -> None:
    server = Server(tmp_path / "data", "--guest", "--lang", "es", "--idle-timeout", "0", "--max-sessions", "2")
    try:
        plain = terms.open(keys.ssh(server, "guest", None, "-tt", "-o", "SetEnv=LANG=C.UTF-8"))
        terms.wait_for(plain, "q Salir", "Bienvenida")
        english = terms.open(keys.ssh(server, "guest", None, "-tt", "-o", "SetEnv=LANG=en_US.UTF-8"))
        terms.wait_for(english, "q Quit", "Welcome")
        # The server is full: told so in the client's language, before any app starts.
        busy = subprocess.run(
            keys.ssh(server, "guest", None, "-tt", "-o", "SetEnv=LANG=es_MX.UTF-8"),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=WAIT,
            check=False,
        )
        assert busy.returncode == 1 and "está ocupado, vuelva a intentarlo en unos minutos." in busy.stdout
        terms.keys(plain, "q")
        terms.wait_for(plain, "[ssh exited 0]")
    finally:
        server.stop()
