"""The guide that ``secondop serve`` and ``secondop web`` give their guests: a checked copy of the guide folder,
taken at start and at each reload (SIGUSR1).

Apps read the guide when they start (or when their person switches language), and so does each new warm
helper, so a guide edited in place would reach new sessions half-made or broken. The server copies the folder's
section files into a private folder of its own, checks the copy as ``check-content`` would, and only then
offers it: at its start (a bad guide stops the start) and at a reload (a bad one is dropped, and the copy
before it is still served). A copy is deleted once it is not the current one and no session uses it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from secondop_tui.guest.folders import clear_stale_guests, private_folder
from secondop_tui.guide_check import GuideProblem, GuideReport, check_guide
from secondop_tui.i18n import _
from secondop_tui.translations import language_folders

GUIDE_FOLDER = "guide"  # in the data folder
PROBLEMS_LOGGED = 20  # of a guide that a reload refused: each on a line of its own, then how many more


def _copy_sections(source: Path, copy: Path) -> None:
    """The Markdown files of ``source`` and of each language folder in it, and nothing else."""
    for folder, target in [(source, copy), *((f, copy / f.name) for f in language_folders(source))]:
        target.mkdir(mode=0o700, exist_ok=True)
        for page in folder.glob("*.md"):
            if page.is_file():
                shutil.copyfile(page, target / page.name)


class GuideCopies:
    def __init__(self, data_dir: Path, source: Path) -> None:
        self.data_dir = data_dir
        self.source = source
        self.current: Path | None = None
        self._users: Counter[Path] = Counter()

    def clear_stale(self) -> None:
        """Delete the copies a server that was killed left behind."""
        clear_stale_guests(self.data_dir, GUIDE_FOLDER)

    def take(self) -> GuideReport:
        """Copy and check the guide; once it passes, new sessions get it. GuideProblem, with nothing changed, if
        it does not."""
        root = private_folder(self.data_dir, GUIDE_FOLDER)
        copy = Path(tempfile.mkdtemp(prefix="guide-", dir=root))
        try:
            if self.source.is_dir():
                _copy_sections(self.source, copy)
            report = check_guide(copy)
        except BaseException:
            shutil.rmtree(copy, ignore_errors=True)
            raise
        if not report.servable:
            shutil.rmtree(copy, ignore_errors=True)
            # In the words check-content would use, about the folder the admin edits.
            original = check_guide(self.source)
            if original.servable:
                raise GuideProblem(
                    original, _("the guide in {folder} changed while it was read: try again").format(folder=self.source)
                )
            raise GuideProblem(original)
        old, self.current = self.current, copy
        if old is not None:
            self._drop_if_unused(old)
        return report

    def take_and_say(self) -> str:
        """``take``, and what to log of the guide taken; GuideProblem as ``take``."""
        report = self.take()
        warnings = len(report.problems)
        due = f"; {warnings} review warnings (secondop check-content lists them)" if warnings else ""
        sections = len(report.guide.sections) if report.guide else 0
        return (
            f"the guide in {self.source} has no problems ({sections} sections; translations: "
            f"{', '.join(report.translated) or 'none'}){due}"
        )

    def reload(self, log: Callable[[str], None]) -> bool:
        """Take the guide again at a reload: whether new sessions get a new one. If it does not pass, the guide
        taken before is still served, and ``log`` says exactly why, as ``nginx -t`` would."""
        try:
            taken = self.take_and_say()
        except GuideProblem as refused:
            log(f"reload: {refused}; the guide read before is still served")
            errors = refused.report.errors
            for problem in errors[:PROBLEMS_LOGGED]:
                log(f"reload: {problem}")
            if len(errors) > PROBLEMS_LOGGED:
                log(f"reload: and {len(errors) - PROBLEMS_LOGGED} more (secondop check-content lists them)")
            return False
        except OSError as error:  # the copy could not be made: a full disk, say
            log(f"reload: the guide could not be copied ({error.strerror}); the guide read before is still served")
            return False
        log(f"reload: {taken}; new sessions get it")
        return True

    def enter(self) -> Path:
        """The copy a new session reads, counted until it ``leave``s."""
        assert self.current is not None
        self._users[self.current] += 1
        return self.current

    def leave(self, copy: Path) -> None:
        self._users[copy] -= 1
        self._drop_if_unused(copy)

    def _drop_if_unused(self, copy: Path) -> None:
        if copy != self.current and self._users[copy] <= 0:
            del self._users[copy]
            shutil.rmtree(copy, ignore_errors=True)

    def clear(self) -> None:
        """Delete every copy: the server is stopping, and no session is left."""
        self.current = None
        self._users.clear()
        self.clear_stale()
