"""Networks as files for Gephi, Cytoscape, igraph and spreadsheets: GraphML, GEXF,
Cytoscape.js JSON and CSV, with node metrics and the page's drawing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph


# --- networks ------------------------------------------------------------------


def to_network(graph: Graph, fmt: str, kind: str | None = None) -> bytes:
    """The cooperation network ``kind`` (default ``"actor"``; see
    :func:`climategraph.network.build.build_network`) as ``fmt``: ``graphml``, ``gexf``
    (1.3), ``cyjs`` (Cytoscape.js JSON) or ``csv`` (a zip of ``nodes.csv`` and
    ``edges.csv``). Node attributes kept (``label_en``, ``label_ko``, ``kind``,
    ``country`` ...) plus :func:`_add_metrics` and the page's drawing; all four from
    the same :func:`climategraph.formats.network_table.table`; no timestamp.
    """
    return b"".join(network_parts(graph, fmt, kind))


def network_parts(graph: Graph, fmt: str, kind: str | None = None) -> Iterator[bytes]:
    """:func:`to_network` in parts to write one after the other
    (:func:`climategraph.fileio.atomic_write`): GraphML a few thousand lines at a
    time (the 10^6 actor network's is 429 MB), the other formats whole. The network
    and its table are built before this returns."""
    from climategraph.formats import gexf, graphml, network_plain, network_table
    from climategraph.network import build, transform

    whole = {"gexf": gexf.gexf, "cyjs": network_plain.cyjs, "csv": network_plain.csv_zip}
    # the kept network's edges, not a copy of them (a copy of the 10^6 actor network: 1 GB)
    kept = build.build_network(graph, kind or "actor", shared=True)
    network = transform.with_own_nodes(kept)
    build.same_content(network, kept)  # the metrics are the kept network's
    _add_metrics(network)
    net = network_table.table(network)
    return graphml.graphml_parts(net) if fmt == "graphml" else iter([whole[fmt](net)])


def ordered_exportable(network: Any) -> Any:
    """The :func:`climategraph.network.build.exportable` copy of ``network`` with nodes
    sorted by ``str`` and edges by ``(str(u), str(v)[, str(key)])`` (what GEXF is
    written from; GraphML is written the same by :func:`climategraph.formats.graphml.graphml`).
    """
    from climategraph.network import transform

    safe = transform.exportable(network)
    ordered = safe.__class__()
    ordered.graph.update(safe.graph)
    ordered.add_nodes_from(sorted(safe.nodes(data=True), key=lambda n: str(n[0])))
    if safe.is_multigraph():
        edges = sorted(safe.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3])))
    else:
        edges = sorted(safe.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    ordered.add_edges_from(edges)
    return ordered


def _add_metrics(network: Any) -> None:
    """Set :func:`climategraph.network.analysis.node_metrics` (degree, weighted degree,
    betweenness, PageRank, clustering, core, community, participation, broker) on
    every node; floats rounded to 9 digits.
    """
    from climategraph.network.analysis import node_metrics

    for node, metrics in node_metrics(network).items():
        data = network.nodes[node]
        for key, value in metrics.items():
            if key not in ("label", "label_ko", "kind", "country"):
                data[key] = round(value, 9) if isinstance(value, float) else value
