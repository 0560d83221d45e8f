"""The ``secondop`` command: the app, and its helpers for printing, reading and checking content."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from secondop_tui import __version__, collector
from secondop_tui.content import ContentError, Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore, StoreError
from secondop_tui.export import FORMATS, export_checklist
from secondop_tui.i18n import LANGUAGES, _, choose_language, content_dir_for, ngettext, set_language
from secondop_tui.kiosk.options import KioskError, KioskOptions, resolve_kiosk_options
from secondop_tui.provenance import DEFAULT_MAX_AGE_MONTHS
from secondop_tui.settings import Settings
from secondop_tui.tracker.clock import clock_from


class UsageError(Exception):
    """A problem with what was asked for, reported in one line with exit status 2."""


def _content_option() -> argparse.ArgumentParser:
    content = argparse.ArgumentParser(add_help=False)
    # SUPPRESS lets the option be given before or after the subcommand without one hiding the other.
    content.add_argument(
        "--content",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=_("guide folder to use instead of the one that ships with secondop"),
    )
    return content


def _common_options(content: argparse.ArgumentParser) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False, parents=[content])
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help=_("progress file (default: $SECONDOP_DB or your user data folder)"),
    )
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language: en (English) or es (Spanish); default: your locale (LANG)"),
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    content = _content_option()
    common = _common_options(content)
    parser = argparse.ArgumentParser(
        prog="secondop",
        description=_("A guide and checklist for getting a second opinion in cancer care."),
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"secondop {__version__}")
    parser.add_argument(
        "--no-mouse", action="store_true", help=_("ignore the mouse (keeps slow links quiet; every action has a key)")
    )
    parser.add_argument(
        "--print-command",
        metavar="CMD",
        help=_(
            "command that prints text from its input, e.g. lp: offered when taking the checklist "
            "away (also SECONDOP_PRINT_COMMAND or print_command in a --config file)"
        ),
    )
    kiosk = parser.add_argument_group(
        _("kiosk mode"),
        _(
            "for a shared terminal; also set by SECONDOP_KIOSK=1, SECONDOP_IDLE_RESET, "
            "SECONDOP_ADMIN_PIN_FILE, SECONDOP_PRINT_COMMAND or a TOML --config file "
            "(options win over both)"
        ),
    )
    kiosk.add_argument(
        "--kiosk",
        action="store_true",
        default=None,
        help=_("run as a kiosk: no way out, and each visit is forgotten when it ends"),
    )
    kiosk.add_argument(
        "--idle-reset",
        type=float,
        metavar="SECONDS",
        help=_("clear the visit after this long without a key, after a 30 s warning (default: 180)"),
    )
    kiosk.add_argument(
        "--admin-pin-file",
        type=Path,
        metavar="FILE",
        help=_("file (mode 600) holding the staff PIN; F12 then the PIN opens the staff menu"),
    )
    kiosk.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=_("TOML file with kiosk, idle_reset, countdown, admin_pin_file, print_command"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", parents=[common], help=_("print your checklist"))
    export.add_argument("--format", choices=FORMATS, default="txt", help=_("md or txt (default: txt)"))
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help=_("write to FILE instead of the screen (- is the screen); never the progress file"),
    )
    export.add_argument(
        "--force", action="store_true", help=_("write over FILE if it exists (in place: it keeps its owner and mode)")
    )
    which = export.add_mutually_exclusive_group()
    which.add_argument(
        "--card", action="store_true", help=_("print your question card for the visit (press v in the app) instead")
    )
    which.add_argument(
        "--visit",
        action="store_true",
        help=_("print what each doctor said, where they differ, and your worksheet instead"),
    )

    read = commands.add_parser("read", parents=[common], help=_("print the guide as plain text"))
    read.add_argument("section", nargs="?", help=_("id or title of one section (default: all)"))
    read.add_argument("--all", action="store_true", help=_("print every section"))

    check = commands.add_parser(
        "check-content",
        help=_("check a guide folder for problems"),
        description=_("Exit status: 0 no problems, 1 problems to fix, 3 only warnings (a review date too old)."),
    )
    check.add_argument("directory", nargs="?", type=Path, help=_("folder to check (default: the shipped guide)"))
    check.add_argument(
        "--max-age",
        type=int,
        default=DEFAULT_MAX_AGE_MONTHS,
        metavar="MONTHS",
        help=_("warn when a section was last reviewed longer ago than this (default: {months})").format(
            months=DEFAULT_MAX_AGE_MONTHS
        ),
    )
    check.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of the messages: en or es (default: your locale)"),
    )

    # The servers keep no progress file of the command line's (--db) and have a --lang of their own.
    serve = commands.add_parser(
        "serve", parents=[content], help=_("offer the guide over SSH, one checklist per person")
    )
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default: 127.0.0.1)"))
    serve.add_argument("--port", type=int, default=2222, help=_("port to listen on (default: 2222)"))
    serve.add_argument(
        "--host-key",
        type=Path,
        metavar="PATH",
        help=_("the server's key, made on first start (default: host_key in the data folder)"),
    )
    serve.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=_("where each person's progress is kept (default: your user data folder)"),
    )
    serve.add_argument("--max-sessions", type=int, default=20, metavar="N", help=_("most people at once (default: 20)"))
    serve.add_argument(
        "--max-per-user",
        type=int,
        default=2,
        metavar="N",
        help=_("most sessions at once for one user with a key (default: 2)"),
    )
    serve.add_argument(
        "--max-guests-per-address",
        type=int,
        default=4,
        metavar="N",
        help=_("most guest sessions at once from one address (default: 4)"),
    )
    serve.add_argument(
        "--idle-timeout",
        type=float,
        default=1800,
        metavar="SECONDS",
        help=_("close a session after this long without a key press; 0 for never (default: 1800)"),
    )
    serve.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="FILE",
        help=_("public keys allowed in, one per line, each ending with its user's name"),
    )
    serve.add_argument(
        "--guest",
        action="store_true",
        help=_("let anyone in without a password, with a checklist deleted when they leave"),
    )
    serve.add_argument(
        "--no-guest-for-key-users",
        action="store_true",
        help=_(
            "with --guest: refuse a user name listed in --authorized-keys whose key is refused, "
            "rather than let it in as a guest"
        ),
    )
    # SUPPRESS: given before "serve" (as an option of the app) it must not be reset here.
    serve.add_argument(
        "--print-command",
        metavar="CMD",
        default=argparse.SUPPRESS,
        help=_("command that prints text from its input, offered to each person (e.g. lp -d desk)"),
    )
    serve.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        dest="serve_lang",
        help=_("language for people whose locale names none we have: en or es (default: en)"),
    )
    serve.add_argument(
        "--cold-start",
        action="store_true",
        help=_("start each session's app as a new process, not from the warm helper (slower, more memory)"),
    )
    serve.add_argument(
        "--merge-pages",
        action="store_true",
        help=_(
            "let the kernel keep one copy of the memory pages that sessions hold alike (needs "
            "KSM switched on; see the README)"
        ),
    )

    web = commands.add_parser(
        "web",
        parents=[content],
        help=_("offer the guide in a web browser, as a guest in each tab (needs the web extra; see the README)"),
    )
    web.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("address to listen on (default: 127.0.0.1, for a reverse proxy with TLS in front)"),
    )
    web.add_argument("--port", type=int, default=8080, help=_("port to listen on (default: 8080)"))
    web.add_argument(
        "--public-url",
        metavar="URL",
        help=_(
            "the address people open, e.g. https://clinic.example/guide/ (logged, and the only "
            "other site whose pages may start the guide)"
        ),
    )
    web.add_argument("--max-sessions", type=int, default=20, metavar="N", help=_("most tabs at once (default: 20)"))
    web.add_argument(
        "--max-guests-per-address",
        type=int,
        default=4,
        metavar="N",
        help=_("most tabs at once from one address (default: 4)"),
    )
    web.add_argument(
        "--idle-timeout",
        type=float,
        default=1800,
        metavar="SECONDS",
        help=_("close a tab after this long without a key or a tap; 0 for never (default: 1800)"),
    )
    web.add_argument(
        "--header-timeout",
        type=float,
        default=10,
        metavar="SECONDS",
        help=_("close a connection that takes longer than this to send its request (default: 10)"),
    )
    web.add_argument(
        "--proxy-address",
        default="127.0.0.1",
        metavar="ADDRESS",
        help=_(
            "with --public-url: the reverse proxy's address, whose X-Forwarded-For header names "
            "each visitor (default: 127.0.0.1)"
        ),
    )
    web.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=_("where each tab's throwaway checklist lives (default: your user data folder)"),
    )
    web.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        dest="web_lang",
        help=_("language for browsers that ask for none we have: en or es (default: en)"),
    )
    web.add_argument(
        "--cold-start",
        action="store_true",
        help=_("start each tab's app as a new process, not from the warm helper (slower, more memory)"),
    )
    return parser


def _guide(settings: Settings) -> Guide:
    directory = content_dir_for(settings.content_dir, settings.language)
    try:
        return load_guide(directory)
    except ContentError as error:
        raise UsageError(
            _("the guide in {folder} has a problem: {problem}").format(folder=directory, problem=error)
        ) from None


def _settings(args: argparse.Namespace) -> Settings:
    language = getattr(args, "lang", None)
    settings = Settings.from_environment(
        content_dir=getattr(args, "content", None),
        db_path=getattr(args, "db", None),
        language=language,
    )
    return replace(settings, mouse=not getattr(args, "no_mouse", False))


def _open_store(settings: Settings, read_only: bool = False, open_later: bool = False) -> ProgressStore:
    try:
        return ProgressStore(settings.db_path, read_only=read_only, open_later=open_later)
    except StoreError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(
            _("cannot use progress file {path}: {reason}").format(path=settings.db_path, reason=error.strerror)
        ) from None


def _kiosk_options(args: argparse.Namespace) -> KioskOptions:
    try:
        return resolve_kiosk_options(vars(args), os.environ)
    except KioskError as error:
        raise UsageError(str(error)) from None


def run_kiosk_app(args: argparse.Namespace, options: KioskOptions) -> int:
    # Kiosk visits live in memory only, so no progress file is opened.
    settings = replace(_settings(args), db_path=None)
    guide = _guide(settings)
    from secondop_tui.kiosk.launch import run_kiosk

    try:
        return run_kiosk(settings, guide, options)
    except KioskError as error:
        raise UsageError(str(error)) from None


def run_app(args: argparse.Namespace) -> int:
    kiosk = _kiosk_options(args)
    if kiosk.enabled:
        return run_kiosk_app(args, kiosk)
    collector.hold()  # until the first frame is up
    settings = replace(_settings(args), print_command=kiosk.print_command)
    guide = _guide(settings)
    store = _open_store(settings, open_later=True)  # read once now; opened for writing after the first frame
    # Textual is imported only when the app really starts, so the printing commands stay quick.
    from secondop_tui.app import SecondOpinionApp

    try:
        app = SecondOpinionApp(settings, guide, store)
        app.run(mouse=settings.mouse)
    finally:
        store.close()
    return 0


def card_of(store: ProgressStore, guide: Guide, fmt: str) -> str:
    """The visit's question card, as Take it with you gives it."""
    from secondop_tui.data.visit_store import VisitStore
    from secondop_tui.visit.bank import bank
    from secondop_tui.visit.card import card_text

    return card_text(VisitStore(store).questions(bank(guide)), fmt)


