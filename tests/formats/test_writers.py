"""The writers at 10^4 triples (a generated graph): the JSON-LD reads back whole and the
GraphML reads in networkx and igraph (the reference tests on the shipped data and
hand-made cases are in test_jsonld.py and test_network_files.py)."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest

from climategraph.formats import network_files, rdf
from climategraph.network import filters
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


# --- GraphML at 10^4 ------------------------------------------------------------


@pytest.mark.parametrize("kind", filters.NETWORKS)
def test_graphml_of_the_generated_networks_reads_in_networkx_and_igraph(kind, generated,
                                                                        tmp_path):
    import igraph as ig

    data = network_files.to_network(generated, "graphml", kind)
    path = tmp_path / "g.graphml"
    path.write_bytes(data)
    G, ig_graph = nx.read_graphml(io.BytesIO(data)), ig.Graph.Read_GraphML(str(path))
    assert G.number_of_nodes() == ig_graph.vcount() > 0 and G.number_of_edges() == ig_graph.ecount()
