"""Fast writers (climategraph.formats.jsonld): the JSON-LD of a generated 10^4 graph reads
back whole (the JSON-LD reference tests are in test_jsonld.py), and the GraphML is byte for
byte networkx's, on the shipped data, a generated 10^4 graph and hand-made edge cases."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from rdflib import Graph, URIRef

from climategraph.formats import graphml, network_files, rdf
from climategraph.network import build, filters
from climategraph.store.load import load_graph
from climategraph.synthetic.generator import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "writers"
CG = "https://w3id.org/climategraph/ontology#"

@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated graph of 10^4 triples with the ontology, as the benchmark loads it."""
    out = tmp_path_factory.mktemp("syn")
    generate(10_000, 1, out)
    return load_graph([out])


def test_jsonld_of_a_generated_graph_round_trips(generated):
    """10^4 triples: pyoxigraph reads back every triple (pyld is checked on the shipped
    data and the fixtures, tests/formats/test_jsonld.py)."""
    import pyoxigraph as ox

    data = rdf.to_jsonld(generated)
    assert len(list(ox.parse(data, format=ox.RdfFormat.JSON_LD))) == len(generated)


# --- GraphML: networkx's bytes -------------------------------------------------


def nx_graphml(network: nx.Graph) -> bytes:
    """The reference: what export wrote before (the sorted exportable copy through
    networkx's ElementTree writer, the one nx.write_graphml uses without lxml)."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(network_files.ordered_exportable(network), buffer, encoding="utf-8")
    return buffer.getvalue()


def with_metrics(graph: Graph, kind: str) -> nx.Graph:
    network = build.build_network(graph, kind)
    network_files._add_metrics(network)
    return network


@pytest.mark.parametrize("kind", filters.NETWORKS)
def test_graphml_of_the_shipped_networks_is_networkxs(kind, shipped_graph):
    data = network_files.to_network(shipped_graph, "graphml", kind)
    assert data == nx_graphml(with_metrics(shipped_graph, kind))
    assert nx.read_graphml(io.BytesIO(data)).number_of_nodes() > 0


@pytest.mark.parametrize("kind", filters.NETWORKS)
def test_graphml_of_the_generated_networks_is_networkxs(kind, generated):
    assert graphml.graphml(with_metrics(generated, kind)) == nx_graphml(with_metrics(generated,
                                                                                     kind))


def awkward(cls: type) -> nx.Graph:
    """Every kind of value, name and order the writer has to get right."""
    G = cls(id="graph<1>", filters={"from": None}, tags=["b", "a"], name="a & b")
    G.add_node("z", label='quote " amp & lt < gt > tab \t cr \r nl \n', empty="", none=None)
    G.add_node(10, weight=1.5, flag=True, count=np.int64(3), share=np.float64(0.25))
    G.add_node(2, weight=2, items={"b": [1, 2]}, pair=("x", 1), group={"y", "x"})
    G.add_node("isolated")
    G.add_edge("z", 10, kind="a", events=["e2", "e1"], mixed=[1, "x"])
    G.add_edge(2, "z", kind="b", weight=0)
    G.add_edge(10, 10, kind="self")
    G.add_edge(2, 10)
    if G.is_multigraph():
        G.add_edge(2, "z", key="second", kind="c")
        G.add_edge("z", 2, key=7, kind="d")
    return G


@pytest.mark.parametrize("cls", [nx.Graph, nx.MultiGraph, nx.DiGraph, nx.MultiDiGraph])
def test_graphml_of_awkward_networks_is_networkxs(cls):
    G = awkward(cls)
    assert graphml.graphml(G) == nx_graphml(G)
    assert graphml.graphml(cls()) == nx_graphml(cls())
    G.remove_edges_from(list(G.edges()))
    assert graphml.graphml(G) == nx_graphml(G)


def test_graphml_refuses_what_networkx_refuses():
    G = nx.Graph()
    G.add_node("a", iri=URIRef("https://w3id.org/climategraph/id/a"))
    with pytest.raises(nx.NetworkXError):
        nx_graphml(G)
    with pytest.raises(nx.NetworkXError):
        graphml.graphml(G)
