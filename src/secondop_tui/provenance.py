"""Where each section's facts come from and when they were last checked.

Each section's front matter names its sources and the date an editor last checked them (``reviewed:``).
Readers see both at the end of the section; ``secondop check-content`` holds editors to them. A guide
with no sources still opens: these are an editor's checks, not the app's.

A source is the publisher's own page that states the facts: a whole https address, not a site's home page, on a
host from the guide's list of trusted publishers (``trusted-sources.txt`` in the content folder, which an
organisation may replace with its own). A translation's folder uses the list above it unless it has its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from secondop_tui.content import Problem, Section, Source
from secondop_tui.data.locations import default_content_dir
from secondop_tui.export import long_date
from secondop_tui.i18n import _
from secondop_tui.translations import LANGUAGE_FOLDER

DEFAULT_MAX_AGE_MONTHS = 12
DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A web address as people write it: with or without https://, a dotted host, then an optional path.
WEB_ADDRESS = re.compile(r"^(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:[/?#]\S*)?$")
TRUSTED_FILE = "trusted-sources.txt"
HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
# A site's front page, or its front page in one language ("/es", "/espanol"): it states no fact in particular.
HOME_PATH = re.compile(r"^/?(?:(?:[a-z]{2,3}|espanol|spanish|english)/?)?(?:index\.html?)?$", re.IGNORECASE)
# Characters that Markdown could read as markup inside a title or an address.
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>()#+!|&~])")


def reviewed_on(section: Section) -> date | None:
    """The section's review date, or None when it is missing or not a real YYYY-MM-DD date."""
    text = section.reviewed
    if not DATE_FORM.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def months_before(day: date, months: int) -> date:
    """``day`` moved back by whole months; the 31st becomes the last day of a shorter month."""
    import calendar  # only for an editor's check, never for a reader's start

    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last_day))


def _escape(text: str) -> str:
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def sources_markdown(section: Section) -> str:
    """The "Sources" block shown at the end of a section: the review date, then each source's address.

    Addresses are plain text, never links: over SSH or at a kiosk there is no browser to open them.
    """
    checked = reviewed_on(section)
    if not section.sources and checked is None:
        return ""
    heading = _("Sources")
    lines = [f"## {heading}", ""]
    if checked is not None:
        lines += [_("Last checked: {date}.").format(date=long_date(checked)), ""]
    for source in section.sources:
        title, address = _escape(source.title), _escape(source.address)
        lines.append(f"- {title}: {address}" if title and address else f"- {title or address}")
    return "\n".join(lines).rstrip() + "\n"


def trusted_hosts(listing: Path) -> tuple[frozenset[str], list[Problem]]:
    """The hosts in a list of trusted publishers, and a problem for each line that is not one.

    One host a line; ``#`` starts a comment. A host stands for its subdomains too (cancer.gov for www.cancer.gov).
    """
    try:
        text = listing.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.reason if isinstance(error, UnicodeDecodeError) else error.strerror
        return frozenset(), [
            Problem(listing, 1, _("cannot read the list of trusted publishers ({reason})").format(reason=reason))
        ]
    hosts: set[str] = set()
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        host = raw.split("#", 1)[0].strip().lower()
        if not host:
            continue
        if HOST.match(host):
            hosts.add(host)
        else:
            problems.append(
                Problem(
                    listing,
                    number,
                    _("{line!r} is not a host name (one publisher a line, such as cancer.gov)").format(line=host),
                )
            )
    return frozenset(hosts), problems


def trusted_list(folder: Path) -> Path | None:
    """The list of trusted publishers that holds for the sections in ``folder``.

    The folder's own; for a translation (``es/``) without one, the list of the guide above it; else the list
    that ships with secondop. None when there is none at all (an install with its guide removed).
    """
    above = folder.parent if LANGUAGE_FOLDER.match(folder.name) else None
    for place in (folder, above, default_content_dir()):
        if place is not None and (place / TRUSTED_FILE).is_file():
            return place / TRUSTED_FILE
    return None


def _is_trusted(host: str, hosts: frozenset[str]) -> bool:
    return any(host == trusted or host.endswith("." + trusted) for trusted in hosts)


def _address_problems(path: Path, source: Source, listing: Path | None, hosts: frozenset[str]) -> list[Problem]:
    """Why an address is not the publisher's own page, whole and over https: one problem for each reason."""
    address = source.address
    parts = urlsplit(address if "://" in address else f"//{address}")
    problems: list[Problem] = []
    if not parts.scheme:
        problems.append(
            Problem(
                path,
                source.line,
                _("source address {address!r} is not written in full: start it with https://").format(address=address),
            )
        )
    elif parts.scheme.lower() != "https":
        problems.append(
            Problem(
                path,
                source.line,
                _("source address {address!r} uses plain http: give its https:// address").format(address=address),
            )
        )
    if HOME_PATH.match(parts.path) and not parts.query:
        problems.append(
            Problem(
                path,
                source.line,
                _("source address {address!r} is a site's home page: give the page that states the facts").format(
                    address=address
                ),
            )
        )
    host = (parts.hostname or "").lower()
    if listing is not None and not _is_trusted(host, hosts):
        problems.append(
            Problem(
                path,
                source.line,
                _(
                    "source address {address!r} is not from a trusted publisher ({host} is not on the list in {file}): "
                    "cite the publisher's own page, or add the publisher to that list"
                ).format(address=address, host=host, file=listing),
            )
        )
    return problems


def review_problems(
    sections: Iterable[Section], today: date, max_age_months: int = DEFAULT_MAX_AGE_MONTHS
) -> list[Problem]:
    """What an editor must fix (no sources, a source without an address, a bad date) or recheck (an old date)."""
    oldest = months_before(today, max_age_months)
    problems: list[Problem] = []
    lists: dict[Path, tuple[Path | None, frozenset[str]]] = {}
    for section in sections:
        path, where = section.path, section.field_lines
        folder = path.parent
        if folder not in lists:
            listing = trusted_list(folder)
            hosts, found = trusted_hosts(listing) if listing is not None else (frozenset(), [])
            if listing is not None and listing.parent == folder:  # a list above is reported with its own folder
                problems += found
            lists[folder] = (listing, hosts)
        if not section.sources:
            problems.append(Problem(path, where.get("sources", 1), _("no sources: list them under 'sources:'")))
        for source in section.sources:
            if not source.title:
                problems.append(Problem(path, source.line, _("a source has no title")))
            if not source.address:
                problems.append(
                    Problem(path, source.line, _("source {title!r} has no address").format(title=source.title))
                )
            elif not WEB_ADDRESS.match(source.address):
                problems.append(
                    Problem(
                        path,
                        source.line,
                        _("source address {address!r} is not a web address").format(address=source.address),
                    )
                )
            else:
                problems += _address_problems(path, source, *lists[folder])
        checked = reviewed_on(section)
        if not section.reviewed:
            problems.append(
                Problem(path, 1, _("no 'reviewed:' date (the day the facts were last checked, YYYY-MM-DD)"))
            )
        elif checked is None:
            problems.append(
                Problem(
                    path,
                    where["reviewed"],
                    _("reviewed {date!r} is not a date (YYYY-MM-DD)").format(date=section.reviewed),
                )
            )
        elif checked < oldest:
            problems.append(
                Problem(
                    path,
                    where["reviewed"],
                    _("reviewed {date} is more than {months} months ago: check the sources again").format(
                        date=checked.isoformat(), months=max_age_months
                    ),
                    warning=True,
                )
            )
    return problems
