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

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx



#: width in layout units that the local governments' bounding box is scaled to
GEO_SPAN = 1200.0
#: distance at which a node without coordinates is placed around its anchor
RING = 60.0


def positions(
    G: nx.Graph, layout: str, *, large: int = 1000
) -> tuple[dict[str, tuple[float, float]], bool]:
    """Fixed positions and whether physics runs.

    ``geo``: nodes with ``lat``/``lon`` by their coordinates (equirectangular), the
    others near the nodes they are tied to, physics off. ``physics``: no positions
    (vis-network lays out with a fixed seed) unless the graph has more than ``large``
    nodes; then a force-directed layout computed here (igraph's grid
    Fruchterman-Reingold when igraph is installed, else networkx's spring layout;
    both seeded) and physics off, so a large page opens at once.
    """
    if layout == "geo":
        return _geo(G), False
    if G.number_of_nodes() > large:
        scale = 40.0 * math.sqrt(len(G))
        pos = _igraph_layout(G, scale)
        if pos is None:
            import networkx as nx

            pos = nx.spring_layout(G, seed=42, iterations=30, scale=scale)
        fixed = {str(n): (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}
        return fixed, False
    return {}, True


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
    pairs = sorted(tuple(sorted((str(a), str(b)))) for a, b in G.edges)
    if not limit or len(pairs) <= limit:
        return pairs  # type: ignore[return-value]

    def rank(pair: tuple[str, ...]) -> tuple[float, tuple[str, ...]]:
        return (-float(G.edges[pair].get("weight", 1)), pair)

    ranked = sorted(pairs, key=rank)
    first: dict[str, tuple[str, ...]] = {}
    for pair in ranked:
        for node in pair:
            first.setdefault(node, pair)
    chosen = sorted(set(first.values()), key=rank)[:limit]
    kept = set(chosen)
    for pair in ranked:
        if len(kept) >= limit:
            break
        kept.add(pair)
    return sorted(kept)  # type: ignore[arg-type]


def _igraph_layout(G: nx.Graph, scale: float) -> dict[Any, tuple[float, float]] | None:
    """igraph's grid Fruchterman-Reingold (linear per iteration: 0.4 s for 10^4 nodes
    and 7.5 x 10^5 edges, where networkx's spring layout takes minutes), seeded,
    scaled to ``[-scale, scale]``; None when igraph is not installed."""
    try:
        import igraph
    except ImportError:
        return None
    import random

    nodes = sorted(G.nodes(), key=str)
    index = {n: i for i, n in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=sorted((index[a], index[b]) for a, b in G.edges()))
    igraph.set_random_number_generator(random.Random(42))
    try:
        coords = graph.layout_fruchterman_reingold(niter=100, grid=True).coords
    finally:
        igraph.set_random_number_generator(random)
    span = max((abs(c) for xy in coords for c in xy), default=1.0) or 1.0
    return {n: (x * scale / span, y * scale / span) for n, (x, y) in zip(nodes, coords)}


def _geo(G: nx.Graph) -> dict[str, tuple[float, float]]:
    placed: dict[str, tuple[float, float]] = {}
    coords = {
        str(n): (float(d["lat"]), float(d["lon"]))
        for n, d in G.nodes(data=True)
        if d.get("lat") is not None and d.get("lon") is not None
    }
    if coords:
        lats = [c[0] for c in coords.values()]
        lons = [c[1] for c in coords.values()]
        squash = math.cos(math.radians(sum(lats) / len(lats)))
        span = max((max(lons) - min(lons)) * squash, max(lats) - min(lats), 1e-6)
        k = GEO_SPAN / span
        for n, (lat, lon) in sorted(coords.items()):
            placed[n] = (round((lon - min(lons)) * squash * k, 1), round((max(lats) - lat) * k, 1))
    rest = sorted(str(n) for n in G if str(n) not in placed)
    while rest:
        ready = [n for n in rest if any(str(m) in placed for m in G[n])]
        if not ready:
            break
        for i, n in enumerate(ready):
            anchors = [placed[str(m)] for m in G[n] if str(m) in placed]
            cx = sum(a[0] for a in anchors) / len(anchors)
            cy = sum(a[1] for a in anchors) / len(anchors)
            angle = 2 * math.pi * ((i * 0.618034) % 1.0)
            radius = RING * (1 + (i % 3) * 0.5)
            x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            placed[n] = (round(x, 1), round(y, 1))
        rest = [n for n in rest if n not in placed]
    bottom = max((p[1] for p in placed.values()), default=0.0) + 2 * RING
    for i, n in enumerate(rest):  # tied to nothing placed: a row below the map
        placed[n] = (round((i % 8) * 3 * RING, 1), round(bottom + (i // 8) * RING, 1))
    return placed


def options(physics: bool, iterations: int) -> dict[str, Any]:
    """vis-network options: bounded, seeded stabilisation; hover tooltips."""
    return {
        "layout": {"randomSeed": 42, "improvedLayout": True},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": physics, "iterations": iterations, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
        "nodes": {"shape": "dot", "font": {"size": 14, "face": "sans-serif"}},
        "edges": {"smooth": False, "color": {"inherit": False}},
    }
