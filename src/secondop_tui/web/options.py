"""What ``secondop web`` was asked for, checked before anything listens."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

from secondop_tui.i18n import ENGLISH, _


class WebOptionError(ValueError):
    """An option that cannot work, said in one line."""


@dataclass(frozen=True)
class WebOptions:
    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: Path = Path(".")  # the guests' throwaway folders live in its guests/ folder
    public_url: str | None = None  # the address people open, e.g. https://clinic.example/guide/
    max_sessions: int = 20
    max_guests_per_address: int = 4  # tabs at once from one address
    idle_timeout: float = 1800.0  # seconds; 0 means never
    header_timeout: float = 10.0  # seconds a connection has to send a request's headers
    proxy_address: str = "127.0.0.1"  # with public_url: the proxy, whose X-Forwarded-For names the visitor
    content_dir: Path | None = None
    language: str = ENGLISH  # for a browser that asks for no language we have
    warm_start: bool = True  # fork each tab's app from a warm helper rather than start a new process

    def check(self) -> None:
        if self.max_sessions < 1:
            raise WebOptionError(_("--max-sessions must be 1 or more"))
        if self.max_guests_per_address < 1:
            raise WebOptionError(_("--max-guests-per-address must be 1 or more"))
        if self.idle_timeout < 0:
            raise WebOptionError(_("--idle-timeout must be 0 or more"))
        if not self.header_timeout > 0:
            raise WebOptionError(_("--header-timeout must be more than 0"))
        if not 0 <= self.port <= 65535:
            raise WebOptionError(_("--port must be 0 to 65535"))
        if self.public_url is not None and public_origin(self.public_url) is None:
            raise WebOptionError(_("--public-url must be a whole address, such as https://clinic.example/guide/"))
        try:
            ip_address(self.proxy_address)
        except ValueError:
            raise WebOptionError(_("--proxy-address must be an IP address, such as 127.0.0.1")) from None

    @property
    def proxy(self) -> str | None:
        """The address whose X-Forwarded-For is believed: the proxy's, and only behind ``--public-url``."""
        return str(ip_address(self.proxy_address)) if self.public_url is not None else None


def public_origin(url: str) -> str | None:
    """``scheme://host[:port]`` of ``url``, the way a browser names the page's origin; None if it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + ("" if port in (None, default) else f":{port}")
