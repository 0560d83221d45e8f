"""The server's own ed25519 key: made on first start, kept private, reused afterwards."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import asyncssh

from secondop_tui.data.files import ensure_private_dir, write_atomic
from secondop_tui.i18n import _


class HostKeyError(Exception):
    """The host key file exists but cannot be used."""


def load_or_create_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The key at ``path`` and whether it was just made."""
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise HostKeyError(
                _("host key {path} can be read by others (mode {mode}); run: chmod 600 {path}").format(
                    path=path, mode=f"{mode:o}"
                )
            )
        try:
            return asyncssh.read_private_key(str(path)), False
        except (asyncssh.KeyImportError, OSError) as error:
            raise HostKeyError(_("cannot read host key {path}: {problem}").format(path=path, problem=error)) from None
    ensure_private_dir(path.parent)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="secondop serve")
    write_atomic(path, key.export_private_key())
    os.chmod(path, 0o600)
    return key, True
