"""Network files that load everywhere: each output read by a second
implementation. GraphML by networkx and igraph, GEXF 1.3 by networkx and against its
XML Schema (tests/conformance/gexf-1.3-corrected, lxml), Cytoscape.js JSON and the CSV
pair by the json and csv modules; all four carry the same attributes and the page's
drawing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter

import igraph as ig
import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner
from conftest import GEXF_SCHEMA, GEXF_SCHEMA_PUBLISHED
from lxml import etree

from climategraph import choices
from climategraph.cli import cli
from climategraph.formats import gexf, graphml, network_files, network_plain, network_table
from climategraph.network import style
from climategraph.network.build import build_network
from climategraph.pages import data as page_data
from climategraph.pages.spec import PageSpec

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(GEXF_SCHEMA)))


@pytest.fixture(scope="module")
def files(shipped_graph):
    """Every network of the shipped data in every format."""
    return {(kind, fmt): network_files.to_network(shipped_graph, fmt, kind)
            for kind in choices.NETWORKS for fmt in ("graphml", "gexf", "cyjs", "csv")}


def read_igraph(data: bytes, tmp_path) -> ig.Graph:
    path = tmp_path / "network.graphml"
    path.write_bytes(data)
    return ig.Graph.Read_GraphML(str(path))


@pytest.mark.parametrize("kind", choices.NETWORKS)
def test_graphml_is_read_alike_by_networkx_and_igraph(kind, files, tmp_path):
    data = files[kind, "graphml"]
    G = nx.read_graphml(io.BytesIO(data))
    ig_graph = read_igraph(data, tmp_path)
    assert G.number_of_nodes() == ig_graph.vcount() > 0
    assert G.number_of_edges() == ig_graph.ecount() > 0
    for vertex in ig_graph.vs:
        mine = G.nodes[vertex["id"]]
        assert mine["label_ko"] == vertex["label_ko"] and mine["degree"] == vertex["degree"]
        assert mine["clustering"] == pytest.approx(vertex["clustering"])  # one type: double
    keys = etree.fromstring(data).findall(f"{GRAPHML}key")
    names = Counter((k.get("for"), k.get("attr.name")) for k in keys)
    assert names and max(names.values()) == 1  # one key per attribute name
    ids = [e.get("id") for e in etree.fromstring(data).iter(f"{GRAPHML}edge")]
    assert len(set(ids)) == len(ids) == G.number_of_edges()


def test_parallel_ties_survive_in_graphml_and_gexf(files):
    G = nx.read_graphml(io.BytesIO(files["actor", "graphml"]), force_multigraph=True)
    pairs = Counter(frozenset((u, v)) for u, v in G.edges())
    assert max(pairs.values()) > 1  # some pairs share events and an agreement
    tree = etree.fromstring(files["actor", "gexf"])
    edges = list(tree.iter(f"{GEXF}edge"))
    assert len(edges) == G.number_of_edges()
    by_pair = Counter((e.get("source"), e.get("target"), e.get("kind")) for e in edges)
    assert max(by_pair.values()) == 1  # parallel ties differ by kind: Gephi keeps them
    assert {e.get("kind") for e in edges} >= {"shared-event", "partner-city"}
    assert all(float(e.get("weight")) >= 1 for e in edges)


@pytest.mark.parametrize("kind", choices.NETWORKS)
def test_gexf_is_valid_gexf_1_3_with_the_pages_drawing(kind, files, schema):
    tree = etree.fromstring(files[kind, "gexf"])
    assert schema.validate(tree), schema.error_log.last_error
    assert tree.get("version") == "1.3"
    nodes = list(tree.iter(f"{GEXF}node"))
    kinds = {}
    for node in nodes:
        kinds[node.get("id")] = next(v.get("value") for v in node.iter(f"{GEXF}attvalue")
                                     if v.get("for") == "kind")
        assert node.find(f"{VIZ}position") is not None
        assert 10 <= float(node.find(f"{VIZ}size").get("value")) <= 40
    colours = style.palette(list(kinds.values()))
    for node in nodes:
        assert node.find(f"{VIZ}color").get("hex") == colours[kinds[node.get("id")]]
    assert tree.find(f".//{GEXF}color") is None  # no drawing left in the GEXF namespace


def test_the_published_schema_wants_the_drawing_in_the_gexf_namespace(files, schema):
    """Why tests/conformance carries a corrected copy: the published XSD refuses
    ``viz:color`` (Gephi's and networkx's form) and the corrected one refuses the drawing
    in the GEXF namespace, which the published one wants."""
    published = etree.XMLSchema(etree.parse(str(GEXF_SCHEMA_PUBLISHED)))
    ours = etree.fromstring(files["actor", "gexf"])
    assert not published.validate(ours)
    assert "{http://gexf.net/1.3/viz}" in str(published.error_log.last_error)
    for element in ours.iter(f"{VIZ}color", f"{VIZ}size", f"{VIZ}position"):
        element.tag = GEXF + element.tag.split("}")[1]
    assert published.validate(ours), published.error_log.last_error
    assert not schema.validate(ours)


@pytest.mark.parametrize("kind", ["actor", "bipartite"])
def test_networkx_reads_back_the_pages_drawing_from_gexf(kind, files, shipped_graph):
    G = nx.read_gexf(io.BytesIO(files[kind, "gexf"]))
    geographic = any("lat" in data for _, data in G.nodes(data=True))
    spec = PageSpec(network=kind, layout="geo" if geographic else "physics", max_edges=None)
    drawn = page_data.page_data(page_data.build(shipped_graph, spec), spec)["nodes"]
    page = {node["id"]: node for node in drawn}
    assert set(G) == set(page) and len(page) > 40
    for node, data in G.nodes(data=True):
        viz, want = data["viz"], page[node]
        rgb = tuple(int(want["color"][i:i + 2], 16) for i in (1, 3, 5))
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == rgb, node
        assert viz["size"] == pytest.approx(want["size"]), node
        assert (viz["position"]["x"], viz["position"]["y"]) == pytest.approx(
            (want["x"], want["y"]), abs=1e-3), node


def test_networkx_reads_back_each_tie_with_its_kind_and_weight(files, shipped_graph):
    G = nx.read_gexf(io.BytesIO(files["actor", "gexf"]))
    network = build_network(shipped_graph, "actor")
    assert G.is_multigraph() and G.number_of_edges() == network.number_of_edges()
    read = Counter((frozenset((u, v)), d["kind"], d["weight"]) for u, v, d in G.edges(data=True))
    built = Counter((frozenset((str(u), str(v))), kind, float(d.get("weight", 1)))
                    for u, v, kind, d in network.edges(keys=True, data=True))
    assert read == built
    pairs = Counter(frozenset((u, v)) for u, v in G.edges())
    assert max(pairs.values()) > 1  # parallel ties of different kinds, both read back


def test_cyjs_has_the_graphml_attributes(files):
    tree = json.loads(files["actor", "cyjs"])
    nodes, edges = tree["elements"]["nodes"], tree["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    G = nx.read_graphml(io.BytesIO(files["actor", "graphml"]))
    assert len(ids) == len(nodes) == G.number_of_nodes() > 40
    assert len(edges) == G.number_of_edges()
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert all(set(n["position"]) == {"x", "y"} for n in nodes)
    keys = etree.fromstring(files["actor", "graphml"]).findall(f"{GRAPHML}key")
    node_keys = {k.get("attr.name") for k in keys if k.get("for") == "node"}
    assert set().union(*(n["data"] for n in nodes)) == node_keys | {"id", "name"}


def test_csv_pair_reads_in_the_csv_module(files):
    archive = zipfile.ZipFile(io.BytesIO(files["actor", "csv"]))
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
    nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
    edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode("utf-8"))))
    G = nx.read_graphml(io.BytesIO(files["actor", "graphml"]))
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    incheon = next(n for n in nodes if n["id"].endswith("/incheon"))
    assert incheon["label_ko"] == G.nodes[incheon["id"]]["label_ko"]
    assert float(incheon["lat"]) == pytest.approx(G.nodes[incheon["id"]]["lat"])
    assert {e["kind"] for e in edges} >= {"shared-event", "partner-city"}


def test_every_format_is_byte_stable(shipped_graph, files):
    for fmt in ("graphml", "gexf", "cyjs", "csv"):
        assert network_files.to_network(shipped_graph, fmt, "country") == files["country", fmt]


def awkward(cls: type) -> nx.Graph:
    """Names, values and characters the writers have to get right."""
    G = cls(network="awkward")
    G.add_node("z", label_en='bell \x07 quote " amp & lt < nul \x00', kind="a", degree=1)
    G.add_node(10, label_en="ten", kind="b", weight=1.5, flag=True, count=np.int64(3),
               clustering=0, degree=2)
    G.add_node(2, items={"b": [1, 2]}, pair=("x", 1), group={"y", "x"}, clustering=0.5,
               degree=0)
    G.add_edge("z", 10, kind="shared-event", events=["e2", "e1"], weight=2)
    G.add_edge(10, 10, kind="agreement")
    if G.is_multigraph():
        G.add_edge("z", 10, kind="partner-city")
    return G


@pytest.mark.parametrize("cls", [nx.Graph, nx.MultiGraph, nx.DiGraph, nx.MultiDiGraph])
def test_awkward_networks_load_everywhere(cls, schema, tmp_path):
    net = network_table.table(awkward(cls))
    data = graphml.graphml(net)
    G = nx.read_graphml(io.BytesIO(data), force_multigraph=cls().is_multigraph())
    ig_graph = read_igraph(data, tmp_path)
    assert G.number_of_edges() == ig_graph.ecount() == len(net.edges)
    assert G.nodes["z"]["label_en"] == 'bell \ufffd quote " amp & lt < nul \ufffd'
    assert G.nodes["10"]["count"] == 3 and G.nodes["10"]["flag"] is True
    assert G.nodes["2"]["clustering"] == 0.5 and G.nodes["10"]["clustering"] == 0.0
    assert json.loads(G.nodes["2"]["group"]) == ["x", "y"]
    assert schema.validate(etree.fromstring(gexf.gexf(net))), schema.error_log.last_error
    assert json.loads(network_plain.cyjs(net))["data"]["directed"] is cls().is_directed()


def test_export_command_writes_cyjs_and_csv(tmp_path):
    out = tmp_path / "actors.zip"
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(out).namelist() == ["nodes.csv", "edges.csv"]
    result = CliRunner().invoke(cli, ["export", "--format", "cyjs", "--network", "country"])
    assert result.exit_code == 0 and len(json.loads(result.output)["elements"]["nodes"]) == 5
    result = CliRunner().invoke(cli, ["export", "--format", "nt", "--network", "country"])
    assert result.exit_code == 2 and "cyjs" in result.output


# --- the hand-written encoders against the library ones they stand in for ---------


def rows_as_dicts(types, rows):
    return [(*row[:-1], {k: v for k, v in zip(types, row[-1]) if v is not None})
            for row in rows]


@pytest.mark.parametrize("cls", [nx.Graph, nx.MultiGraph, nx.DiGraph, nx.MultiDiGraph])
def test_cyjs_and_csv_are_what_json_and_csv_modules_write(cls):
    """The writers skip json.dumps(indent=1) and csv.writer for speed; on awkward names
    and values (quotes, commas, controls, booleans, JSON cells) they give their bytes."""
    G = awkward(cls)
    G.add_node('a,"b"\r\n', label_en="", name="own name", flag=False)
    G.add_edge('a,"b"\r\n', 2, kind="agreement", id="own-id", links=[])
    net = network_table.table(G)
    nodes = rows_as_dicts(net.node_types, net.nodes)
    edges = rows_as_dicts(net.edge_types, net.edges)
    tree = {"format_version": "1.0", "generated_by": "climategraph",
            "target_cytoscapejs_version": "~2.1",
            "data": {"name": net.name, "directed": net.directed, **net.graph},
            "elements": {"nodes": [
                {"data": {"id": n, "name": str(d.get("label_en") or n), **d},
                 "position": {"x": d["x"], "y": d["y"]}} for n, d in nodes],
                "edges": [{"data": {"id": e, "source": u, "target": v, **d}}
                          for e, u, v, d in edges]}}
    expected = json.dumps(tree, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert network_plain.cyjs(net).decode() == expected
    archive = zipfile.ZipFile(io.BytesIO(network_plain.csv_zip(net)))
    for name, header, rows in (("nodes.csv", ["id", *net.node_types], nodes),
                               ("edges.csv", ["id", "source", "target", *net.edge_types],
                                edges)):
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([*row[:-1], *(network_table.text(row[-1][k]) if k in row[-1] else ""
                                       for k in header[len(row) - 1:])] for row in rows)
        assert archive.read(name).decode() == text.getvalue()


def test_xml_escaping_fast_path_agrees_with_saxutils():
    """xml_text skips saxutils when nothing needs escaping; on every short mix of the
    characters that matter it gives saxutils' answer."""
    from itertools import product
    from xml.sax.saxutils import escape, quoteattr

    from climategraph.text import xml_safe, xml_text, xml_texts

    alphabet = ["a", '"', "'", "&", "<", ">", "\n", "\t", "\x00", "\ufffe", "인"]
    texts = ["".join(chars) for n in range(4) for chars in product(alphabet, repeat=n)]
    entities = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
    assert [xml_text(t) for t in texts] == [escape(xml_safe(t)) for t in texts]
    assert [xml_text(t, True) for t in texts] == [quoteattr(xml_safe(t), entities)
                                                  for t in texts]
    assert xml_texts(texts, quote=True) == [xml_text(t, True) for t in texts]
    assert xml_texts(["a", None, 'b"']) == ["a", None, 'b"']


@pytest.mark.parametrize("kind", choices.NETWORKS)
def test_graphml_in_parts_is_the_whole_file(kind, shipped_graph, files):
    """What the main job writes part by part is the file ``export`` gives whole."""
    parts = list(network_files.network_parts(shipped_graph, "graphml", kind))
    assert b"".join(parts) == files[kind, "graphml"]
    # in parts of whole lines (a few thousand lines each)
    assert all(part.endswith(b"\n") for part in parts)
    lines = files[kind, "graphml"].count(b"\n")
    assert len(parts) == -(-lines // network_table.BATCH)


def test_encoded_parts_split_on_lines():
    lines = [f"line {i} é" for i in range(10)]
    for chunk in (1, 3, 10, 11):
        parts = list(network_table.encoded_parts(iter(lines), chunk))
        assert b"".join(parts) == ("\n".join(lines) + "\n").encode()
        assert len(parts) == -(-10 // chunk)
