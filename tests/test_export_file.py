"""``secondop export -o``: where the checklist may be written, through the installed command.

It never writes over the progress file (by any name), never over an existing file without --force, and never
puts a file of its own in place of a device, a pipe, a link or someone else's file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore

from conftest import run_secondop, snapshot


@pytest.fixture
def progress(tmp_path: Path, guide: Guide) -> Path:
    path = tmp_path / "p.json"
    store = ProgressStore(path)
    store.toggle(store.checklist(guide)[0])
    store.close()
    return path


def export(progress: Path, *options: str, cwd: Path) -> tuple[int, str, str]:
    result = run_secondop("export", "--db", str(progress), *options, cwd=cwd)
    return result.returncode, result.stdout, result.stderr


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def make_node(path: Path, kind: int, device: tuple[int, int]) -> None:
    """A device node in the test's own folder (so the unchanged code could only ever replace this copy)."""
    try:
        os.mknod(path, kind | 0o666, os.makedev(*device))
    except PermissionError:
        pytest.skip("making a device node needs root")


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])
@pytest.mark.parametrize("name", ["same", "relative", "dotted", "link", "hard link"])
def test_the_progress_file_is_never_written_over(
    tmp_path: Path, progress: Path, guide: Guide, name: str, force: tuple[str, ...]
) -> None:
    target = {
        "same": str(progress),
        "relative": "p.json",
        "dotted": f"{tmp_path}/sub/../p.json",
        "link": str(tmp_path / "link.json"),
        "hard link": str(tmp_path / "hard.json"),
    }[name]
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.json").symlink_to(progress)
    os.link(progress, tmp_path / "hard.json")
    before = snapshot(tmp_path)
    code, out, err = export(progress, "-o", target, *force, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert one_line(err) == f"secondop: {target} is the progress file; give the checklist another name"
    assert snapshot(tmp_path) == before
    # The progress is still the app's: the tick is there.
    code, out, _ = export(progress, cwd=tmp_path)
    assert code == 0 and f"[x] {guide.items[0].text}" in out


def test_a_progress_file_not_made_yet_is_not_made_by_export(tmp_path: Path) -> None:
    progress = tmp_path / "new.json"
    code, _, err = export(progress, "-o", str(progress), cwd=tmp_path)
    assert code == 2 and "is the progress file" in one_line(err)
    assert not progress.exists()


def test_an_existing_file_is_kept_without_force(tmp_path: Path, progress: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("My own notes\n")
    before = snapshot(tmp_path)
    code, out, err = export(progress, "-o", "notes.md", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert one_line(err) == "secondop: notes.md already exists; add --force to replace it"
    assert snapshot(tmp_path) == before


def test_force_writes_the_file_in_place_keeping_its_mode_and_other_names(
    tmp_path: Path, progress: Path, guide: Guide
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("My own notes, much longer than a line or two so that the checklist is shorter. " * 200)
    notes.chmod(0o640)
    os.link(notes, tmp_path / "also.txt")
    (tmp_path / "link.txt").symlink_to(notes)
    inode = notes.stat().st_ino
    code, out, err = export(progress, "-o", "link.txt", "--force", cwd=tmp_path)
    assert (code, out) == (0, "")
    assert one_line(err) == "Checklist written to link.txt"
    assert (tmp_path / "link.txt").is_symlink(), "the link is followed, not replaced"
    written = notes.read_text()
    assert written.startswith("My second opinion checklist\n") and f"[x] {guide.items[0].text}" in written
    assert "My own notes" not in written, "the old text is all gone"
    info = notes.stat()
    assert (info.st_ino, stat.S_IMODE(info.st_mode), info.st_nlink) == (inode, 0o640, 2)
    assert (tmp_path / "also.txt").read_text() == written


def test_force_keeps_the_owner_of_someone_elses_file(tmp_path: Path, progress: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    theirs = tmp_path / "theirs.txt"
    theirs.write_text("old\n")
    os.chown(theirs, 65534, 65534)
    code, _, _ = export(progress, "-o", str(theirs), "--force", cwd=tmp_path)
    assert code == 0
    info = theirs.stat()
    assert (info.st_uid, info.st_gid) == (65534, 65534)
    assert theirs.read_text().startswith("My second opinion checklist")


def test_a_new_file_is_private(tmp_path: Path, progress: Path) -> None:
    code, _, err = export(progress, "-o", "new.txt", cwd=tmp_path)
    assert code == 0 and one_line(err) == "Checklist written to new.txt"
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600


def test_dash_is_standard_output(tmp_path: Path, progress: Path, guide: Guide) -> None:
    before = snapshot(tmp_path)
    code, out, err = export(progress, "-o", "-", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out.startswith("My second opinion checklist\n") and f"[x] {guide.items[0].text}" in out
    assert snapshot(tmp_path) == before


def test_a_named_pipe_is_written_to_and_stays_a_pipe(tmp_path: Path, progress: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    # The reading end is open before export starts (without waiting for a writer), as a program reading it would be.
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        code, _, err = export(progress, "-o", str(pipe), cwd=tmp_path)
        got = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert got.startswith(b"My second opinion checklist\n")


def test_a_device_is_written_to_and_stays_a_device(tmp_path: Path, progress: Path) -> None:
    null = tmp_path / "null"
    make_node(null, stat.S_IFCHR, (1, 3))  # /dev/null's numbers
    code, _, err = export(progress, "-o", str(null), cwd=tmp_path)
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == [], "no temporary file left"


def test_a_full_device_says_so_in_one_line_and_stays_a_device(tmp_path: Path, progress: Path) -> None:
    full = tmp_path / "full"
    make_node(full, stat.S_IFCHR, (1, 7))  # /dev/full's numbers: every write fails with "no space"
    code, _, err = export(progress, "-o", str(full), cwd=tmp_path)
    assert code == 2
    assert one_line(err) == f"secondop: cannot write {full}: No space left on device"
    assert stat.S_ISCHR(os.lstat(full).st_mode)


@pytest.mark.parametrize("kind", ["folder", "link to nothing", "disk"])
def test_what_is_not_a_file_or_a_stream_is_refused_and_left_as_it_is(tmp_path: Path, progress: Path, kind: str) -> None:
    target = tmp_path / "target"
    if kind == "folder":
        target.mkdir()
        reason = "it is a folder"
    elif kind == "link to nothing":
        target.symlink_to(tmp_path / "nowhere" / "file")
        reason = "it is a link to a file that does not exist"
    else:
        make_node(target, stat.S_IFBLK, (7, 0))  # a loop disk's numbers
        reason = "it is a disk, not a file"
    before = snapshot(tmp_path)
    code, _, err = export(progress, "-o", str(target), "--force", cwd=tmp_path)
    assert code == 2
    assert one_line(err) == f"secondop: cannot write {target}: {reason}"
    assert snapshot(tmp_path) == before
