"""Class 3: devices, pipes and links are never replaced, never hang, never read as RDF."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from hostile import assert_refused, run

from climategraph.errors import ExportError, LoadError
from climategraph.fileio import atomic_write
from climategraph.store import load

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"
EXPORT = ["export", "--data", str(MINI), "--format", "turtle", "--out"]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_character_device_is_written_through_not_replaced(device):
    before = os.stat(device)
    atomic_write(device, b"x" * 100)
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    done = run([*EXPORT, device])
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_dev_full_is_one_clear_line():
    with pytest.raises(ExportError, match="No space left on device"):
        atomic_write("/dev/full", b"x")
    assert_refused(run([*EXPORT, "/dev/full"]), "/dev/full", "No space left")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_pipe_nobody_reads_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "out.ttl"
    os.mkfifo(fifo)
    assert_refused(run([*EXPORT, str(fifo)]), "pipe nobody reads")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_pipe_with_a_reader_gets_the_bytes(tmp_path):
    fifo = tmp_path / "out.ttl"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    time.sleep(0.2)  # let the reader open its end first
    atomic_write(fifo, b"hello through the pipe")
    reader.join(10)
    assert got == [b"hello through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_link_stays_a_link_and_its_file_is_replaced(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"


def test_stdout_as_out_is_written_through(tmp_path):
    done = run([*EXPORT, "/dev/stdout"])
    assert done.returncode == 0, done.stderr
    assert "<https://w3id.org/climategraph/" in done.stdout


@pytest.mark.parametrize("length", [256, 300, 5000])
def test_too_long_out_names_are_one_line(tmp_path, length):
    out = tmp_path / ("x" * length + ".ttl")
    assert_refused(run([*EXPORT, str(out)]), "too long")


def _data_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "ok.ttl").write_text("<http://x/s> <http://x/p> <http://x/o> .\n")
    return folder


@pytest.mark.parametrize("kind", ["fifo", "zero", "null", "urandom", "fifo-link"])
def test_special_files_in_a_data_folder_are_refused_not_read(tmp_path, kind):
    folder = _data_folder(tmp_path)
    bad = folder / f"{kind}.ttl"
    if kind == "fifo":
        os.mkfifo(bad)
    elif kind == "fifo-link":
        os.mkfifo(tmp_path / "pipe")
        bad.symlink_to(tmp_path / "pipe")
    else:
        bad.symlink_to(f"/dev/{kind}")
    with pytest.raises(LoadError, match="not a data file"):
        load.expand([folder])
    assert_refused(run(["validate", "--data", str(folder)]), bad.name, "not read")
    assert_refused(run(["validate", "--data", str(bad)]), bad.name)


def test_an_unreadable_sub_folder_is_refused(tmp_path, monkeypatch):
    folder = _data_folder(tmp_path)
    (folder / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):  # running as root, chmod cannot lock a folder: refuse it here
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(LoadError, match="locked: cannot read folder: Permission denied"):
        load.expand([folder])


def test_an_unreadable_sub_folder_is_refused_by_the_command(tmp_path, monkeypatch):
    """The command's one line for it, as a user (chmod) or root (the refusal made by
    hand, since root reads every folder) meets it."""
    from click.testing import CliRunner

    from climategraph.cli import cli

    folder = _data_folder(tmp_path)
    locked = folder / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = CliRunner().invoke(cli, ["validate", "--data", str(folder)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "locked" in lines[0] and "cannot read folder" in lines[0]
    assert len(lines[0]) <= 300
