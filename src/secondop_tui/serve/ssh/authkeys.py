"""Which public key may log in as which user.

The file uses the OpenSSH ``authorized_keys`` line format. The comment at the end of each line names the
user the key belongs to (``ssh-ed25519 AAAA... alice``), so one person's key can never open another
person's checklist. The file is read again at each login: adding a line adds a user without a restart.

Whoever can change the file can add a key of their own as anyone, so it is checked as OpenSSH's StrictModes
checks authorized_keys: a file that others could have written (or that is in a folder they could write to)
opens no checklist at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from secondop_tui.data.files import trusted_file_problem
from secondop_tui.serve.ssh.names import clean_user_name


@dataclass
class KeyBook:
    keys: dict[str, set[bytes]] = field(default_factory=dict)  # user name -> public key blobs
    problems: list[str] = field(default_factory=list)
    unsafe: str | None = None  # why the file cannot be trusted, if it cannot: then it lists nobody

    def allows(self, user: str, key: asyncssh.SSHKey) -> bool:
        return key.public_data in self.keys.get(user, set())

    def lists(self, user: str) -> bool:
        return user in self.keys


def read_key_book(path: Path) -> KeyBook:
    book = KeyBook()
    book.unsafe = trusted_file_problem(path)
    if book.unsafe is not None:
        book.problems.append(book.unsafe)
        return book
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as error:
        book.problems.append(f"cannot read {path}: {error.strerror}")
        return book
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            book.problems.append(f"{path}:{number}: no user name at the end of the line")
            continue
        user = clean_user_name(parts[2])
        if user is None:
            book.problems.append(f"{path}:{number}: {parts[2][:40]!r} is not a usable user name")
            continue
        try:
            key = asyncssh.import_public_key(f"{parts[0]} {parts[1]}")
        except asyncssh.KeyImportError:
            book.problems.append(f"{path}:{number}: not a public key (options before the key are not supported)")
            continue
        book.keys.setdefault(user, set()).add(key.public_data)
    return book
