"""The staff PIN: read from a file of the kiosk's own user that nobody else can read, compared in constant time."""

from __future__ import annotations

import hmac
import os
import pwd
import stat
from pathlib import Path

from secondop_tui.i18n import _
from secondop_tui.kiosk.options import KioskError

MIN_LENGTH = 4


def user_name(uid: int) -> str:
    """The login name for ``uid``, or the number itself when the system has no name for it."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


class PinFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> str:
        """The PIN, after checking that the file is ours and that nobody else can read or change it."""
        try:
            # O_NOFOLLOW: a symlink planted in place of the file must not redirect us.
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            raise KioskError(_("admin PIN file {path} does not exist").format(path=self.path)) from None
        except OSError as error:
            raise KioskError(
                _("cannot read admin PIN file {path}: {reason}").format(path=self.path, reason=error.strerror)
            ) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise KioskError(_("admin PIN file {path} is not a regular file").format(path=self.path))
            if info.st_uid != os.geteuid():
                # Whoever owns the file can change the PIN or give it away, whatever its mode.
                user = user_name(os.geteuid())
                raise KioskError(
                    _("admin PIN file {path} belongs to another user; run: chown {user} {path}").format(
                        path=self.path, user=user
                    )
                )
            if info.st_mode & 0o077:
                raise KioskError(
                    _("admin PIN file {path} can be read by others; run: chmod 600 {path}").format(path=self.path)
                )
            raw = os.read(fd, 4096)
        finally:
            os.close(fd)
        try:
            pin = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise KioskError(_("admin PIN file {path} is not text").format(path=self.path)) from None
        if len(pin) < MIN_LENGTH or "\n" in pin:
            raise KioskError(
                _("admin PIN file {path} should hold one PIN of at least {count} characters").format(
                    path=self.path, count=MIN_LENGTH
                )
            )
        return pin

    def check(self) -> None:
        """Fail at start-up, with a one-line reason, rather than when staff need the PIN."""
        self.read()

    def matches(self, attempt: str) -> bool:
        """Whether ``attempt`` is the PIN. The file is read again each time, so a new PIN works at once."""
        try:
            pin = self.read()
        except KioskError:
            return False
        # compare_digest takes as long for a near miss as for a wild guess.
        return hmac.compare_digest(attempt.strip().encode("utf-8"), pin.encode("utf-8"))
