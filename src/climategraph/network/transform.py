"""Forms of a network: ties merged per pair (:func:`combine`), simple and weighted views,
and an exportable copy. The only module that touches networkx's internals.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx



def combine(M: nx.Graph, *, presorted: bool = False) -> nx.Graph:
    """A simple ``nx.Graph`` with one edge per pair: weights summed over tie kinds.

    Lists (``events``, ``links``, ``sources``) are merged, sorted and without
    repeats; ``kinds`` lists the tie kinds. Node attributes and ``G.graph`` are
    kept. A simple graph is copied. With ``presorted`` the ties' lists are sorted
    and without repeats already (as :func:`~climategraph.network.build.build_network`
    gives them), so a pair's single tie lends the edge its lists, shared as
    networkx's ``copy`` shares attribute values (for the 10^6 actor network, where
    99 % of the pairs have one tie: 5.8 s with the sorting, 4.7 s copying the
    lists, 2.7 s sharing them).

    >>> import networkx as nx
    >>> M = nx.MultiGraph()
    >>> _ = M.add_edge("a", "b", key="agreement", kind="agreement", weight=1, sources=["s1"])
    >>> _ = M.add_edge("a", "b", key="shared-event", kind="shared-event", weight=2)
    >>> G = combine(M)
    >>> G["a"]["b"]["weight"], G["a"]["b"]["kinds"], G["a"]["b"]["sources"]
    (3, ['agreement', 'shared-event'], ['s1'])
    """
    import networkx as nx

    G = nx.Graph(**M.graph)
    if M.is_multigraph() and list(M) == sorted(M, key=str):
        return _by_rows(M, G, _merged_presorted if presorted else _merged, loops=True)
    G.add_nodes_from(sorted(M.nodes(data=True), key=lambda nd: str(nd[0])))
    for u, v, data in sorted(M.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if not G.has_edge(u, v):
            G.add_edge(u, v, weight=0, kinds=[], events=[], links=[], sources=[])
        e = G[u][v]
        e["weight"] += data.get("weight", 1)
        e["kinds"] = sorted(set(e["kinds"]) | ({data["kind"]} if "kind" in data else set()))
        for attr in ("events", "links", "sources"):
            e[attr] = sorted(set(e[attr]) | set(data.get(attr, ())))
    return G


def _merged(ties: dict[Any, dict[str, Any]]) -> dict[str, Any]:
    """One edge of :func:`combine` from the ties of a pair (in key order)."""
    if len(ties) == 1:  # most pairs (the 10^6 actor network: 99 %), the same edge faster
        (data,) = ties.values()
        return {"weight": 0 + data.get("weight", 1),
                "kinds": [data["kind"]] if "kind" in data else [],
                "events": _unique(data.get("events")), "links": _unique(data.get("links")),
                "sources": _unique(data.get("sources"))}
    edge: dict[str, Any] = {"weight": 0, "kinds": [], "events": [], "links": [],
                            "sources": []}
    kinds: set[str] = set()
    for data in ties.values():
        edge["weight"] += data.get("weight", 1)
        if "kind" in data:
            kinds.add(data["kind"])
    edge["kinds"] = sorted(kinds)
    for attr in ("events", "links", "sources"):
        if len(ties) == 1:
            edge[attr] = sorted(set(next(iter(ties.values())).get(attr, ())))
        else:
            edge[attr] = sorted(set().union(*(d.get(attr, ()) for d in ties.values())))
    return edge


def _merged_presorted(ties: dict[Any, dict[str, Any]]) -> dict[str, Any]:
    """:func:`_merged` of ties whose lists are sorted and without repeats: a single
    tie's lists are the edge's (shared, not copied)."""
    if len(ties) != 1:
        return _merged(ties)
    (data,) = ties.values()
    return {"weight": 0 + data.get("weight", 1),
            "kinds": [data["kind"]] if "kind" in data else [],
            "events": data.get("events") or [], "links": data.get("links") or [],
            "sources": data.get("sources") or []}


def _unique(values: Any) -> list[Any]:
    """``sorted(set(values))`` (empty for None), without the set for 0 or 1 values."""
    if not values:
        return []
    return list(values) if len(values) == 1 else sorted(set(values))


def _total_weight(ties: dict[Any, dict[str, Any]]) -> dict[str, Any]:
    """One edge of :func:`weighted`: the weights of a pair's ties, summed in order."""
    return {"weight": sum(data.get("weight", 1) for data in ties.values())}


def _by_rows(M: nx.MultiGraph, G: nx.Graph, merge: Any, *, loops: bool) -> nx.Graph:
    """``G`` filled from a multigraph whose nodes are in sorted order (the actor
    network's): one edge per pair, ``merge(ties of the pair)``, each adjacency row
    written at once in sorted order, which is the order the sorted edges would give
    it through ``add_edge``. Self-loops are kept only with ``loops``."""
    for node, data in M.nodes(data=True):
        G.add_node(node, **data)
    adj = G._adj
    for u, row in M._adj.items():
        mine = adj[u]
        for v in sorted(row, key=str):
            if v == u and not loops:
                continue
            done = adj[v].get(u)
            mine[v] = merge(row[v]) if done is None else done
    return G


