"""Atomic writes: complete files only, usual permissions, clear errors."""

from __future__ import annotations

import os
import stat

import pytest

from climategraph.errors import ExportError
from climategraph.fileio import atomic_write


def test_new_file_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        path = atomic_write(tmp_path / "page.html", b"<html>")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_replacing_keeps_the_existing_permissions(tmp_path):
    target = tmp_path / "g.ttl"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        atomic_write(tmp_path, b"x")


def test_unwritable_place_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(ExportError, match="cannot write"):
        atomic_write(blocker / "inside.ttl", b"x")


def test_failed_rename_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "g.ttl"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="No space left"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_parts_are_written_one_after_the_other(tmp_path):
    parts = (bytes([i]) * 1000 for i in range(50))
    path = atomic_write(tmp_path / "big.graphml", parts)
    assert path.read_bytes() == b"".join(bytes([i]) * 1000 for i in range(50))


def test_a_part_that_fails_to_come_leaves_the_target_as_it_was(tmp_path):
    target = tmp_path / "network.graphml"
    target.write_bytes(b"old")

    def parts():
        yield b"<graphml>"
        raise ExportError("the network could not be written")

    with pytest.raises(ExportError, match="could not be written"):
        atomic_write(target, parts())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["network.graphml"]


def test_parts_go_straight_through_a_pipe(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, iter([b"a", b"b"]))
        assert os.read(reader, 10) == b"ab"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
