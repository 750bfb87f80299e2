"""Fast writers (climategraph.formats.jsonld): byte for byte what rdflib's JSON-LD serialiser
and networkx's GraphML writer write, on the shipped data, a generated 10^4 graph and
hand-made edge cases (tests/fixtures/writers)."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.shared.jsonld.context import Context

from climategraph.formats import graphml, jsonld_compact, network_files, rdf
from climategraph.formats import jsonld as formats_jsonld
from climategraph.network import build, filters
from climategraph.store import project
from climategraph.store.load import load_graph
from climategraph.synthetic.generator import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "writers"
CG = "https://w3id.org/climategraph/ontology#"

#: contexts besides ontology/context.jsonld: none of its aliases, coercions to a
#: datatype and to @vocab, aliases of every keyword the writer uses
CONTEXTS = {
    "bare": {"cgr": "https://w3id.org/climategraph/id/"},
    "coercions": {
        "@vocab": "http://example.org/things/",
        "cg": CG,
        "rdf": str(RDF),
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "date": {"@id": "cg:startDate", "@type": "xsd:date"},
        "count": {"@id": "cg:attendance", "@type": "xsd:integer"},
        "a": {"@id": "rdf:type", "@type": "@vocab"},
        "theme": {"@id": "cg:theme", "@type": "@vocab"},
        "name": "http://www.w3.org/2000/01/rdf-schema#label",
    },
    "aliases": {"@vocab": CG, "iri": "@id", "kind": "@type", "graph": "@graph",
                "val": "@value", "lang": "@language"},
}


@pytest.fixture(scope="module")
def context():
    return json.loads(project.context_file().read_text(encoding="utf-8"))["@context"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated graph of 10^4 triples with the ontology, as the benchmark loads it."""
    out = tmp_path_factory.mktemp("syn")
    generate(10_000, 1, out)
    return load_graph([out])


def fixture(name: str, store: str = "memory") -> Graph:
    if store == "memory":
        return Graph().parse(FIXTURES / name)
    return load_graph([FIXTURES / name], ontology=False)


@pytest.fixture(autouse=True)
def _quiet_rdflib():
    """rdflib logs a traceback for every ill-formed literal of the fixtures."""
    logging.disable(logging.ERROR)
    yield
    logging.disable(logging.NOTSET)


# --- JSON-LD: rdflib's bytes ---------------------------------------------------


def test_jsonld_of_the_shipped_data_is_rdflibs(shipped_graph, context):
    fast = rdf.to_jsonld(shipped_graph)
    assert fast == formats_jsonld.rdflib_jsonld(shipped_graph, context)
    assert b'"@graph"' in fast and b'"_:c14n' in fast  # many nodes, blank nodes named


def test_jsonld_of_a_generated_graph_is_rdflibs(generated, context):
    assert rdf.to_jsonld(generated) == formats_jsonld.rdflib_jsonld(generated, context)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("name", ["jsonld-cases.ttl", "jsonld-rdflib-quirks.ttl"])
def test_jsonld_of_the_edge_cases_is_rdflibs(name, store, context):
    graph = fixture(name, store)
    for ctx in (context, *CONTEXTS.values()):
        assert jsonld_compact.supported(Context(ctx))
        assert formats_jsonld.jsonld(graph, ctx) == formats_jsonld.rdflib_jsonld(graph, ctx), ctx


def test_the_edge_cases_round_trip(context):
    graph = fixture("jsonld-cases.ttl")
    data = formats_jsonld.jsonld(graph, context)
    assert isomorphic(Graph().parse(data=data, format="json-ld"), graph)
    text = data.decode()
    for written in ('"country": "cgr:KR"', f'"{CG}country": "Korea"', '"@language": "fr-ca"',
                    '"😀 astral"', '\\u0001 control"', '"2021-11-23T10:00:00+00:00"',
                    '"@list": [', '"http://elsewhere.example/x#y"'):
        assert written in text, written


def test_rdflibs_losses_are_kept(context):
    """Valid JSON-LD that says less than the graph: rdflib's, so the reference."""
    graph = fixture("jsonld-rdflib-quirks.ttl")
    data = formats_jsonld.jsonld(graph, context)
    back = Graph().parse(data=data, format="json-ld")
    assert not isomorphic(back, graph)
    text = data.decode()
    assert "chair" not in text and '"role": "_:c14n' in text  # 1. blank node under @id
    assert '"attendance": 5' in text and '"code": "x"' in text  # 2. 0 and "" replaced
    assert '"label": "not rdfs:label"' in text  # 3. cg:label written as rdfs:label
    assert '"attendance": "many"' in text  # 4. datatype lost
    assert "next" not in text  # 5. a cycle of blank nodes


def test_departures_where_rdflib_writes_invalid_json_ld(context):
    """rdf:type with a blank node or non-string literal, infinite and NaN doubles."""
    graph = fixture("jsonld-departures.ttl")
    data = formats_jsonld.jsonld(graph, context)
    reference = formats_jsonld.rdflib_jsonld(graph, context)
    assert b"Infinity" in reference and b'"id": "_:c14n0"' in reference
    tree = json.loads(data, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    nodes = {node["id"]: node for node in tree["@graph"]}
    assert nodes["cgr:a"]["type"] == ["City", "_:c14n0"]
    assert nodes["cgr:a"]["rdf:type"] == [7, {"@value": "2021-01-01", "type": "xsd:date"}]
    assert {"@value": "INF", "type": "xsd:double"} in nodes["cgr:b"]["ratio"]
    back = Graph().parse(data=data, format="json-ld")
    nan = Literal("NaN", datatype=URIRef("http://www.w3.org/2001/XMLSchema#double"))
    for g in (graph, back):  # NaN is not equal to itself
        g.remove((None, None, nan))
    assert isomorphic(back, graph)


def test_contexts_the_writer_does_not_follow_go_to_rdflib():
    graph = fixture("jsonld-cases.ttl")
    for ctx in ({"@language": "en", "cgr": "https://w3id.org/climategraph/id/"},
                {"labels": {"@id": "http://www.w3.org/2000/01/rdf-schema#label",
                            "@container": "@language"}}):
        assert not jsonld_compact.supported(Context(ctx))
        assert formats_jsonld.jsonld(graph, ctx) == formats_jsonld.rdflib_jsonld(graph, ctx)


def test_one_node_and_no_node(context):
    one = Graph()
    one.add((URIRef(CG + "A"), RDF.type, URIRef(CG + "Class")))
    assert formats_jsonld.jsonld(one, context) == formats_jsonld.rdflib_jsonld(one, context)
    assert b'"@graph"' not in formats_jsonld.jsonld(one, context)
    assert formats_jsonld.jsonld(Graph(), context) == formats_jsonld.rdflib_jsonld(Graph(), context)
    assert b'"@graph": []' in formats_jsonld.jsonld(Graph(), context)


def test_dump_json_is_json_dumps():
    class Name(str):
        pass

    value = {"z": [{}, [], {"b": None, "a": [True, False]}], "é": "ü\n\t\"\\\x01😀",
             "n": [0, -1, 10**30, 0.1, -0.0, 1e300, 2.5e-7], "s": Name("sub"),
             "t": ("tuple", {"k": "v"})}
    assert formats_jsonld.dump_json(value) == json.dumps(value, ensure_ascii=False, indent=2,
                                                  sort_keys=True)


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