def notes_of(store: ProgressStore, fmt: str) -> str:
    """What each doctor said and the worksheet, as Take it with you gives them."""
    from secondop_tui.data.visit_store import VisitStore
    from secondop_tui.visit.notes import notes_text

    visit = VisitStore(store)
    return notes_text(visit.opinions(), visit.worksheet(), fmt)


def run_export(args: argparse.Namespace) -> int:
    from secondop_tui.data.output import OutputRefused, write_output

    settings = _settings(args)
    store = _open_store(settings, read_only=True)  # printing creates, moves and locks nothing
    kept = None if settings.language_given else store.language()
    if kept in LANGUAGES and kept != settings.language:
        # The language the person last chose in the app, as the app itself would open in.
        settings = replace(settings, language=kept)
        set_language(kept)
    guide = _guide(settings)
    if store.notice:
        print(store.notice, file=sys.stderr)
    if args.card:
        text = card_of(store, guide, args.format)
    elif args.visit:
        text = notes_of(store, args.format)
    else:
        from secondop_tui.tracker.board import Tracked

        with store.action():
            entries = store.checklist(guide)
            tracked = Tracked(store.tracker.requests(), store.tracker.events())
        text = export_checklist(guide, entries, args.format, clock_from()(), tracked)
    if args.output and str(args.output) != "-":
        assert settings.db_path is not None  # only a kiosk keeps progress in memory
        try:
            write_output(args.output, text.encode("utf-8"), force=args.force, progress=settings.db_path)
        except OutputRefused as error:
            raise UsageError(str(error)) from None
        except OSError as error:
            raise UsageError(
                _("cannot write {path}: {reason}").format(path=args.output, reason=error.strerror)
            ) from None
        done = (
            _("Question card written to {path}")
            if args.card
            else _("Visit notes written to {path}")
            if args.visit
            else _("Checklist written to {path}")
        )
        print(done.format(path=args.output), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


LONGEST_NAME_SHOWN = 60  # characters of an unknown section's name repeated back


def run_read(args: argparse.Namespace) -> int:
    from secondop_tui.plaintext import guide_text

    guide = _guide(_settings(args))
    if args.section and not args.all:
        wanted = args.section.lower()
        matches = [s for s in guide.sections if wanted in (s.id, s.title.lower(), s.path.name.lower())]
        if not matches:
            names = ", ".join(section.id for section in guide.sections)
            name = (
                args.section if len(args.section) <= LONGEST_NAME_SHOWN else args.section[:LONGEST_NAME_SHOWN] + "..."
            )
            raise UsageError(_("no section called {name!r}; sections are: {names}").format(name=name, names=names))
        sys.stdout.write(guide_text(guide, matches))
    else:
        sys.stdout.write(guide_text(guide))
    return 0


# check-content's exit status when the only findings are warnings: the guide works, but is due a review.
WARNINGS_ONLY = 3


def run_check(args: argparse.Namespace) -> int:
    from secondop_tui.guide_check import check_guide

    if args.max_age < 1:
        raise UsageError(_("--max-age must be 1 month or more"))
    directory = args.directory or default_content_dir()
    report = check_guide(directory, args.max_age)
    guide, problems, translated = report.guide, report.problems, report.translated
    for problem in problems:
        print(problem)
    if guide is None or not report.servable:
        return 1
    sections, items = len(guide.sections), len(guide.items)
    counts = ngettext("{folder}: {count} section", "{folder}: {count} sections", sections).format(
        folder=directory, count=sections
    ) + ngettext(", {count} checklist item", ", {count} checklist items", items).format(count=items)
    also = " " + _("Same sections and items in: {codes}.").format(codes=", ".join(translated)) if translated else ""
    if problems:
        warnings = ngettext(", {count} warning", ", {count} warnings", len(problems)).format(count=len(problems))
        print(counts + warnings + "." + also)
        return WARNINGS_ONLY
    print(counts + _(", no problems") + "." + also)
    return 0


def _cannot_serve(args: argparse.Namespace, error: OSError) -> UsageError:
    # asyncio's own words repeat the address; the system's are enough ("Address already in use").
    reason = os.strerror(error.errno) if error.errno else error.strerror or str(error)
    return UsageError(
        _("cannot serve on {host}:{port}: {reason}").format(host=args.host, port=args.port, reason=reason)
    )


def _missing_extra(error: ModuleNotFoundError, extra: str, packages: tuple[str, ...]) -> UsageError:
    """What to say when a server's extra is not installed; ``error`` again if it is about another package."""
    if (error.name or "").partition(".")[0] not in packages:
        raise error
    # The package is not on any index: the extra comes from where secondop itself was installed from.
    if extra == "serve":
        message = _(
            "secondop serve needs the serve extra: install secondop again with it, from its source folder "
            "(pip install '.[serve]') or its wheel (pip install 'secondop_tui-{version}-py3-none-any.whl"
            "[serve]')"
        )
    else:
        message = _(
            "secondop web needs the web extra: install secondop again with it, from its source folder "
            "(pip install '.[web]') or its wheel (pip install 'secondop_tui-{version}-py3-none-any.whl[web]')"
        )
    return UsageError(message.format(version=__version__))


def run_serve(args: argparse.Namespace) -> int:
    from secondop_tui.data.locations import default_serve_dir
    from secondop_tui.guest.folders import UnsafeFolder
    from secondop_tui.guide_check import GuideProblem

    try:  # asyncssh, from the serve extra, is imported only for the server
        from secondop_tui.serve.ssh.hostkey import HostKeyError
        from secondop_tui.serve.ssh.server import ServeOptions, run
    except ModuleNotFoundError as error:
        raise _missing_extra(error, "serve", ("asyncssh", "cryptography")) from None

    if args.authorized_keys is None and not args.guest:
        raise UsageError(_("serve needs --authorized-keys FILE, --guest, or both"))
    if args.authorized_keys is not None and not args.authorized_keys.is_file():
        raise UsageError(_("no such file: {path}").format(path=args.authorized_keys))
    for option, value in (
        ("--max-sessions", args.max_sessions),
        ("--max-per-user", args.max_per_user),
        ("--max-guests-per-address", args.max_guests_per_address),
    ):
        if value < 1:
            raise UsageError(_("{option} must be 1 or more").format(option=option))
    if args.idle_timeout < 0:
        raise UsageError(_("--idle-timeout must be 0 or more"))
    if not 0 <= args.port <= 65535:
        raise UsageError(_("--port must be 0 to 65535"))
    data_dir = args.data_dir or default_serve_dir()
    options = ServeOptions(
        host=args.host,
        port=args.port,
        data_dir=data_dir,
        host_key=args.host_key or data_dir / "host_key",
        max_sessions=args.max_sessions,
        max_per_user=args.max_per_user,
        max_guests_per_address=args.max_guests_per_address,
        idle_timeout=args.idle_timeout,
        authorized_keys=args.authorized_keys,
        guest=args.guest,
        content_dir=getattr(args, "content", None),
        print_command=_kiosk_options(args).print_command,
        warm_start=not args.cold_start,
        merge_pages=args.merge_pages,
        guests_for_key_users=not args.no_guest_for_key_users,
        language=getattr(args, "serve_lang", None) or getattr(args, "lang", None) or "en",
    )
    try:
        return run(options)
    except (HostKeyError, UnsafeFolder, GuideProblem) as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise _cannot_serve(args, error) from None


def run_web(args: argparse.Namespace) -> int:
    from secondop_tui.data.locations import default_web_dir
    from secondop_tui.guest.folders import UnsafeFolder
    from secondop_tui.guide_check import GuideProblem
    from secondop_tui.web import WebOptionError, WebOptions, run

    options = WebOptions(
        host=args.host,
        port=args.port,
        data_dir=args.data_dir or default_web_dir(),
        public_url=args.public_url,
        max_sessions=args.max_sessions,
        max_guests_per_address=args.max_guests_per_address,
        idle_timeout=args.idle_timeout,
        header_timeout=args.header_timeout,
        proxy_address=args.proxy_address,
        content_dir=getattr(args, "content", None),
        language=getattr(args, "web_lang", None) or "en",
        warm_start=not args.cold_start,
    )
    try:
        options.check()
        return run(options)  # a bad guide is refused as the server starts, as serve's
    except ModuleNotFoundError as error:
        raise _missing_extra(error, "web", ("textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2")) from None
    except (WebOptionError, UnsafeFolder, GuideProblem) as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise _cannot_serve(args, error) from None


HANDLERS = {
    None: run_app,
    "export": run_export,
    "read": run_read,
    "check-content": run_check,
    "serve": run_serve,
    "web": run_web,
}


def _asked_language(argv: Sequence[str]) -> str | None:
    """``--lang``'s value, read before the parser is built so that its help is in that language too."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.partition("=")[2]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    set_language(choose_language(_asked_language(words), os.environ))
    args = build_parser().parse_args(words)
    handler = HANDLERS[args.command]
    if handler is not run_app:
        collector.release()
    try:
        return handler(args)
    except (UsageError, StoreError) as error:
        # StoreError here: the progress file failed after it was opened (disk full, file replaced).
        print(f"secondop: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # "secondop read | head" closes the pipe early; that is not an error.
        sys.stderr.close()
        return 0
