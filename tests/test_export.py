"""Deterministic serialisation and atomic writes."""

from __future__ import annotations

import os

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from climategraph import export
from climategraph.errors import ExportError
from climategraph.graph import to_memory


def test_turtle_round_trips_and_is_byte_stable(shipped_graph):
    first = export.to_turtle(shipped_graph)
    assert first == export.to_turtle(shipped_graph)
    back = Graph().parse(data=first.decode("utf-8"), format="turtle")
    assert isomorphic(back, to_memory(shipped_graph))


def test_ntriples_round_trips(shipped_graph):
    data = export.to_ntriples(shipped_graph)
    back = Graph().parse(data=data.decode("utf-8"), format="nt")
    assert isomorphic(back, to_memory(shipped_graph))


def test_atomic_write_replaces_only_with_a_complete_file(tmp_path, monkeypatch):
    target = tmp_path / "g.ttl"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="No space left"):
        export.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl"]


def test_atomic_write_creates_folders(tmp_path):
    path = export.atomic_write(tmp_path / "a" / "b.txt", b"x")
    assert path.read_bytes() == b"x"


def test_unknown_format(shipped_graph, tmp_path):
    with pytest.raises(ExportError, match="unknown format"):
        export.write_graph(shipped_graph, tmp_path / "x", "csv")
