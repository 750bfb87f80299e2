"""How a network is drawn, shared by the pages and the network files (GEXF viz,
Cytoscape, CSV): the category palette, node sizes, tie colours and fixed layouts
(moved here from :mod:`climategraph.pages`, which the formats may not import).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from climategraph.choices import DEFAULT_SEED

if TYPE_CHECKING:
    import networkx as nx


#: Tableau 20: colours for categories, assigned in sorted order
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6",
    "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
)  # fmt: skip
NO_VALUE = "#c8c8c8"
TIE_COLOURS = {"shared-event": "#4e79a7", "partner-city": "#e15759", "agreement": "#59a14f"}
SEVERAL = "#7f7f7f"


def palette(values: Sequence[str]) -> dict[str, str]:
    """Category -> colour, in sorted order; the empty category is grey."""
    named = sorted({v for v in values if v != ""}, key=natural)
    colours = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(named)}
    colours[""] = NO_VALUE
    return colours


def natural(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (1 << 30, value)


def sizes(values: dict[str, float]) -> dict[str, float]:
    lo, hi = min(values.values(), default=0.0), max(values.values(), default=0.0)
    if hi <= lo:
        return {n: 18.0 for n in values}
    return {n: round(10 + 30 * (v - lo) / (hi - lo), 2) for n, v in values.items()}


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

            pos = nx.spring_layout(G, seed=DEFAULT_SEED, iterations=30, scale=scale)
        fixed = {str(n): (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}
        return fixed, False
    return {}, True


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
    igraph.set_random_number_generator(random.Random(DEFAULT_SEED))
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
        west, north = min(lons), max(lats)  # once, not per node (4 s at 10^4 nodes)
        squash = math.cos(math.radians(sum(lats) / len(lats)))
        span = max((max(lons) - west) * squash, north - min(lats), 1e-6)
        k = GEO_SPAN / span
        for n, (lat, lon) in sorted(coords.items()):
            placed[n] = (round((lon - west) * squash * k, 1), round((north - lat) * k, 1))
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
