"""Exports: every RDF format round-trips, output is byte-stable, writes are atomic."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from climategraph.cli import EXPORT_FORMATS, EXPORT_INCLUDES, cli
from climategraph.errors import ExportError
from climategraph.formats import export, inference, named_graphs, network_files, rdf
from climategraph.namespaces import CG
from climategraph.store.labels import label
from climategraph.store.load import load_files
from climategraph.store.project import ontology_files, project_root

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

RDF_PARSERS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}


def rdf11(graph: Graph) -> Graph:
    """A memory copy where "x"^^xsd:string is "x" (the same literal in RDF 1.1;
    rdflib tells them apart, and the Oxigraph store hands back some as typed)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def parse(data: bytes, fmt: str) -> Graph:
    """Re-parse an export; TriG gives the union of its graphs."""
    if fmt != "trig":
        return rdf11(Graph().parse(data=data.decode("utf-8"), format=RDF_PARSERS[fmt]))
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format="trig")
    union = Graph()
    for graph in dataset.graphs():
        union += graph
    return rdf11(union)


def trig_graphs(data: bytes) -> dict[str, Graph]:
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format="trig")
    return {str(g.identifier): rdf11(g) for g in dataset.graphs() if len(g)}


@pytest.fixture(scope="module")
def shipped_exports():
    """Each RDF format of the shipped data, exported once for the module."""
    return {fmt: export.export(fmt=fmt) for fmt in (*RDF_PARSERS, "trig")}


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A small project (tests/fixtures/export: ontology with a blank node, two
    article files, two shared files) with the real JSON-LD context."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "export", root)
    shutil.copy(project_root() / "ontology" / "context.jsonld", root / "ontology")
    monkeypatch.setenv("CLIMATEGRAPH_HOME", str(root))
    return root


def built(root) -> Graph:
    """What build writes for the project at ``root``: ontology + data, one graph."""
    return rdf11(load_files([*ontology_files(), root / "data"]))


# --- round trips ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", [*RDF_PARSERS, "trig"])
def test_shipped_data_round_trips_in_every_rdf_format(fmt, shipped_exports, shipped_graph):
    assert isomorphic(parse(shipped_exports[fmt], fmt), rdf11(shipped_graph))


@pytest.mark.parametrize("fmt", [*RDF_PARSERS, "trig"])
def test_blank_nodes_language_tags_and_datatypes_survive(fmt, mini):
    back = parse(export.export(fmt=fmt), fmt)
    expected = built(mini)
    assert isomorphic(back, expected)
    forum = URIRef("https://w3id.org/climategraph/id/forum")
    assert Literal("저탄소 도시 국제포럼", lang="ko") in set(back.objects(forum, RDFS.label))
    assert Literal("2021-11-23", datatype=XSD.date) in set(back.objects(forum, CG.startDate))
    assert Literal(500) in set(back.objects(forum, CG.attendance))
    assert len(set(back.objects(forum, CG.theme))) == 2  # two blank nodes, not merged


@pytest.mark.parametrize("fmt", [*RDF_PARSERS, "trig"])
def test_korean_text_survives(fmt, shipped_exports, shipped_graph):
    korean = {o for o in rdf11(shipped_graph).objects() if getattr(o, "language", None) == "ko"}
    back = {o for o in parse(shipped_exports[fmt], fmt).objects() if getattr(o, "language", None)}
    assert korean and korean <= back
    text = shipped_exports[fmt].decode("utf-8")
    assert sum(str(k) in text for k in korean) > 0.9 * len(korean)  # UTF-8, not escaped


def test_the_existing_serialisers_round_trip(shipped_graph):
    first = rdf.to_turtle(shipped_graph)
    assert first == rdf.to_turtle(shipped_graph)
    assert isomorphic(parse(first, "turtle"), rdf11(shipped_graph))
    assert isomorphic(parse(rdf.to_ntriples(shipped_graph), "nt"), rdf11(shipped_graph))


