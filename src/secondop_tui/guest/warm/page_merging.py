"""Letting the kernel keep one copy of the memory pages that sessions' apps hold alike (KSM), when asked.

An app forked from the warm helper copies about 16 MiB of the helper's pages while it draws its first screen:
CPython writes reference counts into every object it touches, and each write copies the page it falls on.
Many of those copies are alike from one app to the next. The kernel's samepage merging (KSM) finds pages with
the same bytes and keeps one of them, shared until one process writes to it again. A process opts in with
``prctl(PR_SET_MEMORY_MERGE)`` (Linux 6.4 and later) and what it forks inherits that; the kernel merges only
while the machine's administrator has KSM running (``/sys/kernel/mm/ksm/run`` holds 1), and its scanning costs
CPU in proportion to ``/sys/kernel/mm/ksm/pages_to_scan``.
"""

from __future__ import annotations

from pathlib import Path

from secondop_tui.guest.prctl import switch_on

PR_SET_MEMORY_MERGE = 67
KSM_RUN = Path("/sys/kernel/mm/ksm/run")


def allow_merging() -> str | None:
    """Opt this process, and every process it forks from now on, in to KSM; what stood in the way, or None
    ("Invalid argument": a kernel older than 6.4, or one built without KSM)."""
    return switch_on(PR_SET_MEMORY_MERGE)


def merging_state() -> str:
    """Whether the kernel merges pages now, as a clause for the server's log."""
    try:
        running = KSM_RUN.read_text(encoding="ascii").strip() == "1"
    except OSError:
        return "this kernel has no KSM: nothing will be merged"
    if running:
        return "KSM is running"
    return f"KSM is off ({KSM_RUN} is not 1): nothing will be merged until an administrator writes 1 there"
