"""The ``secondop`` command: the app, and its helpers for printing, reading and checking content."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from collections.abc import Sequence
from pathlib import Path

from secondop_tui import __version__
from secondop_tui.content import ContentError, Guide, check_content, load_guide
from secondop_tui.export import FORMATS, export_checklist
from secondop_tui.paths import default_content_dir
from secondop_tui.plaintext import guide_text
from secondop_tui.settings import Settings
from secondop_tui.store import ProgressStore, StoreError
from secondop_tui.storage import write_atomic


class UsageError(Exception):
    """A problem with what was asked for, reported in one line with exit status 2."""


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS lets the option be given before or after the subcommand without one hiding the other.
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="PATH",
                        help="progress file (default: $SECONDOP_DB or your user data folder)")
    common.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                        help="guide folder to use instead of the one that ships with secondop")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="secondop",
        description="A guide and checklist for getting a second opinion in cancer care.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"secondop {__version__}")
    parser.add_argument("--no-mouse", action="store_true",
                        help="ignore the mouse (keeps slow links quiet; every action has a key)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", parents=[common], help="print your checklist")
    export.add_argument("--format", choices=FORMATS, default="txt", help="md or txt (default: txt)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of the screen")

    read = commands.add_parser("read", parents=[common], help="print the guide as plain text")
    read.add_argument("section", nargs="?", help="id or title of one section (default: all)")
    read.add_argument("--all", action="store_true", help="print every section")

    check = commands.add_parser("check-content", help="check a guide folder for problems")
    check.add_argument("directory", nargs="?", type=Path, help="folder to check (default: the shipped guide)")
    return parser


def _guide(args: argparse.Namespace) -> Guide:
    directory = getattr(args, "content", None) or default_content_dir()
    try:
        return load_guide(directory)
    except ContentError as error:
        raise UsageError(f"the guide in {directory} has a problem: {error}") from None


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_environment(
        content_dir=getattr(args, "content", None), db_path=getattr(args, "db", None)
    )
    return replace(settings, mouse=not getattr(args, "no_mouse", False))


def _open_store(settings: Settings) -> ProgressStore:
    try:
        return ProgressStore(settings.db_path)
    except StoreError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot use progress file {settings.db_path}: {error.strerror}") from None


def run_app(args: argparse.Namespace) -> int:
    settings = _settings(args)
    guide = _guide(args)
    store = _open_store(settings)
    # Textual is imported only when the app really starts, so the printing commands stay quick.
    from secondop_tui.app import SecondOpinionApp

    try:
        SecondOpinionApp(settings, guide, store).run(mouse=settings.mouse)
    finally:
        store.close()
    return 0


def run_export(args: argparse.Namespace) -> int:
    guide = _guide(args)
    store = _open_store(_settings(args))
    if store.notice:
        print(store.notice, file=sys.stderr)
    text = export_checklist(guide, store.checklist(guide), args.format)
    if args.output:
        try:
            write_atomic(args.output, text.encode("utf-8"))
        except OSError as error:
            raise UsageError(f"cannot write {args.output}: {error.strerror}") from None
        print(f"Checklist written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_read(args: argparse.Namespace) -> int:
    guide = _guide(args)
    if args.section and not args.all:
        wanted = args.section.lower()
        matches = [s for s in guide.sections if wanted in (s.id, s.title.lower(), s.path.name.lower())]
        if not matches:
            names = ", ".join(section.id for section in guide.sections)
            raise UsageError(f"no section called {args.section!r}; sections are: {names}")
        sys.stdout.write(guide_text(guide, matches))
    else:
        sys.stdout.write(guide_text(guide))
    return 0


def run_check(args: argparse.Namespace) -> int:
    directory = args.directory or default_content_dir()
    guide, problems = check_content(directory)
    for problem in problems:
        print(problem)
    if guide is None:
        return 1
    items = sum(len(section.items) for section in guide.sections)
    print(f"{directory}: {len(guide.sections)} sections, {items} checklist items, no problems")
    return 0


HANDLERS = {None: run_app, "export": run_export, "read": run_read, "check-content": run_check}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except UsageError as error:
        print(f"secondop: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # "secondop read | head" closes the pipe early; that is not an error.
        sys.stderr.close()
        return 0
