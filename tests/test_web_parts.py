"""The parts of ``secondop web`` that decide, each on its own: whose a tab is, which names are ours, what is logged."""

from __future__ import annotations

import pytest

from secondop_tui.web.addresses import names_this_server, visitor_address
from secondop_tui.web.log import Sparse

from support.clock import Clock

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxy", "expected"),
    [
        ("192.0.2.5", [], None, "192.0.2.5"),
        ("192.0.2.5", ["203.0.113.7"], None, "192.0.2.5"),  # no proxy: the header is nobody's word
        ("127.0.0.1", ["203.0.113.7"], "127.0.0.1", "203.0.113.7"),
        ("127.0.0.1", ["198.51.100.1, 203.0.113.7"], "127.0.0.1", "203.0.113.7"),  # the proxy's, not the client's
        ("127.0.0.1", ["198.51.100.1", "203.0.113.7"], "127.0.0.1", "203.0.113.7"),
        ("127.0.0.2", ["203.0.113.7"], "127.0.0.1", "127.0.0.2"),  # not the proxy: its header is not believed
        ("127.0.0.1", [], "127.0.0.1", "127.0.0.1"),  # a proxy that names nobody: its own address
        ("127.0.0.1", ["not an address"], "127.0.0.1", "127.0.0.1"),
        ("127.0.0.1", ["2001:db8::1"], "127.0.0.1", "2001:db8::1"),
        ("::ffff:127.0.0.1", ["203.0.113.7"], "127.0.0.1", "203.0.113.7"),  # IPv4 through an IPv6 socket
    ],
)
def test_a_visitors_address_is_the_proxys_word_only_from_the_proxy(
    peer: str, forwarded: list[str], proxy: str | None, expected: str
) -> None:
    assert visitor_address(peer, forwarded, proxy) == expected


@pytest.mark.parametrize(
    ("host", "listening", "ours"),
    [
        ("127.0.0.1:8080", "127.0.0.1", True),
        ("localhost:8080", "127.0.0.1", True),
        ("LOCALHOST", "127.0.0.1", True),
        ("192.168.1.5:8080", "192.168.1.5", True),  # the address the visitor reached (--host 0.0.0.0)
        ("[::1]:8080", "::1", True),
        ("192.168.1.5:8080", "::ffff:192.168.1.5", True),
        (None, "127.0.0.1", True),  # no Host at all: no browser sent it
        ("evil.example:8080", "127.0.0.1", False),  # a DNS-rebinding page's own name
        ("evil.example", "127.0.0.1", False),
        ("192.168.1.6:8080", "192.168.1.5", False),
        ("127.0.0.1:notaport", "127.0.0.1", False),
        ("", "127.0.0.1", False),
        ("localhost.evil.example", "127.0.0.1", False),
    ],
)
def test_only_a_host_naming_this_server_is_ours(host: str | None, listening: str, ours: bool) -> None:
    assert names_this_server(host, listening) is ours


def test_the_same_trouble_is_said_at_most_once_a_minute_with_how_often_it_came(
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock = Clock()
    sparse = Sparse(clock=clock)
    for _ in range(1000):
        sparse("accept", "cannot take a new connection: Too many open files")
        clock.advance(0.01)
    sparse("slow", "closed a connection that sent no request within 10 s")
    clock.advance(60)
    sparse("accept", "cannot take a new connection: Too many open files")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3, lines
    assert lines[0].endswith("secondop web: cannot take a new connection: Too many open files")
    assert lines[1].endswith("within 10 s")
    assert lines[2].endswith("Too many open files (and 999 more times since it was last said)")
