"""The igraph backend of the network metrics gives networkx's values, the
sampled betweenness is seeded and said to be approximate, and a network's metrics
are computed once per content.

networkx is the reference: every comparison runs networkx itself on the same simple
graph, on the shipped data's networks and on seeded random graphs.
"""

from __future__ import annotations

import json
import random
import sys

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from climategraph.cli import cli
from climategraph.errors import ParameterError
from climategraph.network import analysis, backends
from climategraph.network.analysis import node_metrics
from climategraph.network.build import build_network, clear_caches
from climategraph.network.transform import simple, weighted


def random_graph(seed: int, n: int = 120, p: float = 0.06) -> nx.Graph:
    """A seeded random graph with weights, a pendant chain and an isolated node."""
    G = nx.gnp_random_graph(n, p, seed=seed)
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.randint(1, 4)
    G.add_edges_from([(0, n), (n, n + 1)], weight=1)
    G.add_node(n + 2)
    return nx.relabel_nodes(G, {x: f"n{x:03d}" for x in G})


def networks(shipped_graph):
    found = {kind: weighted(build_network(shipped_graph, kind)) if kind != "bipartite"
             else simple(build_network(shipped_graph, kind))
             for kind in ("actor", "bipartite", "country")}
    found |= {f"random-{seed}": random_graph(seed) for seed in (1, 2, 3)}
    return found


def agree(a: dict, b: dict, tolerance: float = 1e-9) -> None:
    assert a.keys() == b.keys()
    worst = max((abs(a[n] - b[n]) for n in a), default=0.0)
    assert worst <= tolerance, worst


def test_igraph_gives_networkx_values(shipped_graph):
    for name, H in networks(shipped_graph).items():
        fast = backends.structure(H, backend="igraph")
        agree(fast["betweenness"], nx.betweenness_centrality(H, normalized=True))
        assert fast["clustering"] == nx.clustering(H), name  # the same floats
        assert fast["core"] == nx.core_number(H), name
        assert fast["articulation_points"] == set(nx.articulation_points(H)), name
        if name != "country":  # five countries, all tied: no one in between
            assert max(fast["betweenness"].values()) > 0, name


def test_large_betweenness_split_over_two_processes(shipped_graph, monkeypatch):
    """Above SPLIT_WORK the exact betweenness is the sum of an even and an odd half,
    the odd one computed by a second Python process: still networkx's values."""
    import subprocess

    monkeypatch.setattr(backends, "SPLIT_WORK", 1)
    started = []
    real = subprocess.Popen

    def popen(*args, **kwargs):
        started.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    for name in ("actor", "random-1"):
        H = networks(shipped_graph)[name]
        agree(backends.betweenness(H, backend="igraph"),
              nx.betweenness_centrality(H, normalized=True))
    assert len(started) == 2 and "_worker" in started[0][-1]


