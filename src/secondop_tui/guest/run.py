"""Run one guest's app from its spec: the one way both servers start an app, cold or forked from the warm helper.

Not the user's ``secondop`` command: a server's choices (the progress file, the language it chose from the
client, the venue) arrive here as a checked spec, never as options a person could also type.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from secondop_tui import collector
from secondop_tui.content import ContentError, Guide, load_guide
from secondop_tui.data.store import ProgressStore, StoreError
from secondop_tui.guest.spec import GuestSpec
from secondop_tui.i18n import _, content_dir_for, set_language
from secondop_tui.settings import Settings

FAILED = 2  # the exit status of a guest app that could not start, as ``secondop``'s for a usage error


def guest_settings(spec: GuestSpec) -> Settings:
    """The app's settings: the server's choices, and the client's terminal as the environment describes it."""
    settings = Settings.from_environment(content_dir=spec.content_dir, db_path=spec.db_path)
    # The server chose the language from the client's locale (or the browser's): the server's own must not win.
    return replace(
        settings,
        language=spec.language,
        language_given=spec.venue == "web",
        mouse=spec.venue == "web",
        print_command=spec.print_command,
    )


def run_guest(spec: GuestSpec, guide: Guide | None = None) -> int:
    """Run the app until the guest leaves; its exit status. ``guide``: one already loaded (the warm helper's),
    used if it is the one this guest's language reads."""
    set_language(spec.language)
    settings = guest_settings(spec)
    try:
        return _run(spec, settings, guide)
    except StoreError as error:  # the progress file failed after it was opened (disk full, file replaced)
        print(f"secondop: {error}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        return 130


def _run(spec: GuestSpec, settings: Settings, guide: Guide | None) -> int:
    collector.hold()  # until the first frame is up
    directory = content_dir_for(settings.content_dir, settings.language)
    if guide is None or guide.directory != directory:
        try:
            guide = load_guide(directory)
        except ContentError as error:
            print(
                "secondop: "
                + _("the guide in {folder} has a problem: {problem}").format(folder=directory, problem=error),
                file=sys.stderr,
            )
            return FAILED
    try:
        store = ProgressStore(spec.db_path, open_later=True)  # read once now; opened for writing after the first frame
    except StoreError as error:
        print(f"secondop: {error}", file=sys.stderr)
        return FAILED
    except OSError as error:
        print(
            "secondop: "
            + _("cannot use progress file {path}: {reason}").format(path=spec.db_path, reason=error.strerror),
            file=sys.stderr,
        )
        return FAILED
    if spec.process_name:
        from secondop_tui.guest.process_name import name_process

        name_process(spec.process_name, "web" if spec.venue == "web" else "serve")
    from secondop_tui.app import GuardedApp, SecondOpinionApp  # Textual, once the app really starts
    from secondop_tui.guest.apps import ServedGuestApp, WebGuestApp

    app_class: type[SecondOpinionApp] = GuardedApp
    if spec.venue == "web":
        app_class = WebGuestApp
    elif spec.guest:
        app_class = ServedGuestApp
    try:
        if app_class is WebGuestApp:
            app: SecondOpinionApp = WebGuestApp(settings, guide, store, idle_timeout=spec.idle_timeout)
        else:
            app = app_class(settings, guide, store)
        app.run(mouse=settings.mouse)
    finally:
        store.close()
    return 0
