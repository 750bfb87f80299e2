"""Network analysis: a hand-made network whose metrics are worked out by
hand (tests/fixtures/network-small.ttl), facts from the articles on the shipped
data, networkx run by hand on the same networks, and the CLI in every format.

Hand-worked values on the fixture's combined actor network (8 actors, 10 pairs):
A-U 1, A-X 2, A-C 2, U-X 1, U-C 1, X-C 1, B-X 1, A-B 1, B-F 1, D-E 1.
- betweenness (normalised by (n-1)(n-2)/2 = 21): F reaches A, X, C, U only through
  B, so B = 4/21; the F-C, F-U, B-C, B-U paths split between A and X, so A = X = 2/21.
- clustering: A's neighbours U, X, C, B have 4 of 6 possible ties -> 2/3; C's
  neighbours A, U, X are all tied -> 1; B's neighbours A, X, F have 1 of 3 -> 1/3.
- articulation points: B (cuts F off); the main core: {A, C, U, X} (a 4-clique).
- country participation counts only neighbours with a country (U and X have none):
  A's ties B 1 (South Korea), C 2 (China) -> 1 - (1/3)^2 - (2/3)^2 = 4/9; B's
  country-bearing neighbours A and F are both Korean -> 0; D's one neighbour -> 0.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from climategraph import pipeline as analysis
from climategraph.cli import cli
from climategraph.errors import ParameterError
from climategraph.namespaces import CG, CGR
from climategraph.network.analysis import articulation_points, communities, k_core, node_metrics
from climategraph.network.build import build_network, clear_caches
from climategraph.network.derived import projection
from climategraph.network.paths import NoPathError, shortest_path
from climategraph.network.transform import combine, exportable
from climategraph.store.labels import label, resolve
from climategraph.store.load import load_graph

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "network-small.ttl"
A, B, C, D, E, F = (str(CGR[f"t-city-{x}"]) for x in "abcdef")
U, X = str(CGR["t-org-u"]), str(CGR["t-net-x"])
FORUM, COUNCIL, CONF = (str(CGR[x]) for x in ("t-forum-2021", "t-council-2024", "t-conf-2024"))


@pytest.fixture(scope="module")
def small():
    return load_graph([SMALL])


@pytest.fixture(scope="module")
def small_net(small):
    return build_network(small)


def pairs(G):
    return {frozenset((u, v)): d["weight"] for u, v, d in combine(G).edges(data=True)}


# --- the hand-made network ---------------------------------------------------


def test_actor_network_has_the_hand_worked_ties(small_net):
    assert pairs(small_net) == {
        frozenset(p): w
        for p, w in [((A, U), 1), ((A, X), 2), ((A, C), 2), ((U, X), 1), ((U, C), 1),
                     ((X, C), 1), ((B, X), 1), ((A, B), 1), ((B, F), 1), ((D, E), 1)]
    }
    assert sorted(small_net[A][C]) == ["partner-city", "shared-event"]
    assert small_net[A][X]["shared-event"]["events"] == sorted([COUNCIL, FORUM])
    assert small_net[A][B]["agreement"]["links"] == [str(CGR["t-mou-a-b"])]


def test_sessions_count_towards_their_parent_event(small_net):
    # X and C presented only in the forum's session; they share the forum with its hosts
    assert small_net[U][C]["shared-event"]["events"] == [FORUM]
    assert str(CGR["t-forum-2021-s1"]) not in small_net.graph["labels"]


def test_people_count_for_their_organisation_and_no_one_else(small_net):
    assert COUNCIL in small_net[A][X]["shared-event"]["events"]  # P spoke for X
    assert not any("person" in n for n in small_net)


def test_node_attributes(small_net):
    a = small_net.nodes[A]
    assert (a["label_en"], a["label_ko"], a["kind"], a["country"]) == (
        "Alpha City", "알파시", "LocalGovernment", "South Korea")
    assert (a["lat"], a["lon"]) == (37.5, 126.7)
    assert small_net.nodes[U]["kind"] == "IntergovernmentalOrganisation"
    assert small_net.nodes[X]["country"] == "" and "lat" not in small_net.nodes[X]


def test_metrics_known_by_hand(small_net):
    m = node_metrics(small_net)
    assert {n: m[n]["degree"] for n in (A, B, C, D, U, X)} == {A: 4, B: 3, C: 3, D: 1, U: 3, X: 4}
    assert m[A]["weighted_degree"] == 6 and m[X]["weighted_degree"] == 5
    assert m[B]["betweenness"] == pytest.approx(4 / 21)
    assert m[A]["betweenness"] == pytest.approx(2 / 21) == m[X]["betweenness"]
    assert m[C]["betweenness"] == 0
    assert (m[A]["clustering"], m[C]["clustering"]) == (pytest.approx(2 / 3), 1.0)
    assert m[B]["clustering"] == pytest.approx(1 / 3)
    assert articulation_points(small_net) == [B]
    assert k_core(small_net) == sorted([A, C, U, X])
    assert m[A]["core"] == 3 and m[B]["core"] == 2


def test_communities_respect_components(small_net):
    groups = communities(small_net)
    assert sorted(x for c in groups for x in c) == sorted(small_net)
    assert [D, E] in groups
    assert groups == communities(small_net)  # seeded: runs repeat


def test_metrics_equal_networkx_by_hand(small_net):
    check_against_networkx(small_net)


def check_against_networkx(M):
    m = node_metrics(M, seed=7)
    H = nx.Graph()
    H.add_nodes_from(sorted(M))
    for u, v, d in M.edges(data=True):
        w = H[u][v]["weight"] if H.has_edge(u, v) else 0
        H.add_edge(u, v, weight=w + d["weight"])
    bet = nx.betweenness_centrality(H, normalized=True)
    pr = nx.pagerank(H, weight="weight")
    cl = nx.clustering(H)
    louvain = nx.community.louvain_communities(H, weight="weight", seed=7)
    for n in H:
        assert m[n]["degree"] == H.degree(n)
        assert m[n]["weighted_degree"] == H.degree(n, weight="weight")
        assert m[n]["betweenness"] == pytest.approx(bet[n])
        assert m[n]["pagerank"] == pytest.approx(pr[n])
        assert m[n]["clustering"] == pytest.approx(cl[n])
    assert sorted(map(sorted, louvain)) == sorted(communities(M, seed=7))


def test_participation_and_brokers(small_net):
    m = node_metrics(small_net)
    # A's weighted ties (6): South Korea B 1, China C 2; U 1 + X 2 have no country
    # and are left out (they are not one country "")
    assert m[A]["country_participation"] == pytest.approx(1 - (1 / 3) ** 2 - (2 / 3) ** 2)
    # B's ties: A and F (both South Korea) and X (no country): one country only
    assert m[B]["country_participation"] == 0
    # U: A (South Korea) 1, C (China) 1, X (no country) 1
    assert m[U]["country_participation"] == pytest.approx(0.5)
    # A spreads its ties less than evenly over countries (4/9) and communities: no
    # broker (it was one only through the country-less "country" of U and X)
    assert m[A]["participation"] < 0.5 and not m[A]["broker"]
    assert not any(m[n]["broker"] for n in m)


def test_broker_bridges_two_countries_whatever_its_international_ties():
    G = nx.Graph()
    for n, country in (("k", "South Korea"), ("hub", "South Korea"), ("c", "China"),
                       ("intl", "")):
        G.add_node(n, country=country)
    G.add_edge("k", "hub", weight=1)
    G.add_edge("hub", "c", weight=1)
    G.add_edge("hub", "intl", weight=5)  # a heavy tie to a body without a country
    m = node_metrics(G)
    assert m["hub"]["country_participation"] == pytest.approx(0.5)
    assert m["hub"]["broker"] and not m["k"]["broker"] and not m["intl"]["broker"]
    assert m["intl"]["country_participation"] == 0  # its only neighbour: one country


def test_time_window(small):
    late = build_network(small, start="2022")
    assert U not in late  # U took part only in the 2021 forum
    assert pairs(late)[frozenset((A, X))] == 1
    assert frozenset((A, C)) in pairs(late)  # a standing sister-city link
    early = build_network(small, end=2021)
    assert not {COUNCIL, CONF} & set(early.graph["labels"])
    assert pairs(early)[frozenset((A, X))] == 1
    assert pairs(early)[frozenset((A, B))] == 1  # MOU signed 2019
    with pytest.raises(ParameterError, match="empty time window"):
        build_network(small, start="2023", end="2022")
    with pytest.raises(ParameterError, match="not a date"):
        build_network(small, start="last year")
    assert build_network(small, end="2024-04")  # to the end of April
    assert pairs(build_network(small, end="2024-02"))[frozenset((A, X))] == 1


def test_edge_kind_source_and_exclude_filters(small):
    only = build_network(small, edge_kinds=["partner-city"])
    assert {d["kind"] for *_, d in only.edges(data=True)} == {"partner-city"}
    one = build_network(small, sources=["t-art-1"])
    forum = [(A, U), (A, X), (A, C), (U, X), (U, C), (X, C)]
    assert set(pairs(one)) == {frozenset(p) for p in forum}
    without = build_network(small, exclude=["Alpha City"])
    assert A not in without and frozenset((B, X)) in pairs(without)
    with pytest.raises(ParameterError):
        build_network(small, edge_kinds=["friendship"])
    with pytest.raises(ParameterError, match="unknown actor"):
        build_network(small, exclude=["Nowhere City"])


def test_bipartite_and_its_projection(small, small_net):
    Bn = build_network(small, "bipartite")
    assert {n for n, d in Bn.nodes(data=True) if d["bipartite"] == 1} == {FORUM, COUNCIL, CONF}
    assert Bn.nodes[FORUM]["kind"] == "Forum" and Bn.nodes[FORUM]["date"] == "2021-11-23"
    assert Bn[C][FORUM]["events"] == [str(CGR["t-forum-2021-s1"])]
    shared = {frozenset((u, v)): d["weight"]
              for u, v, k, d in small_net.edges(keys=True, data=True) if k == "shared-event"}
    assert {frozenset((u, v)): d["weight"] for u, v, d in projection(Bn).edges(data=True)} == shared


def test_country_network(small):
    Cn = build_network(small, "country")
    korea, china, japan = (str(CGR[f"t-{c}"]) for c in ("korea", "china", "japan"))
    assert sorted(Cn) == sorted([korea, china, japan])
    assert sorted(Cn[china][korea]) == ["partner-city", "shared-event"]
    assert Cn.nodes[japan]["internal_weight"] == 1 and Cn.nodes[korea]["internal_weight"] == 2
    assert Cn.nodes[korea]["actors"] == [A, B, F]


def test_exportable_writes_graphml_and_gexf(small, small_net, tmp_path):
    for G in (small_net, build_network(small, "bipartite"), combine(small_net)):
        H = exportable(G)
        nx.write_graphml(H, tmp_path / "n.graphml")
        nx.write_gexf(H, tmp_path / "n.gexf")
        back = nx.read_graphml(tmp_path / "n.graphml")
        assert sorted(back) == sorted(G)
    events = exportable(small_net)[A][X]["shared-event"]["events"]
    assert json.loads(events) == sorted([COUNCIL, FORUM])


def test_shortest_path_names_the_ties(small, small_net):
    steps = shortest_path(small, "파이군", "Gamma City")
    assert [(s.source, s.target) for s in steps] == [(F, B), (B, A), (A, C)]
    assert steps[1].ties[0].via == [{"id": str(CGR["t-mou-a-b"]), "label": "Alpha–Beta MOU"}]
    assert [t.kind for t in steps[2].ties] == ["partner-city", "shared-event"]
    # the same on a network, and a route around an excluded actor
    assert shortest_path(small_net, F, C) == steps
    around = shortest_path(small, "Phi County", "Gamma City", exclude=["Alpha City"])
    assert [s.target for s in around] == [B, X, C]


def test_shortest_path_not_connected_or_bad_names(small):
    with pytest.raises(NoPathError, match="not connected"):
        shortest_path(small, "Delta City", "Alpha City")
    with pytest.raises(NoPathError, match="no ties"):
        shortest_path(small, "United Body", "Alpha City", start=2022)
    with pytest.raises(ParameterError, match="same actor"):
        shortest_path(small, "Alpha City", "알파시")
    with pytest.raises(ParameterError, match="unknown actor"):
        shortest_path(small, "Alpha City", "Omega")


# --- the shipped data --------------------------------------------------------


def node(graph, name):
    return str(resolve(graph, name, [CG.Organisation]))


def test_iclei_ties_the_incheon_forum_to_gwangmyeong(shipped_graph):
    M = build_network(shipped_graph)
    iclei, gm, incheon = (node(shipped_graph, n) for n in ("iclei", "gwangmyeong", "incheon"))
    forum = str(CGR["forum-low-carbon-cities-2021"])
    assert forum in M[iclei][incheon]["shared-event"]["events"]
    gm_events = set(M[iclei][gm]["shared-event"]["events"])
    assert gm_events and forum not in gm_events


def test_kind_is_the_most_specific_class(shipped_graph):
    M = build_network(shipped_graph)
    # ICLEI is a city network, whether or not it is also typed an international body
    assert M.nodes[node(shipped_graph, "iclei")]["kind"] == "CityNetwork"
    assert M.nodes[node(shipped_graph, "unescap")]["kind"] == "IntergovernmentalOrganisation"
    assert M.nodes[node(shipped_graph, "gwangmyeong")]["kind"] == "LocalGovernment"


def test_path_gwangmyeong_to_unescap(shipped_graph):
    steps = shortest_path(shipped_graph, "gwangmyeong", "unescap")
    H = combine(build_network(shipped_graph))
    gm, unescap = node(shipped_graph, "gwangmyeong"), node(shipped_graph, "unescap")
    assert (steps[0].source, steps[-1].target) == (gm, unescap)
    assert len(steps) == nx.shortest_path_length(H, gm, unescap)
    assert all(t.via and t.sources for s in steps for t in s.ties)
    route = {s.target for s in steps} | {v["id"] for s in steps for t in s.ties for v in t.via}
    assert node(shipped_graph, "iclei") in route or len(steps) >= 2


def test_window_before_2022_holds_no_2024_event(shipped_graph):
    q = """PREFIX cg: <https://w3id.org/climategraph/ontology#>
    SELECT ?e WHERE { ?e cg:startDate ?d FILTER(STR(?d) >= "2024") }"""
    late = {str(r[0]) for r in shipped_graph.query(q)}
    assert late
    for kind in ("actor", "bipartite"):
        G = build_network(shipped_graph, kind, end="2021")
        used = {e for *_, d in G.edges(data=True) for e in d["events"]} | set(G)
        assert not late & used


def test_shipped_metrics_equal_networkx(shipped_graph):
    check_against_networkx(build_network(shipped_graph))


# --- the CLI -------------------------------------------------------------------


def invoke(*args):
    return CliRunner().invoke(cli, [*args], catch_exceptions=False)


@pytest.mark.parametrize("network", ["actor", "bipartite", "country"])
def test_analyze_every_format(network):
    table = invoke("analyze", "--network", network, "--top", "5")
    assert table.exit_code == 0 and f"{network} network" in table.output
    doc = json.loads(invoke("analyze", "--network", network, "--format", "json").output)
    assert doc["network"] == network and doc["edges"] > 0 and doc["communities"]
    assert {"id", "label", "kind", "country", "degree", "weighted_degree", "betweenness",
            "pagerank", "community"} <= set(doc["nodes"][0])
    rows = list(csv.DictReader(io.StringIO(invoke("analyze", "--network", network,
                                                  "--format", "csv").output)))
    assert len(rows) == len(doc["nodes"]) and rows[0]["id"] == doc["nodes"][0]["id"]


def test_analyze_filters_on_fixture():
    out = invoke("analyze", "--data", str(SMALL), "--from", "2022", "--format", "json")
    doc = json.loads(out.output)
    assert U not in {n["id"] for n in doc["nodes"]} and doc["filters"]["from"] == "2022-01-01"
    bad = CliRunner().invoke(cli, ["analyze", "--data", str(SMALL), "--to", "soon"])
    assert bad.exit_code == 2 and "not a date" in bad.output


@pytest.mark.parametrize("option", ["--from", "--to"])
@pytest.mark.parametrize("day", ["2024-02-30", "2021-13"])
def test_impossible_dates_exit_2(option, day):
    bad = CliRunner().invoke(cli, ["analyze", "--data", str(SMALL), option, day])
    assert bad.exit_code == 2, bad.output
    assert f"not a date: '{day}'" in bad.output and len(bad.output.strip().splitlines()) == 1


def test_path_cli():
    table = invoke("path", "gwangmyeong", "unescap")
    assert table.exit_code == 0 and "step" in table.output
    doc = json.loads(invoke("path", "광명시", "unescap", "--format", "json").output)
    assert doc["steps"] and doc["steps"][0]["ties"][0]["via"]
    apart = CliRunner().invoke(cli, ["path", "Delta City", "Alpha City", "--data", str(SMALL)])
    assert apart.exit_code == 1 and "not connected" in apart.output
    unknown = CliRunner().invoke(cli, ["path", "Atlantis", "Alpha City", "--data", str(SMALL)])
    assert unknown.exit_code == 2 and "unknown actor" in unknown.output


def test_pipeline_stage_writes_reports(shipped_graph, tmp_path):
    written = analysis.write_reports(shipped_graph, tmp_path)
    assert [p.name for p, _ in written] == ["analysis.json", "analysis.md"]
    doc = json.loads((tmp_path / "analysis.json").read_text())
    assert doc["network"] == "actor" and doc["nodes"]
    text = (tmp_path / "analysis.md").read_text()
    gm = label(shipped_graph, CGR["gwangmyeong"], "en")
    assert "## Communities" in text and "## Brokers" in text and gm in text
    clear_caches()  # the second run computes everything again
    analysis.write_reports(shipped_graph, tmp_path / "again")
    again = (tmp_path / "again" / "analysis.json").read_bytes()
    assert again == (tmp_path / "analysis.json").read_bytes()


def test_the_report_names_the_seed_used(shipped_graph, tmp_path):
    analysis.write_reports(shipped_graph, tmp_path, seed=7)
    assert json.loads((tmp_path / "analysis.json").read_text())["seed"] == 7
    text = (tmp_path / "analysis.md").read_text()
    assert "## Communities (Louvain, seed 7)" in text and "seed 42" not in text


def _participation_by_loop(H, group):
    """The participation coefficient as its definition reads, one node at a time."""
    from collections import defaultdict

    result = {}
    for node in H:
        shares = defaultdict(float)
        for other, data in H[node].items():
            if group.get(other) is not None:
                shares[group[other]] += data.get("weight", 1)
        total = sum(shares.values())
        result[node] = 1.0 - sum((s / total) ** 2 for s in shares.values()) if total else 0.0
    return result


def test_participation_equals_its_definition(shipped_graph):
    import random

    from climategraph.network.arrays import participation
    from climategraph.network.build import build_network
    from climategraph.network.transform import weighted

    H = weighted(build_network(shipped_graph, "actor", shared=True))
    R = nx.gnp_random_graph(80, 0.08, seed=5)
    rng = random.Random(5)
    for u, v in R.edges():
        R[u][v]["weight"] = rng.randint(1, 5)
    R.add_node(999)  # isolated
    for G in (H, R):
        groups = {n: (None if i % 7 == 0 else i % 4) for i, n in enumerate(G)}
        found = participation(G, groups)
        expected = _participation_by_loop(G, groups)
        assert found.keys() == expected.keys()
        assert all(abs(found[n] - expected[n]) < 1e-12 for n in G)
        assert any(0 < found[n] < 1 for n in G)


def test_as_dict_is_dataclasses_asdict_with_rounded_floats(shipped_graph):
    """The analysis' plain data equals the generic deep copy's, each part a copy."""
    import dataclasses

    from climategraph.network.analysis import analyze

    result = analyze(shipped_graph)
    data = result.as_dict(digits=4)
    expected = dataclasses.asdict(result)
    expected["nodes"] = [{k: round(v, 4) if isinstance(v, float) else v for k, v in n.items()}
                         for n in result.nodes]
    assert data == expected and data["communities"] and data["articulation_points"]
    data["communities"][0]["members"].clear()
    data["filters"]["edge_kinds"].clear()
    data["main_core"][0]["label"] = "changed"
    assert result.as_dict(digits=4) == expected  # the result is not changed through it
