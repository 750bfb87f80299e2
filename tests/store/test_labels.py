"""Resolving a user's name: the label index on Oxigraph equals rdflib's, and it is
kept per graph version (built once, rebuilt after an edit)."""

from __future__ import annotations

import pytest
from rdflib import RDFS, Literal

from climategraph.errors import ParameterError
from climategraph.namespaces import CG, CGR
from climategraph.store import labels
from climategraph.store.backend import to_memory


@pytest.mark.parametrize("types", [(), (CG.LocalGovernment,), (CG.Organisation,)])
def test_oxigraph_index_equals_rdflibs(shipped_graph, types):
    labels.clear_cache()
    on_oxigraph = labels._name_index(shipped_graph, types)
    on_memory = labels._build_name_index(to_memory(shipped_graph), types)
    assert on_oxigraph == on_memory
    assert len(on_oxigraph) > 10


def test_index_is_built_once_per_version(shipped_graph, monkeypatch):
    labels.clear_cache()
    built = []
    real = labels._build_name_index
    monkeypatch.setattr(labels, "_build_name_index", lambda g, t: built.append(1) or real(g, t))
    for _ in range(3):
        with pytest.raises(ParameterError):
            labels.resolve(shipped_graph, "no such place anywhere")
    assert len(built) == 1


def test_an_edit_is_seen():
    from climategraph.store.load import load_graph

    graph = load_graph()
    with pytest.raises(ParameterError):
        labels.resolve(graph, "Testville-upon-Edit")
    graph.add((CGR.incheon, RDFS.label, Literal("Testville-upon-Edit", lang="en")))
    assert labels.resolve(graph, "testville-upon-edit") == CGR.incheon
