"""Layouts, the ties a page draws, vis-network options and the page's texts for
:mod:`climategraph.pages.data`.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("seoul", lat=37.57, lon=126.98); G.add_node("busan", lat=35.1, lon=129.04)
>>> G.add_edge("seoul", "gcf")
>>> pos, physics = positions(G, "geo")
>>> physics, sorted(pos), pos["seoul"][0] < pos["busan"][0], pos["seoul"][1] < pos["busan"][1]
(False, ['busan', 'gcf', 'seoul'], True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from climategraph.choices import DEFAULT_SEED
from climategraph.network.style import GEO_SPAN, RING, positions  # noqa: F401 (moved)

if TYPE_CHECKING:
    import networkx as nx



def strongest(G: nx.Graph, limit: int | None = None) -> list[tuple[str, str]]:
    """The edges a page draws, sorted: all of them, or when there are more than
    ``limit``, each node's heaviest tie first (so no node with ties is drawn
    alone), then the heaviest others, up to ``limit``; ties in weight go to the
    first by node names.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 5}), ("b", "c", {"weight": 1}),
    ...               ("c", "d", {"weight": 2}), ("a", "c", {"weight": 3})])
    >>> strongest(G, 3)  # d keeps its only tie; the weakest, b-c, is left out
    [('a', 'b'), ('a', 'c'), ('c', 'd')]
    >>> len(strongest(G)), len(strongest(G, 0)), strongest(G, 1)
    (4, 4, [('a', 'b')])
    """
    ranked = _by_weight(G)
    if not limit or len(ranked) <= limit:
        return sorted((a, b) for _, a, b in ranked)
    first: dict[str, tuple[float, str, str]] = {}
    for item in ranked:
        first.setdefault(item[1], item)
        first.setdefault(item[2], item)
    chosen = sorted(set(first.values()))[:limit]
    kept = set(chosen)
    for item in ranked:
        if len(kept) >= limit:
            break
        kept.add(item)
    return sorted((a, b) for _, a, b in kept)


def _by_weight(G: nx.Graph) -> list[tuple[float, str, str]]:
    """``(-weight, a, b)`` for each edge (``a <= b`` by name), heaviest first, then
    by names: read row by row from the adjacency, without networkx's edge views
    (the 10^6 actor network's 7.5 × 10^5 edges)."""
    found = []
    for a, row in G.adj.items():
        name = str(a)
        for b, data in row.items():
            other = str(b)
            if name <= other:
                found.append((-float(data.get("weight", 1)), name, other))
    found.sort()
    return found


def options(physics: bool, iterations: int) -> dict[str, Any]:
    """vis-network options: bounded, seeded stabilisation; hover tooltips."""
    return {
        "layout": {"randomSeed": DEFAULT_SEED, "improvedLayout": True},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": physics, "iterations": iterations, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
        "nodes": {"shape": "dot", "font": {"size": 14, "face": "sans-serif"}},
        "edges": {"smooth": False, "color": {"inherit": False}},
    }
