"""Whether a guide folder is fit to show: the one check that ``check-content`` prints, and that ``serve`` (at its
start and at each reload) and ``web`` (at its start) pass before they offer a guide to anyone.

The English guide at the top of the folder and each translation in it (``es/``) are read as the app reads them,
their sources and review dates are checked, and each translation is compared with the English guide. Errors mean
the guide must not be served; a review date that is too old is only a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from secondop_tui.content import ContentError, Guide, Problem, parse_folder
from secondop_tui.i18n import _
from secondop_tui.provenance import DEFAULT_MAX_AGE_MONTHS, review_problems
from secondop_tui.translations import language_folders, language_problems


class GuideProblem(Exception):
    """A guide that must not be served, said in one line; ``report`` has every problem."""

    def __init__(self, report: GuideReport, message: str | None = None) -> None:
        super().__init__(message or report.refusal())
        self.report = report


@dataclass
class GuideReport:
    directory: Path
    guide: Guide | None  # the English guide, if its folder has any section at all
    problems: list[Problem] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)  # the languages whose folders parsed

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.warning]

    @property
    def servable(self) -> bool:
        return self.guide is not None and not self.errors

    def refusal(self) -> str:
        """Why the guide cannot be served, in one line: the first error, and how many more there are."""
        problem = ContentError(self.errors) if self.errors else _("no problems recorded")
        return _("the guide in {folder} has a problem: {problem}").format(folder=self.directory, problem=problem)


def check_guide(
    directory: Path, max_age_months: int = DEFAULT_MAX_AGE_MONTHS, today: date | None = None
) -> GuideReport:
    """Everything wrong with the guide in ``directory`` and its translations."""
    today = today or date.today()
    guide, problems = parse_folder(directory)
    report = GuideReport(directory, guide, problems)
    if guide is not None:
        report.problems += review_problems(guide.sections, today, max_age_months)
    for folder in language_folders(directory):
        other, found = parse_folder(folder)
        report.problems += found
        if other is not None:
            report.translated.append(folder.name)
            report.problems += review_problems(other.sections, today, max_age_months)
            if guide is not None:
                report.problems += language_problems(guide, other, directory)
    return report


def servable_guide(directory: Path) -> GuideReport:
    """The report on a guide a server may offer; GuideProblem, in one line, if it may not."""
    report = check_guide(directory)
    if not report.servable:
        raise GuideProblem(report)
    return report
