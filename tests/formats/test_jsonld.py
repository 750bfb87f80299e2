"""JSON-LD without loss: every triple in, every triple out, read back by
two other implementations (pyld and pyoxigraph), and the writer's compaction is what
pyld's is (pyld compacting the expanded output with the same context writes the same
tree), on the shipped data and hand-made fixtures (tests/fixtures/writers)."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld
from rdflib import XSD, Graph, Literal
from rdflib.compare import isomorphic

from climategraph.errors import ExportError
from climategraph.formats import rdf
from climategraph.formats.jsonld import _sorted_json, dump_json, jsonld
from climategraph.store import project
from climategraph.store.load import load_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "writers"
CG = "https://w3id.org/climategraph/ontology#"
NAMES = ["jsonld-cases.ttl", "jsonld-blank-nodes.ttl", "jsonld-once-lost.ttl",
         "jsonld-invalid-in-rdflib.ttl"]

#: contexts besides ontology/context.jsonld: none of its terms, coercions to a
#: datatype and to @vocab, aliases of every keyword the writer uses
CONTEXTS = {
    "bare": {"cgr": "https://w3id.org/climategraph/id/"},
    "coercions": {
        "@vocab": "http://example.org/things/",
        "cg": CG,
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "date": {"@id": "cg:startDate", "@type": "xsd:date"},
        "count": {"@id": "cg:attendance", "@type": "xsd:integer"},
        "a": {"@id": "rdf:type", "@type": "@vocab"},
        "theme": {"@id": "cg:theme", "@type": "@vocab"},
        "name": "http://www.w3.org/2000/01/rdf-schema#label",
        "names": {"@id": "http://www.w3.org/2000/01/rdf-schema#label",
                  "@container": ["@language", "@set"]},
    },
    "aliases": {"@vocab": CG, "iri": "@id", "kind": "@type", "graph": "@graph",
                "val": "@value", "lang": "@language"},
}


@pytest.fixture(scope="module")
def context():
    return json.loads(project.context_file().read_text(encoding="utf-8"))["@context"]


@pytest.fixture(autouse=True)
def _quiet_rdflib():
    """rdflib logs a traceback for every ill-formed literal of the fixtures."""
    logging.disable(logging.ERROR)
    yield
    logging.disable(logging.NOTSET)


def plain(graph: Graph) -> Graph:
    """``graph`` as RDF 1.1 sees it: ``"x"^^xsd:string`` is ``"x"``, NaN left out
    (not equal to itself)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        if isinstance(o, Literal) and o.datatype == XSD.double and str(o) == "NaN":
            continue
        out.add((s, p, o))
    return out


def through_pyld(data: bytes) -> Graph:
    nquads = pyld.to_rdf(json.loads(data), {"format": "application/n-quads"})
    return Graph().parse(data=nquads, format="nt")


def through_oxigraph(data: bytes) -> Graph:
    from oxrdflib._converter import from_ox

    graph = Graph()
    for quad in ox.parse(data, format=ox.RdfFormat.JSON_LD):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph


def nodes_of(tree: dict) -> list:
    """The top-level node objects, each with arrays sorted, as JSON strings, sorted."""
    nodes = next((v for k, v in tree.items() if isinstance(v, list) and k != "@context"),
                 None)
    if nodes is None:  # a single node
        nodes = [{k: v for k, v in tree.items() if k != "@context"}]
    return sorted(json.dumps(_sorted_json(node), sort_keys=True) for node in nodes)


def recompacted(data: bytes, ctx: dict) -> list:
    """pyld's compaction of the expanded output."""
    return nodes_of(pyld.compact(pyld.expand(json.loads(data)), {"@context": ctx}))


def check(graph: Graph, ctx: dict) -> bytes:
    """Write ``graph``; assert both readers get it back and pyld compacts it alike."""
    data = jsonld(graph, ctx)
    expected = plain(graph)
    assert isomorphic(plain(through_pyld(data)), expected), "pyld read back other triples"
    assert isomorphic(plain(through_oxigraph(data)), expected), "pyoxigraph read other triples"
    ours, theirs = nodes_of(json.loads(data)), recompacted(data, ctx)
    assert [n for n in ours if n not in theirs] == [n for n in theirs if n not in ours] == []
    return data