def test_split_betweenness_without_a_second_process(monkeypatch):
    """If the second process cannot start or dies, both halves run in this one."""
    import subprocess

    H = random_graph(4)
    expected = nx.betweenness_centrality(H, normalized=True)
    monkeypatch.setattr(backends, "SPLIT_WORK", 1)

    def cannot(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(subprocess, "Popen", cannot)
    agree(backends.betweenness(H, backend="igraph"), expected)
    monkeypatch.undo()
    monkeypatch.setattr(backends, "SPLIT_WORK", 1)
    monkeypatch.setattr(sys, "executable", "/bin/false")  # starts, answers nothing
    agree(backends.betweenness(H, backend="igraph"), expected)


def test_sampled_betweenness_is_networkx_sample(shipped_graph):
    for H in networks(shipped_graph).values():
        for k in sorted({k for k in (2, 7, len(H) // 2) if 2 <= k < len(H)}):
            fast = backends.betweenness(H, k=k, seed=5, backend="igraph")
            slow = backends.betweenness(H, k=k, seed=5, backend="networkx")
            agree(fast, nx.betweenness_centrality(H, k=k, normalized=True, seed=5))
            agree(fast, slow)
        exact = nx.betweenness_centrality(H, normalized=True)
        agree(backends.betweenness(H, k=len(H) + 5, backend="igraph"), exact)


def test_node_metrics_equal_across_backends(shipped_graph):
    for name, H in networks(shipped_graph).items():
        fast = node_metrics(H, backend="igraph")
        slow = node_metrics(H, backend="networkx")
        assert fast.keys() == slow.keys(), name
        for n in fast:
            for key, value in slow[n].items():
                if isinstance(value, float):
                    assert fast[n][key] == pytest.approx(value, abs=1e-9), (name, n, key)
                else:
                    assert fast[n][key] == value, (name, n, key)


def test_analyze_is_the_same_on_both_backends(shipped_graph):
    for kind in ("actor", "bipartite", "country"):
        fast = analysis.analyze(shipped_graph, kind, backend="igraph").as_dict(digits=9)
        slow = analysis.analyze(shipped_graph, kind, backend="networkx").as_dict(digits=9)
        assert fast == slow, kind


def test_weighted_is_simple_with_weights_only(shipped_graph):
    M = build_network(shipped_graph)
    M.add_edge(next(iter(M)), next(iter(M)), key="loop", weight=1)  # a self-loop
    light, full = weighted(M), simple(M)
    assert list(light.nodes(data=True)) == list(full.nodes(data=True))
    for n in full:  # the same adjacency order (Louvain follows it), the same weights
        assert list(light.adj[n]) == list(full.adj[n])
        assert [d["weight"] for d in light.adj[n].values()] == \
            [d["weight"] for d in full.adj[n].values()]


def test_backend_choice():
    assert backends.resolve_backend() == "igraph"  # installed with the project
    assert backends.resolve_backend("networkx") == "networkx"
    with pytest.raises(ParameterError, match="unknown backend"):
        backends.resolve_backend("graphblas")
    for bad in (0, 1, -3, 2.5):
        with pytest.raises(ParameterError, match=">= 2"):
            node_metrics(nx.path_graph(4), betweenness_k=bad)  # type: ignore[arg-type]


def test_metrics_computed_once_per_content(monkeypatch):
    backends.clear_cache()
    calls = []
    real = backends.structure

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(backends, "structure", counting)
    first = node_metrics(random_graph(4))
    again = node_metrics(random_graph(4))  # another object, the same network
    assert again == first and len(calls) == 1
    again["n000"]["degree"] = -1  # callers get copies
    assert node_metrics(random_graph(4))["n000"]["degree"] != -1 and len(calls) == 1
    node_metrics(random_graph(4), backend="networkx")
    node_metrics(random_graph(4), betweenness_k=10)
    changed = random_graph(4)
    changed.add_edge("n000", "n122", weight=1)
    node_metrics(changed)
    assert len(calls) == 4


def test_cli_approximate_betweenness():
    runner = CliRunner()
    exact = json.loads(runner.invoke(cli, ["analyze", "--format", "json"]).output)
    approx = runner.invoke(cli, ["analyze", "--approx-betweenness", "5", "--format", "json"])
    assert approx.exit_code == 0, approx.output
    doc = json.loads(approx.output)
    assert {n["id"] for n in doc["nodes"]} == {n["id"] for n in exact["nodes"]}
    assert [n["betweenness"] for n in doc["nodes"]] != [n["betweenness"] for n in exact["nodes"]]
    clear_caches()  # computed anew, not answered from the cache
    again = runner.invoke(cli, ["analyze", "--approx-betweenness", "5", "--format", "json"])
    assert again.output == approx.output  # seeded
    bad = runner.invoke(cli, ["analyze", "--approx-betweenness", "1"])
    assert bad.exit_code == 2
    help_text = runner.invoke(cli, ["analyze", "--help"]).output
    assert "--approx-betweenness" in help_text and "APPROXIMATE" in help_text


@pytest.fixture(scope="module")
def actor_networks(tmp_path_factory):
    """The weighted actor networks of the shipped data and of a generated 10^4 graph."""
    from climategraph.store.load import load_graph
    from climategraph.synthetic.generator import generate

    folder = tmp_path_factory.mktemp("syn-10000")
    generate(10_000, 1, folder)
    return {name: weighted(build_network(load_graph(data), "actor", shared=True))
            for name, data in (("shipped", None), ("10^4", [folder]))}


@pytest.fixture(scope="module")
def networks_1e5(tmp_path_factory):
    """The weighted actor and simple bipartite networks of a generated 10^5 graph."""
    from climategraph.store.load import load_graph
    from climategraph.synthetic.generator import generate

    folder = tmp_path_factory.mktemp("syn-100000")
    generate(100_000, 1, folder)
    graph = load_graph([folder])
    return {"10^5 actor": weighted(build_network(graph, "actor", shared=True)),
            "10^5 bipartite": simple(build_network(graph, "bipartite", shared=True))}


@pytest.mark.parametrize("name", ["shipped", "10^4",
                                  pytest.param("10^5 actor", marks=pytest.mark.slow),
                                  pytest.param("10^5 bipartite", marks=pytest.mark.slow)])
def test_leiden_modularity_within_one_percent_of_networkx_louvain(request, name):
    fixture = "networks_1e5" if name.startswith("10^5") else "actor_networks"
    H = request.getfixturevalue(fixture)[name]
    reference = nx.community.modularity(
        H, nx.community.louvain_communities(H, weight="weight", seed=42), weight="weight")
    found = backends.leiden(H, 42)
    assert set().union(*found) == set(H) and sum(map(len, found)) == len(H)
    assert nx.community.modularity(H, found, weight="weight") >= 0.99 * reference > 0
    assert backends.leiden(H, 42) == found  # seeded: the same partition again


def test_large_networks_get_leiden_communities(actor_networks, networks_1e5, monkeypatch):
    assert networks_1e5["10^5 actor"].number_of_edges() >= backends.LEIDEN_EDGES
    assert analysis._by_leiden(networks_1e5["10^5 actor"], None)
    H = actor_networks["10^4"]
    assert not analysis._by_leiden(H, None)
    louvain = analysis.communities(H)
    monkeypatch.setattr(backends, "LEIDEN_EDGES", H.number_of_edges())
    by_leiden = analysis.communities(H)
    assert by_leiden == sorted((sorted(c, key=str) for c in backends.leiden(H, 42)),
                               key=lambda c: (-len(c), str(c[0])))
    assert by_leiden != louvain
    assert analysis.communities(H, backend="networkx") == louvain  # the reference stays


def test_betweenness_is_exact_up_to_the_work_limit_and_sampled_above(actor_networks,
                                                                       monkeypatch):
    H = actor_networks["10^4"]
    n, m = H.number_of_nodes(), H.number_of_edges()
    assert n * m <= backends.EXACT_WORK  # a 10^4 graph stays exact by default
    exact = node_metrics(H)
    assert exact == node_metrics(H, betweenness_k=None)
    monkeypatch.setattr(backends, "EXACT_WORK", n * m - 1)
    monkeypatch.setattr(backends, "SAMPLED_WORK", 20 * m)  # 20 sources
    monkeypatch.setattr(backends, "SAMPLED_SHARE", 0.5)
    assert backends.auto_k(n, m) == 20
    monkeypatch.setattr(backends, "SAMPLED_SHARE", 10 / n)  # at most 10 of the n nodes
    assert backends.auto_k(n, m) == 10
    monkeypatch.setattr(backends, "SAMPLED_SHARE", 0.5)
    sampled = node_metrics(H)
    assert sampled == node_metrics(H, betweenness_k=20)
    assert [v["betweenness"] for v in sampled.values()] != \
        [v["betweenness"] for v in exact.values()]
    assert node_metrics(H, betweenness_k=None) == exact  # None: exact at any size
    monkeypatch.setattr(backends, "EXACT_WORK", None)
    assert node_metrics(H) == exact


def test_analysis_and_cli_say_when_betweenness_is_sampled(monkeypatch):
    from climategraph.network.report import markdown

    runner = CliRunner()
    exact = json.loads(runner.invoke(cli, ["analyze", "--format", "json"]).output)
    assert exact["betweenness_k"] is None
    monkeypatch.setattr(backends, "EXACT_WORK", 1)
    monkeypatch.setattr(backends, "SAMPLED_WORK", 10**3)
    auto = runner.invoke(cli, ["analyze"])
    assert auto.exit_code == 0 and "APPROXIMATE" in auto.output
    doc = json.loads(runner.invoke(cli, ["analyze", "--format", "json"]).output)
    assert 2 <= doc["betweenness_k"] < len(doc["nodes"])
    forced = runner.invoke(cli, ["analyze", "--exact-betweenness", "--format", "json"])
    assert json.loads(forced.output) == exact
    both = runner.invoke(cli, ["analyze", "--exact-betweenness", "--approx-betweenness", "5"])
    assert both.exit_code == 2 and "not both" in both.output
    from climategraph.store.load import load_graph

    assert "APPROXIMATE" in markdown(analysis.analyze(load_graph()))


@pytest.mark.parametrize("name", ["shipped", "10^4",
                                  pytest.param("10^5 actor", marks=pytest.mark.slow),
                                  pytest.param("10^5 bipartite", marks=pytest.mark.slow)])
def test_pagerank_on_the_adjacency_arrays_is_networkx_pagerank(request, name):
    """The metrics' PageRank (networkx's power iteration on the arrays the
    participation coefficients share) against networkx's own, to 1e-9."""
    from climategraph.network import arrays

    fixture = "networks_1e5" if name.startswith("10^5") else "actor_networks"
    H = request.getfixturevalue(fixture)[name]
    found = arrays.pagerank(H, arrays.adjacency(H))
    expected = nx.pagerank(H, weight="weight")
    assert list(found) == list(expected) and len(found) == H.number_of_nodes() > 40
    assert max(abs(found[n] - expected[n]) for n in H) <= 1e-9
    assert arrays.pagerank(nx.Graph(), (np.zeros(0), np.zeros(0), np.zeros(0))) == {}
