"""``secondop serve``'s logins under attack and under carelessness: attacks are slowed, people are not."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import asyncssh
import pytest

from support.serve_harness import NEEDS_OPENSSH, Keys, Server, connect, refused_start, run, wait_until

pytestmark = [NEEDS_OPENSSH, pytest.mark.e2e]


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    """alice and bob are listed; the strangers' keys are not."""
    made = Keys(tmp_path_factory.mktemp("keys"), ["alice", "bob", *(f"stranger{n}" for n in range(12))])
    lines = made.authorized.read_text().splitlines(keepends=True)
    made.authorized.write_text("".join(line for line in lines if line.endswith((" alice\n", " bob\n"))))
    return made


def test_a_guest_whose_ssh_offers_unlisted_keys_is_never_refused(tmp_path: Path, keys: Keys) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized), "--guest")
    try:
        for _ in range(6):  # 18 unlisted keys in all, from one address
            guest = run(keys.ssh_offering(server, "visitor", ["stranger0", "stranger1", "stranger2"], "-T"))
            assert guest.returncode == 1 and "needs a terminal" in guest.stdout, guest.stderr
        assert "key refused for visitor from 127.0.0.1" in server.log
    finally:
        server.stop()


async def test_a_client_with_many_keys_locks_out_nobody_else(tmp_path: Path, keys: Keys) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized))
    try:
        strangers = [str(keys.folder / f"stranger{n}") for n in range(12)]
        with pytest.raises(asyncssh.PermissionDenied):  # its own right key comes too late: 10 tries at most
            await connect(server, "mallory", client_keys=[*strangers, str(keys.folder / "alice")])
        for user in ("alice", "bob"):  # the same address, other people
            login = run(keys.ssh(server, user, user, "-T"))
            assert login.returncode == 1 and "needs a terminal" in login.stdout, login.stderr
        server.wait_for_log("too many attempts")
        # Each refused key is logged with the name and address, never the key itself.
        assert server.log.count("key refused for mallory from 127.0.0.1") == 10
        for key in strangers:
            blob = Path(f"{key}.pub").read_text().split()[1]
            fingerprint = asyncssh.read_public_key(f"{key}.pub").get_fingerprint()
            assert blob not in server.log and fingerprint not in server.log
    finally:
        server.stop()


def test_failed_logins_for_one_name_do_not_lock_out_another(tmp_path: Path, keys: Keys) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized))
    try:
        for _ in range(10):
            assert run(keys.ssh(server, "alice", "bob", "-T")).returncode == 255
        assert run(keys.ssh(server, "alice", "bob", "-T")).returncode == 255  # alice's name waits a while
        bob = run(keys.ssh(server, "bob", "bob", "-T"))  # from the same address
        assert bob.returncode == 1 and "needs a terminal" in bob.stdout, bob.stderr
        server.wait_for_log("too many failed logins for alice")
        assert "too many failed logins for bob" not in server.log
    finally:
        server.stop()


def test_failures_against_a_name_never_shut_out_its_valid_key(tmp_path: Path, keys: Keys) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized))
    try:
        for _ in range(3):  # again and again, as an attacker would each minute
            for _ in range(10):
                assert run(keys.ssh(server, "alice", "bob", "-T")).returncode == 255
            alice = run(keys.ssh(server, "alice", "alice", "-T"))
            assert alice.returncode == 1 and "needs a terminal" in alice.stdout, alice.stderr
        server.wait_for_log("too many failed logins for alice")
    finally:
        server.stop()


async def test_while_a_name_is_paused_a_failing_connection_ends_at_its_first_refused_key(
    tmp_path: Path, keys: Keys
) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized))
    try:
        for _ in range(10):
            assert run(keys.ssh(server, "alice", "bob", "-T")).returncode == 255
        # Counted once the server has logged each of those connections to its end (the client may go first).
        await wait_until(lambda: server.log.count(" disconnect") == 10, "ten connections ended")
        before = server.log.count("key refused for alice")
        strangers = [str(keys.folder / f"stranger{n}") for n in range(5)]
        with pytest.raises((asyncssh.PermissionDenied, asyncssh.DisconnectError)) as refused:
            await connect(server, "alice", client_keys=strangers)
        assert "try again in a minute" in str(refused.value)
        server.wait_for_log("refused: a wrong key while its name waits")
        assert server.log.count("key refused for alice") == before + 1
        # A connection with the right key still gets in.
        async with await connect(server, "alice", client_keys=[str(keys.folder / "alice")]):
            pass
    finally:
        server.stop()


@pytest.mark.parametrize("fault", ["others may write it", "its folder others may write", "another user's"])
def test_a_keys_file_others_could_change_is_refused_at_start_and_opens_nothing_later(
    tmp_path: Path, keys: Keys, fault: str
) -> None:
    if fault == "another user's" and os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    folder = tmp_path / "etc"
    folder.mkdir(mode=0o755)
    authorized = folder / "authorized_keys"
    shutil.copy(keys.authorized, authorized)
    authorized.chmod(0o644)

    def spoil() -> None:
        if fault == "others may write it":
            authorized.chmod(0o666)
        elif fault == "its folder others may write":
            folder.chmod(0o777)
        else:
            os.chown(authorized, 65534, 65534)

    spoil()
    refused = refused_start(
        ["serve", "--port", "0", "--data-dir", str(tmp_path / "data"), "--authorized-keys", str(authorized)]
    )
    assert refused.returncode == 2, refused.stderr
    (line,) = refused.stderr.splitlines()
    assert line.startswith("secondop: ") and ("authorized_keys" in line or str(folder) in line), line
    assert "listening" not in refused.stderr

    # Made safe, the server starts; spoiled while it runs, the file lets nobody in, and a reload says why.
    folder.chmod(0o755)
    authorized.chmod(0o644)
    os.chown(authorized, os.geteuid(), os.getegid())
    server = Server(tmp_path / "data", "--authorized-keys", str(authorized))
    try:
        alice = run(keys.ssh(server, "alice", "alice", "-T"))
        assert alice.returncode == 1 and "needs a terminal" in alice.stdout, alice.stderr
        spoil()
        assert run(keys.ssh(server, "alice", "alice", "-T")).returncode == 255
        server.process.send_signal(signal.SIGUSR1)
        server.wait_for_log("no key opens a checklist until it is fixed")
    finally:
        folder.chmod(0o755)
        server.stop()