# --- byte stability ------------------------------------------------------------


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_two_exports_are_byte_identical(fmt, mini):
    # each export parses the files again: fresh blank-node ids every time
    first = export.export(fmt=fmt, include=named_graphs.INCLUDES)
    assert first and first == export.export(fmt=fmt, include=named_graphs.INCLUDES)


def test_shipped_exports_are_byte_identical(shipped_exports):
    for fmt, data in shipped_exports.items():
        assert data == export.export(fmt=fmt), fmt


def test_default_export_is_byte_for_byte_what_build_writes(shipped_exports, shipped_graph):
    assert shipped_exports["turtle"] == rdf.to_turtle(shipped_graph)


def test_turtle_uses_the_project_prefixes_only(shipped_exports):
    head = [line for line in shipped_exports["turtle"].decode().splitlines() if "@prefix" in line]
    assert {line.split()[1].rstrip(":") for line in head} == set(rdf.project_prefixes())


# --- TriG: one named graph per source article ----------------------------------


def test_trig_puts_each_file_in_its_articles_graph(mini):
    graphs = trig_graphs(export.export(fmt="trig"))
    a1, a2 = (str(URIRef(f"https://w3id.org/climategraph/id/article-00{i}")) for i in (1, 2))
    assert sorted(graphs) == sorted([named_graphs.COMMON, named_graphs.ONTOLOGY, a1, a2])
    assert isomorphic(graphs[a1], rdf11(load_files([mini / "data" / "001-forum.ttl"])))
    assert isomorphic(graphs[a2], rdf11(load_files([mini / "data" / "002-partners.ttl"])))
    shared = [mini / "data" / "actors.ttl", mini / "data" / "sources.ttl"]
    assert isomorphic(graphs[named_graphs.COMMON], rdf11(load_files(shared)))
    assert isomorphic(graphs[named_graphs.ONTOLOGY], rdf11(load_files(ontology_files())))


def test_shipped_trig_article_graphs_are_articles(shipped_exports, shipped_graph):
    graphs = trig_graphs(shipped_exports["trig"])
    articles = {str(a) for a in shipped_graph.subjects(RDF.type, CG.Article)}
    named = set(graphs) - {named_graphs.COMMON, named_graphs.ONTOLOGY}
    assert named and named <= articles
    for name in named:  # provenance: every record in the graph cites its article
        assert URIRef(name) in set(graphs[name].objects(None, PROV.wasDerivedFrom))


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("001-a.ttl", "cgr:x prov:wasDerivedFrom cgr:article-001 .", "article-001"),
        ("x.ttl", "cgr:x prov:wasDerivedFrom cgr:article-004 .", "article-004"),
        (
            "003-b.ttl",
            "cgr:x prov:wasDerivedFrom cgr:article-003 , cgr:article-001 .",
            "article-003",
        ),
        ("y.ttl", "cgr:x prov:wasDerivedFrom cgr:article-003 , cgr:article-001 .", None),
        ("002-c.ttl", "cgr:x prov:wasDerivedFrom cgr:article-001 , cgr:article-003 .", None),
        ("geo.ttl", "cgr:x cgr:y 1 .", None),
    ],
)
def test_graph_name(name, text, expected, tmp_path):
    head = "@prefix cgr: <https://w3id.org/climategraph/id/> .\n"
    head += "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    path = tmp_path / name
    path.write_text(head + text, encoding="utf-8")
    found = named_graphs.graph_name(path, load_files([path]))
    want = f"https://w3id.org/climategraph/id/{expected}" if expected else named_graphs.COMMON
    assert found == want


# --- inferred: never mixed silently ---------------------------------------------


def test_inferred_triples_have_their_own_graph(mini):
    graphs = trig_graphs(export.export(fmt="trig", include=named_graphs.INCLUDES))
    entailed = graphs[named_graphs.INFERRED]
    asserted = built(mini)
    incheon = URIRef("https://w3id.org/climategraph/id/incheon")
    daejeon = URIRef("https://w3id.org/climategraph/id/daejeon")
    assert (incheon, RDF.type, CG.Actor) in entailed  # rdfs:subClassOf
    assert (daejeon, CG.partnerOf, incheon) in entailed  # owl:SymmetricProperty
    assert not set(entailed) & set(asserted)
    others = Graph()
    for name, graph in graphs.items():
        if name != named_graphs.INFERRED:
            others += graph
    assert isomorphic(others, asserted)