def test_the_shipped_data_round_trips(shipped_graph, context):
    data = check(shipped_graph, context)
    assert data == rdf.to_jsonld(shipped_graph)
    assert len(through_pyld(data)) == len(shipped_graph) > 3000


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("ctx_name", ["project", *CONTEXTS])
def test_every_fixture_round_trips_with_every_context(name, ctx_name, context):
    ctx = context if ctx_name == "project" else CONTEXTS[ctx_name]
    graph = Graph().parse(FIXTURES / name)
    assert check(graph, ctx) == jsonld(graph, ctx)  # byte-stable
    # an Oxigraph store keeps lexical forms rdflib's memory graph normalises ("1e3")
    check(load_graph([FIXTURES / name], ontology=False), ctx)


def test_a_blank_venue_is_embedded_not_dropped(context):
    """The issue's example: 8 triples about an event and its blank venue, 8 back."""
    graph = Graph().parse(FIXTURES / "jsonld-blank-nodes.ttl")
    data = jsonld(graph, context)
    nodes = {node.get("id"): node for node in json.loads(data)["@graph"]}
    venue = nodes["cgr:event-a"]["venue"]
    assert venue == {"type": "Venue", "label": {"en": "A hall with no IRI"}}
    back = through_pyld(data)
    [hall] = back.subjects(None, Literal("A hall with no IRI", lang="en"))
    assert len(list(back.predicate_objects(hall))) == 2
    assert len(back) == len(graph)
    shared = nodes["cgr:event-b"]["venue"]  # used three times: a node of its own
    assert shared.startswith("_:c14n") and nodes[shared]["label"] == {"en": "shared hall"}


def test_the_context_is_friendly(shipped_graph, context):
    nodes = {n["id"]: n for n in json.loads(rdf.to_jsonld(shipped_graph))["@graph"]}
    incheon = nodes["cgr:incheon"]
    assert set(incheon["label"]) == {"en", "ko"} and isinstance(incheon["label"]["en"], str)
    assert isinstance(incheon["lat"], str) and float(incheon["lat"]) > 30  # xsd:decimal
    forum = nodes["cgr:forum-low-carbon-cities-2021"]
    assert forum["startDate"] == "2021-11-23"  # typed by the context
    assert all(isinstance(n.get("topic", []), list) for n in nodes.values())  # @set
    assert all(isinstance(n.get("wasDerivedFrom", []), list) for n in nodes.values())


def test_values_once_lost_are_all_there(context):
    data = jsonld(Graph().parse(FIXTURES / "jsonld-once-lost.ttl"), context)
    nodes = {node.get("id"): node for node in json.loads(data)["@graph"]}
    assert nodes["cgr:a"]["role"] == {"label": {"en": "chair"}}
    assert sorted(nodes["cgr:b"]["attendance"]) == [0, 5]
    assert sorted(nodes["cgr:b"]["code"]) == ["", "x"]
    assert nodes["cgr:c"]["cg:label"] == "not rdfs:label"
    assert nodes["cgr:d"]["attendance"] == {"@value": "many", "type": "xsd:integer"}


def test_non_finite_doubles_are_json(context):
    # in an Oxigraph store: rdflib's memory graph rewrites "INF" as "inf"
    data = jsonld(load_graph([FIXTURES / "jsonld-invalid-in-rdflib.ttl"], ontology=False),
                  context)
    tree = json.loads(data, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    ratios = {node["id"]: node for node in tree["@graph"] if "id" in node}["cgr:b"]["ratio"]
    assert {"@value": "INF", "type": "xsd:double"} in ratios
    assert not any(isinstance(r, float) and not math.isfinite(r) for r in ratios)


def test_one_node_and_no_node(context):
    one = Graph().parse(data=f"<{CG}A> a <{CG}Class> .", format="turtle")
    assert json.loads(jsonld(one, context))["id"] == "cg:A"
    assert b'"@graph": []' in jsonld(Graph(), context)


@pytest.mark.parametrize("ctx", [{"@language": "en"}, {"x": {"@reverse": "cg:y"}},
                                 {"x": {"@id": "cg:x", "@container": "@list"}}])
def test_contexts_the_writer_does_not_follow_are_refused(ctx):
    with pytest.raises(ExportError, match="not supported"):
        jsonld(Graph(), ctx)


def test_dump_json_is_json_dumps():
    class Name(str):
        pass

    value = {"z": [{}, [], {"b": None, "a": [True, False]}], "é": "ü\n\t\"\\\x01😀",
             "n": [0, -1, 10**30, 0.1, -0.0, 1e300, 2.5e-7], "s": Name("sub"),
             "t": ("tuple", {"k": "v"})}
    assert dump_json(value) == json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
