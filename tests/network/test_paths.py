"""Paths between actors (climategraph.network.paths): exactly the heaviest of the shortest.

Facts on the hand-made fixture and the shipped data are in tests/test_analysis.py.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from climategraph.network.paths import NoPathError, heaviest_shortest_path, shortest_path


def weight(G, path):
    return sum(G[x][y]["weight"] for x, y in itertools.pairwise(path))


def diamonds(n):
    """``n`` diamonds in a row: 2**n shortest paths; every "b" side weighs 2."""
    G = nx.Graph()
    for i in range(n):
        for side, w in (("a", 1), ("b", 2)):
            G.add_edge(f"m{i:02d}", f"{side}{i:02d}", weight=w)
            G.add_edge(f"{side}{i:02d}", f"m{i + 1:02d}", weight=1)
    return G


def test_heaviest_among_more_than_a_thousand_shortest_paths():
    G = diamonds(11)
    every = list(nx.all_shortest_paths(G, "m00", "m11"))
    assert len(every) == 2048
    heaviest = max(weight(G, p) for p in every)
    steps = shortest_path(G, "m00", "m11")
    path = [steps[0].source] + [s.target for s in steps]
    assert weight(G, path) == heaviest == 11 * 3
    assert path == heaviest_shortest_path(G, "m00", "m11")


@pytest.mark.parametrize("seed", range(5))
def test_equals_brute_force_on_random_graphs(seed):
    G = nx.gnm_random_graph(14, 30, seed=seed)
    for k, (u, v) in enumerate(sorted(G.edges())):
        G[u][v]["weight"] = 1 + (k * 7 + seed) % 4
    for u, v in itertools.combinations(sorted(G), 2):
        if not nx.has_path(G, u, v):
            continue
        every = list(nx.all_shortest_paths(G, u, v))
        path = heaviest_shortest_path(G, u, v)
        assert len(path) == len(every[0])
        best = max(weight(G, p) for p in every)
        assert weight(G, path) == best
        # ties go to the first path by node names
        assert path == min((p for p in every if weight(G, p) == best),
                           key=lambda p: [str(n) for n in p])


def test_not_connected():
    G = nx.Graph([("a", "b"), ("c", "d")])
    with pytest.raises(NoPathError, match="not connected"):
        heaviest_shortest_path(G, "a", "d")