def simple(G: nx.Graph) -> nx.Graph:
    """One edge per pair (:func:`combine`) and no self-loops, for the metrics.

    >>> import networkx as nx
    >>> sorted(simple(nx.MultiGraph([("a", "a"), ("a", "b"), ("a", "b")])).edges(data="weight"))
    [('a', 'b', 2)]
    """
    import networkx as nx

    H = combine(G) if G.is_multigraph() else G.copy()
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    return H


def weighted(G: nx.Graph) -> nx.Graph:
    """:func:`simple` keeping only the edge weights: the same nodes (with their
    attributes), the same adjacency order and summed weights, built without merging
    the edges' lists. What the metrics need, at a fraction of the cost.

    >>> import networkx as nx
    >>> M = nx.MultiGraph([("b", "a"), ("a", "a"), ("a", "b")])
    >>> list(weighted(M).edges(data=True))
    [('a', 'b', {'weight': 2})]
    """
    import networkx as nx

    if not G.is_multigraph():
        return simple(G)
    H = nx.Graph(**G.graph)
    if list(G) == sorted(G, key=str):
        return _by_rows(G, H, _total_weight, loops=False)
    H.add_nodes_from(sorted(G.nodes(data=True), key=lambda nd: str(nd[0])))
    adjacency = H.adj
    for u, v, w in sorted(G.edges(data="weight", default=1), key=lambda e: (str(e[0]), str(e[1]))):
        if u == v:
            continue
        if v in adjacency[u]:
            adjacency[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def _safe(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        value = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def exportable(G: nx.Graph) -> nx.Graph:
    """A copy safe for GraphML and GEXF: no ``None``, lists and dicts JSON-encoded.

    The graph class (simple or multi) is kept; the edge key of a multigraph stays
    the tie kind.

    >>> import networkx as nx
    >>> G = nx.Graph(filters={"from": None})
    >>> G.add_edge("a", "b", events=["e1", "e2"], note=None)
    >>> H = exportable(G)
    >>> H["a"]["b"]["events"], H["a"]["b"]["note"], H.graph["filters"]
    ('["e1", "e2"]', '', '{"from": null}')
    """
    H = G.__class__()
    H.graph.update({k: _safe(v) for k, v in G.graph.items()})
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _safe(val) for k, val in data.items()})
    if G.is_multigraph():
        for u, v, key, data in G.edges(keys=True, data=True):
            H.add_edge(u, v, key=key, **{k: _safe(val) for k, val in data.items()})
    else:
        for u, v, data in G.edges(data=True):
            H.add_edge(u, v, **{k: _safe(val) for k, val in data.items()})
    return H


def copy(G: nx.Graph) -> nx.Graph:
    """``G.copy()`` in the same order, at a fraction of its cost on large networks.

    The graph, node and edge attribute dicts are new (``G.graph``'s dicts and lists
    too); the values in them are shared.
    """
    C = G.__class__()
    C.graph.update({k: v.copy() if isinstance(v, dict | list) else v
                    for k, v in G.graph.items()})
    C._node.update((n, d.copy()) for n, d in G._node.items())
    copies: dict[int, Any] = {}
    multi = G.is_multigraph()
    for n, nbrs in G._adj.items():
        row = C._adj[n] = {}
        for m, value in nbrs.items():
            new = copies.get(id(value))
            if new is None:
                new = copies[id(value)] = (
                    {k: d.copy() for k, d in value.items()} if multi else value.copy()
                )
            row[m] = new
    return C


def with_own_nodes(G: nx.Graph) -> nx.Graph:
    """A graph whose graph and node attribute dicts are copies of ``G``'s and whose
    adjacency (the edges and their attribute dicts) *is* ``G``'s: for a caller that
    annotates the nodes and only reads the edges (the GraphML export sets the node
    metrics), without a second copy of a large network's edges.

    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2)
    >>> H = with_own_nodes(G); H.nodes["a"]["rank"] = 1
    >>> "rank" in G.nodes["a"], H["a"]["b"] is G["a"]["b"]
    (False, True)
    """
    H = G.__class__()
    H.graph.update({k: v.copy() if isinstance(v, dict | list) else v
                    for k, v in G.graph.items()})
    H._node.update((n, d.copy()) for n, d in G._node.items())
    H._adj = G._adj
    if G.is_directed():
        H._pred, H._succ = G._pred, G._succ
    return H


def add_keyed_ties(M: nx.MultiGraph, ties: Iterable[tuple[Any, Any, str, dict[str, Any]]]) -> None:
    """Add ``(a, b, key, attrs)`` ties to ``M`` as ``M.add_edge(a, b, key=key, **attrs)``
    would in this order, at half the cost: both ends are nodes of ``M`` already and
    there is no self-loop. The attribute dicts are kept, not copied.

    >>> import networkx as nx
    >>> M = nx.MultiGraph()
    >>> M.add_nodes_from("abc")
    >>> add_keyed_ties(M, [("a", "b", "agreement", {"weight": 1}), ("a", "c", "agreement", {})])
    >>> dict(M["a"]["b"]), M.number_of_edges()
    ({'agreement': {'weight': 1}}, 2)
    """
    adj = M._adj
    for a, b, kind, attrs in ties:
        keys = adj[a].get(b)
        if keys is None:
            keys = adj[a][b] = adj[b][a] = {}
        keys[kind] = attrs