def test_inferred_alone_and_merged_in_single_graph_formats(mini):
    only = parse(export.export(fmt="nt", include=["inferred"]), "nt")
    merged = parse(export.export(fmt="nt", include=named_graphs.INCLUDES), "nt")
    asserted = built(mini)
    graphs = trig_graphs(export.export(fmt="trig", include=named_graphs.INCLUDES))
    assert isomorphic(only, graphs[named_graphs.INFERRED])
    assert len(only) and not ground(only) & ground(asserted)
    everything = Graph()
    for graph in graphs.values():
        everything += graph
    assert isomorphic(merged, everything) and len(merged) == len(asserted) + len(only)


def ground(graph: Graph) -> set:
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


@pytest.mark.slow  # owlrl's closure
def test_shipped_inferred_adds_superclass_types(shipped_graph):
    entailed = inference.inferred([shipped_graph])
    subclass = [
        (c, d)
        for c, d in shipped_graph.subject_objects(RDFS.subClassOf)
        if isinstance(d, URIRef) and str(d).startswith(str(CG._NS))
    ]
    expected = {
        (x, RDF.type, d)
        for c, d in subclass
        for x in shipped_graph.subjects(RDF.type, c)
        if (x, RDF.type, d) not in shipped_graph
    }
    assert expected and expected <= set(entailed)


def test_bad_include():
    with pytest.raises(ExportError, match="unknown --include"):
        named_graphs.named_parts(include=["everything"])
    with pytest.raises(ExportError, match="nothing to export"):
        named_graphs.named_parts(include=[])


# --- networks: GraphML and GEXF -------------------------------------------------


def read_gexf(data: bytes) -> nx.MultiGraph:
    """GEXF 1.3 as a networkx graph, read here with lxml alone: node attributes from
    the ``attvalue``s, typed as declared, and the ``label`` (networkx's own
    ``read_gexf`` reads the same files in test_network_files.py)."""
    from lxml import etree

    ns = "{http://gexf.net/1.3}"
    tree = etree.fromstring(data)
    cast = {"long": int, "double": float, "boolean": lambda v: v == "true", "string": str}
    types = {a.get("id"): cast[a.get("type")] for a in tree.iter(f"{ns}attribute")}
    G = nx.MultiGraph()
    for node in tree.iter(f"{ns}node"):
        values = {v.get("for"): types[v.get("for")](v.get("value"))
                  for v in node.iter(f"{ns}attvalue")}
        G.add_node(node.get("id"), label=node.get("label"), **values)
    for edge in tree.iter(f"{ns}edge"):
        G.add_edge(edge.get("source"), edge.get("target"), key=edge.get("id"))
    return G


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_opens_in_networkx_with_the_attributes(fmt, shipped_graph):
    data = network_files.to_network(shipped_graph, fmt, "actor")
    read = nx.read_graphml if fmt == "graphml" else read_gexf
    G = read(io.BytesIO(data) if fmt == "graphml" else data)
    assert G.number_of_nodes() > 10 and G.number_of_edges() > 0
    for node, attrs in G.nodes(data=True):
        ref = URIRef(node)
        assert attrs["label_en"] == label(shipped_graph, ref, "en")
        assert attrs["label_ko"] == label(shipped_graph, ref, "ko")
        assert attrs["kind"] and "country" in attrs
        assert {"degree", "weighted_degree", "betweenness", "pagerank", "community"} <= set(attrs)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in data.decode("utf-8"))  # Hangul as is
    assert b"lastmodifieddate" not in data


def test_network_metrics_agree_with_the_network(shipped_graph):
    from climategraph.network.build import build_network
    from climategraph.network.transform import combine

    G = nx.read_graphml(io.BytesIO(network_files.to_network(shipped_graph, "graphml", "actor")))
    simple = combine(build_network(shipped_graph, "actor"))
    for node in simple:
        assert G.nodes[node]["degree"] == simple.degree(node)


