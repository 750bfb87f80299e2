"""The ontology with the shipped data is consistent for two OWL 2 DL reasoners,
HermiT and Pellet, run by owlready2 on Java (Debian's default-jre-headless; .ci/run
installs it), and a planted contradiction is found by both.

HermiT refuses literals whose datatype is not in the OWL 2 datatype map; the
ontology uses none (it loads without the flag), the data does (xsd:date, xsd:gYear,
xsd:gYearMonth values, checked by SHACL instead), so the data run passes
``--ignoreUnsupportedDatatypes``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from climategraph.store import project
from climategraph.store.load import load_graph

owlready2 = pytest.importorskip("owlready2")  # in the test extras: never skipped in CI

CG = "https://w3id.org/climategraph/ontology#"


@pytest.fixture(scope="module", autouse=True)
def _java():
    assert shutil.which("java"), "OWL reasoners need Java: apt-get install default-jre-headless"


def ntriples(graph: Graph, path: Path) -> str:
    plain = Graph()
    for triple in graph:
        plain.add(triple)
    path.write_bytes(plain.serialize(format="nt", encoding="utf-8"))
    return path.as_uri()


def reason(uri: str, reasoner: str) -> None:
    """Run ``reasoner`` on the N-Triples file ``uri``; raises if it is inconsistent."""
    world = owlready2.World()
    world.get_ontology(uri).load()
    if reasoner == "hermit":
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    else:
        owlready2.sync_reasoner_pellet(world, debug=0)


@pytest.fixture(scope="module")
def everything() -> Graph:
    """The shipped data with the ontology and the topic scheme."""
    return load_graph()


def test_hermit_loads_the_ontology_without_ignoring_datatypes(tmp_path):
    graph = Graph()
    for path in project.ontology_files():
        graph.parse(path)
    world = owlready2.World()
    world.get_ontology(ntriples(graph, tmp_path / "onto.nt")).load()
    owlready2.sync_reasoner_hermit(world, debug=0)  # raises on xsd:date or rdf:langString


@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_ontology_and_shipped_data_are_consistent(everything, reasoner, tmp_path):
    assert len(everything) > 3000
    reason(ntriples(everything, tmp_path / "all.nt"), reasoner)


@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_a_planted_contradiction_is_found(everything, reasoner, tmp_path):
    """A staff count that is not an integer contradicts its xsd:integer range."""
    bad = Graph()
    bad += everything
    actor = next(everything.subjects(URIRef(CG + "staffCount"), None))
    bad.add((actor, URIRef(CG + "staffCount"), Literal("many")))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(ntriples(bad, tmp_path / "bad.nt"), reasoner)
