"""Loading: strict parsing with file/line errors, folders, stores, labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TURTLE_SUITE
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.compare import isomorphic

from climategraph.errors import LoadError
from climategraph.store import backend, labels, load

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")


def _suite(kind: str) -> list[Path]:
    manifest = Graph().parse(TURTLE_SUITE / "manifest.ttl")
    tests = manifest.subjects(RDF.type, RDFT[kind])
    names = (str(manifest.value(t, MF.action)).rsplit("/", 1)[-1] for t in tests)
    return sorted(TURTLE_SUITE / name for name in names)


def test_suite_counts():
    assert len(_suite("TestTurtleNegativeSyntax")) == 94
    assert len(_suite("TestTurtlePositiveSyntax")) == 74


@pytest.mark.parametrize("path", _suite("TestTurtleNegativeSyntax"), ids=lambda p: p.name)
def test_negative_syntax_is_rejected_with_file_and_line(path):
    with pytest.raises(LoadError) as info:
        load.load_files([path])
    err = info.value
    assert err.path == str(path)
    assert err.line is not None and err.line >= 1
    text = str(err)
    assert text.startswith(f"{path}:{err.line}")
    assert "malformed RDF" in text and "\n" not in text


@pytest.mark.parametrize("path", _suite("TestTurtlePositiveSyntax"), ids=lambda p: p.name)
def test_positive_syntax_is_accepted(path):
    load.load_files([path])


def test_error_line_points_at_the_bad_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    with pytest.raises(LoadError) as info:
        load.load_files([bad])
    assert info.value.line == 3


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load.expand([tmp_path / "nope.ttl"])
    with pytest.raises(LoadError, match="no RDF file"):
        load.expand([tmp_path])


def test_unknown_extension(tmp_path):
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n")
    with pytest.raises(LoadError, match="unknown RDF file type"):
        load.load_files([odd])


def test_folder_expansion_is_sorted_and_recursive(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.ttl", "a.nt", "sub/c.ttl", "notes.txt"):
        (tmp_path / name).write_text("")
    names = [p.relative_to(tmp_path).as_posix() for p in load.expand([tmp_path])]
    assert names == ["a.nt", "b.ttl", "sub/c.ttl"]


def test_both_stores_load_the_same_graph():
    fast = load.load_graph(store="oxigraph")
    naive = load.load_graph(store="memory")
    assert len(fast) == len(naive) > 1000
    assert isomorphic(backend.to_memory(fast), naive)


def test_unknown_store():
    with pytest.raises(LoadError, match="unknown store"):
        backend.new_graph("sqlite")


def test_label_prefers_language_then_falls_back():
    from climategraph.namespaces import CGR

    g = Graph()
    node = CGR["incheon"]
    g.add((node, RDFS.label, Literal("인천광역시", lang="ko")))
    assert labels.label(g, node, "en") == "인천광역시"
    g.add((node, RDFS.label, Literal("Incheon", lang="en")))
    assert labels.label(g, node, "ko") == "인천광역시"
    assert labels.label(g, node, "en") == "Incheon"
    assert labels.label(g, CGR["no-label-here"]) == "no-label-here"