@pytest.mark.parametrize("kind", ["bipartite", "country"])
def test_other_networks(kind, shipped_graph):
    G = read_gexf(network_files.to_network(shipped_graph, "gexf", kind))
    assert G.number_of_nodes() > 1
    assert all(G.nodes[n]["label"] == G.nodes[n]["label_en"] for n in G)  # Gephi's label


# atomic writes themselves are tested in test_fileio.py


def test_unknown_format(shipped_graph, tmp_path):
    with pytest.raises(ExportError, match="unknown format"):
        rdf.write_graph(shipped_graph, tmp_path / "x", "csv")
    with pytest.raises(ExportError, match="unknown format"):
        export.export(fmt="xlsx")


# --- command line ------------------------------------------------------------------


def test_cli_choices_are_the_librarys():
    assert EXPORT_FORMATS == export.FORMATS and EXPORT_INCLUDES == named_graphs.INCLUDES


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_cli_each_format_to_stdout_and_to_a_file(fmt, mini, tmp_path):
    runner = CliRunner()
    shown = runner.invoke(cli, ["export", "--format", fmt])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout_bytes == export.export(fmt=fmt)
    out = tmp_path / "out" / f"graph.{fmt}"
    wrote = runner.invoke(cli, ["export", "--format", fmt, "--out", str(out)])
    assert wrote.exit_code == 0, wrote.output
    assert out.read_bytes() == shown.stdout_bytes


def test_cli_default_is_what_build_writes(mini, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["export"])
    assert result.exit_code == 0
    assert isomorphic(parse(result.stdout_bytes, "turtle"), built(mini))


def test_cli_include(mini):
    result = CliRunner().invoke(cli, ["export", "--format", "nt", "--include", "ontology"])
    assert result.exit_code == 0
    assert isomorphic(parse(result.stdout_bytes, "nt"), rdf11(load_files(ontology_files())))


@pytest.mark.parametrize(
    "args", [["--format", "xlsx"], ["--include", "everything"], ["--network", "x"]]
)
def test_cli_bad_option_is_a_usage_error(args):
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 2
    assert "Invalid value" in result.output and args[0] in result.output
    assert len(result.output.strip().splitlines()) == 1  # one line, as every error


def test_cli_failed_export_leaves_the_file_untouched(mini, tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = CliRunner().invoke(cli, ["export", "--out", str(target)])
    assert result.exit_code == 2
    assert "No space left on device" in result.output
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "mini") == ["graph.ttl"]


def test_cli_failed_serialisation_leaves_the_file_untouched(mini, tmp_path, monkeypatch):
    target = tmp_path / "graph.jsonld"
    target.write_bytes(b"old")
    (mini / "ontology" / "context.jsonld").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "--format", "json-ld", "--out", str(target)])
    assert result.exit_code == 2
    assert "JSON-LD context" in result.output
    assert target.read_bytes() == b"old"


def test_with_an_endpoint_the_servers_graph_is_exported_whole(mini):
    from climategraph.store.load import reading_from

    server = load_files([*ontology_files(), mini / "data"])
    with reading_from(lambda store: server):
        assert isomorphic(parse(export.export(fmt="nt"), "nt"), built(mini))
        with pytest.raises(ExportError, match="need the files"):
            export.export(fmt="trig")
        with pytest.raises(ExportError, match="need the files"):
            export.export(fmt="nt", include=["ontology"])


def test_the_run_stage_writes_json_ld_and_graphml(shipped_graph, tmp_path):
    from climategraph.pipeline import STAGES, _graphml_stage, _jsonld_stage

    assert _jsonld_stage in STAGES and _graphml_stage in STAGES
    written = {o.path.name: o.path for stage in (_jsonld_stage, _graphml_stage)
               for o in stage(shipped_graph, tmp_path)}
    back = parse(written["climategraph.jsonld"].read_bytes(), "json-ld")
    assert isomorphic(back, rdf11(shipped_graph))
    assert nx.read_graphml(written["network-actor.graphml"]).number_of_nodes() > 10
