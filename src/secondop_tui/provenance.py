"""Where each section's facts come from and when they were last checked.

Each section's front matter names its sources and the date an editor last checked them (``reviewed:``).
Readers see both at the end of the section; ``secondop check-content`` holds editors to them. A guide
with no sources still opens: these are an editor's checks, not the app's.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

from secondop_tui.content import Problem, Section
from secondop_tui.export import long_date
from secondop_tui.i18n import _

DEFAULT_MAX_AGE_MONTHS = 12
DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A web address as people write it: with or without https://, a dotted host, then an optional path.
WEB_ADDRESS = re.compile(r"^(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:[/?#]\S*)?$")
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


def review_problems(
    sections: Iterable[Section], today: date, max_age_months: int = DEFAULT_MAX_AGE_MONTHS
) -> list[Problem]:
    """What an editor must fix (no sources, a source without an address, a bad date) or recheck (an old date)."""
    oldest = months_before(today, max_age_months)
    problems: list[Problem] = []
    for section in sections:
        path, where = section.path, section.field_lines
        if not section.sources:
            problems.append(Problem(path, where.get("sources", 1), _("no sources: list them under 'sources:'")))
        for source in section.sources:
            if not source.title:
                problems.append(Problem(path, source.line, _("a source has no title")))
            if not source.address:
                problems.append(Problem(path, source.line,
                    _("source {title!r} has no address").format(title=source.title)))
            elif not WEB_ADDRESS.match(source.address):
                problems.append(Problem(path, source.line, _("source address {address!r} is not a web address").format(
                    address=source.address)))
        checked = reviewed_on(section)
        if not section.reviewed:
            problems.append(Problem(path, 1,
                _("no 'reviewed:' date (the day the facts were last checked, YYYY-MM-DD)")))
        elif checked is None:
            problems.append(Problem(path, where["reviewed"], _("reviewed {date!r} is not a date (YYYY-MM-DD)").format(
                date=section.reviewed)))
        elif checked < oldest:
            problems.append(Problem(
                path, where["reviewed"],
                _("reviewed {date} is more than {months} months ago: check the sources again").format(
                    date=checked.isoformat(), months=max_age_months),
                warning=True,
            ))
    return problems
