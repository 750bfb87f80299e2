"""The data of a network page: the network to draw, colours, sizes, tooltips and legend.

Pages are deterministic: sorted nodes and edges, a fixed layout seed, no timestamp
(the heading gives the data's date range instead).
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING, Any

from climategraph.choices import DEFAULT_SEED
from climategraph.errors import ParameterError
from climategraph.network.style import SEVERAL, TIE_COLOURS
from climategraph.network.style import natural as _natural
from climategraph.network.style import palette as _palette
from climategraph.network.style import sizes as _sizes
from climategraph.pages.spec import LARGE, PageSpec

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph


# --- the network --------------------------------------------------------------------


def build(graph: Graph, spec: PageSpec) -> nx.Graph:
    """The simple graph a page draws: ``spec.network``, time-filtered and focused.

    Edges carry ``kinds``, ``events``, ``links``, ``sources`` (IRIs); ``G.graph["labels"]``
    maps event, link and article IRIs to ``(en, ko)``; ``G.graph["period"]`` is the
    data's date range ``(first, last)`` (or ``None``s).
    """
    import networkx as nx

    from climategraph.network import build as network_build
    from climategraph.network import transform
    from climategraph.pages.entity_network import full_network

    spec.check()
    if spec.network == "full":
        G = full_network(graph, start=spec.start, end=spec.end)
    else:
        raw = network_build.build_network(graph, spec.network, shared=True, start=spec.start,
                                     end=spec.end)
        G = transform.combine(raw, presorted=True)  # build_network's lists are sorted
        network_build.same_content(G, raw)  # its metrics are the kept network's
        if not raw.is_multigraph():
            for u, v, data in raw.edges(data=True):
                G[u][v]["roles"] = data.get("roles", [])
    if spec.focus:
        from climategraph.store.labels import resolve

        node = str(resolve(graph, spec.focus))
        if node not in G:
            raise ParameterError(
                f"{spec.focus!r} is not in the {spec.network} network; try --network full"
            )
        G = nx.ego_graph(G, node, radius=spec.depth)
    _add_context(graph, G)
    return G


def _add_context(graph: Graph, G: nx.Graph) -> None:
    """Labels of the events, links and articles the page cites, and the date range,
    read in bulk (:class:`~climategraph.store.labels.Facts`: what ``label`` and
    ``graph.value`` give, straight from Oxigraph when the graph is on it)."""
    from climategraph.namespaces import CG
    from climategraph.network.filters import normalise_date
    from climategraph.store.labels import Facts, labels_of

    labels = dict(G.graph.get("labels", {}))
    edges = [data for _, _, data in G.edges(data=True)]
    events: set[str] = set(chain.from_iterable(d.get("events", ()) for d in edges))
    cited = {s for _, d in G.nodes(data=True) for s in d.get("sources", ())}
    cited.update(events, chain.from_iterable(d.get("links", ()) for d in edges),
                 chain.from_iterable(d.get("sources", ()) for d in edges))
    events |= {str(n) for n in G}  # events drawn as nodes (bipartite, full)
    labels.update(labels_of(graph, cited - set(labels)))
    facts = Facts(graph)
    days: list[str] = []
    for iri in events:
        for prop in (str(CG.startDate), str(CG.plannedYear), str(CG.startTime)):
            value = facts.value(iri, prop)
            if value is not None:
                days.append(normalise_date(value[0]) or "")
                break
    G.graph["labels"] = labels
    G.graph["period"] = (min(days), max(days)) if days else (None, None)


# --- page data ---------------------------------------------------------------------


def _label(labels: dict[str, Any], iri: str, lang: str) -> str:
    pair = labels.get(iri)
    if pair:
        return str(pair[1] if lang == "ko" else pair[0])
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def metrics(G: nx.Graph) -> dict[str, dict[str, Any]]:
    """Degree, betweenness, PageRank and community per node, as the analysis computes them."""
    from climategraph.network.analysis import node_metrics

    return node_metrics(G, seed=DEFAULT_SEED)  # type: ignore[no-any-return]


def page_data(G: nx.Graph, spec: PageSpec) -> dict[str, Any]:
    """Everything the template needs: vis nodes and edges, tooltips, legend, texts."""
    from climategraph.network.analysis import sampled_sources
    from climategraph.pages import layout

    spec.check()
    labels = G.graph.get("labels", {})
    nodes = sorted(G.nodes, key=str)
    values = metrics(G)
    category = {
        n: str(values[n]["community"])
        if spec.color_by == "community"
        else str(G.nodes[n].get(spec.color_by) or "")
        for n in nodes
    }
    colours = _palette(list(category.values()))
    sizes = _sizes({n: float(values[n][spec.size_by]) for n in nodes})
    positions, physics = layout.positions(G, spec.layout, large=LARGE)
    vis_nodes, info = [], {}
    for n in nodes:
        d = G.nodes[n]
        shown = d.get("label_ko" if spec.lang == "ko" else "label_en") or _label({}, n, "en")
        node: dict[str, Any] = {"id": n, "label": shown, "color": colours[category[n]],
                                "size": sizes[n]}
        if n in positions:
            node.update(x=positions[n][0], y=positions[n][1], physics=False)
        vis_nodes.append(node)
        info[n] = _node_info(G, n, values[n], labels, spec.lang)
    vis_edges, edge_info = [], []
    pairs = layout.strongest(G, spec.max_edges)
    G.graph["drawn_edges"] = len(pairs)
    for i, (u, v) in enumerate(pairs):
        e = G[u][v]
        kinds = list(e.get("kinds", ()))
        colour = TIE_COLOURS.get(kinds[0], SEVERAL) if len(kinds) == 1 else SEVERAL
        vis_edges.append({"id": i, "from": u, "to": v, "color": colour,
                          "width": round(1 + min(float(e.get("weight", 1)), 10) / 2, 2)})
        edge_info.append(_edge_info(G, u, v, labels, spec.lang))
    return {
        "spec": spec,
        "nodes": vis_nodes,
        "edges": vis_edges,
        "info": info,
        "edge_info": edge_info,
        "physics": physics,
        "legend": _legend(category, colours, G, spec),
        "kinds": sorted({str(G.nodes[n].get("kind") or "") for n in nodes} - {""}),
        "countries": sorted({str(G.nodes[n].get("country") or "") for n in nodes} - {""}),
        "size_range": _range([float(values[n][spec.size_by]) for n in nodes]),
        "period": G.graph.get("period", (None, None)),
        "betweenness_k": sampled_sources(G, seed=DEFAULT_SEED),  # None: exact
    }


def _range(values: list[float]) -> tuple[str, str]:
    if not values:
        return ("0", "0")
    return (f"{min(values):.3g}", f"{max(values):.3g}")


def _node_info(
    G: nx.Graph, n: str, m: dict[str, Any], labels: dict[str, Any], lang: str
) -> dict[str, Any]:
    d = G.nodes[n]
    row = G.adj[n]
    sources = set(d.get("sources", ()))
    sources.update(chain.from_iterable(edge.get("sources", ()) for edge in row.values()))
    return {
        "en": str(d.get("label_en") or ""),
        "ko": str(d.get("label_ko") or ""),
        "kind": str(d.get("kind") or ""),
        "country": str(d.get("country") or ""),
        "degree": m["degree"],
        "betweenness": round(float(m["betweenness"]), 4),
        "pagerank": round(float(m["pagerank"]), 4),
        "community": m["community"],
        "sources": [_label(labels, s, lang) for s in sorted(sources)],
    }


def _edge_info(G: nx.Graph, u: str, v: str, labels: dict[str, Any], lang: str) -> dict[str, Any]:
    e = G[u][v]
    name = {n: str(G.nodes[n].get("label_ko" if lang == "ko" else "label_en") or n) for n in (u, v)}
    return {
        "ends": [name[u], name[v]],
        "kinds": list(e.get("kinds", ())),
        "roles": list(e.get("roles", ())),
        "weight": e.get("weight", 1),
        "events": [_label(labels, x, lang) for x in e.get("events", ())],
        "links": [_label(labels, x, lang) for x in e.get("links", ())],
        "sources": [_label(labels, x, lang) for x in e.get("sources", ())],
    }


def _legend(
    category: dict[str, str], colours: dict[str, str], G: nx.Graph, spec: PageSpec
) -> list[tuple[str, str, int]]:
    """(category, colour, number of nodes) for the colour legend, sorted."""
    counts: dict[str, int] = {}
    for value in category.values():
        counts[value] = counts.get(value, 0) + 1
    return [(value, colours[value], counts[value]) for value in sorted(counts, key=_natural)]
