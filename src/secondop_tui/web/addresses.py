"""Who a request comes from, and whether it was meant for this server: two things a stranger may lie about.

A visitor's address is the connection's own, except behind ``--public-url``, where every connection comes
from the reverse proxy: then the proxy's X-Forwarded-For says who it is, and only the proxy's. A page's
Host names the server the browser thinks it is talking to; a DNS-rebinding page (a name of the attacker's that
has come to point at this server) sends its own name there.
"""

from __future__ import annotations

from ipaddress import ip_address
from urllib.parse import urlsplit

LOCAL_NAMES = ("localhost", "127.0.0.1")


def plain_address(address: str) -> str | None:
    """``address`` written one way (an IPv4 address as IPv4, even inside IPv6); None if it is not one."""
    try:
        parsed = ip_address(address.strip())
    except ValueError:
        return None
    mapped = getattr(parsed, "ipv4_mapped", None)
    return str(mapped or parsed)


def visitor_address(peer: str | None, forwarded_for: list[str], proxy: str | None) -> str:
    """The visitor's address: the connection's own (``peer``), or, for a connection from ``proxy``, the last
    address in its X-Forwarded-For headers. That one the proxy added; any before it are the visitor's own claims.
    A proxy that names no address leaves its own."""
    own = plain_address(peer or "") or peer or "unknown"
    if proxy is None or own != proxy or not forwarded_for:
        return own
    return plain_address(forwarded_for[-1].split(",")[-1]) or own


def host_name(host: str) -> str | None:
    """The name or address in a Host header (without its port); None if it is not one."""
    try:
        parts = urlsplit(f"//{host}")
        parts.port  # noqa: B018 (only checked: a port that is not a number makes a bad Host)
    except ValueError:
        return None
    return parts.hostname or None


def names_this_server(host: str | None, listening: str | None) -> bool:
    """Whether a Host header names this server: the address it was reached at, ``localhost`` or 127.0.0.1.

    A request with no Host at all comes from no browser, so it is no rebinding page's.
    """
    if host is None:
        return True
    name = host_name(host)
    if name is None:
        return False
    return name in LOCAL_NAMES or (listening is not None and plain_address(name) == plain_address(listening))
