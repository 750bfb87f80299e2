"""How two actors are connected: the shortest path and the ties behind each step.

A path has the fewest steps; among all equally short paths, the heaviest one (the
largest sum of tie weights), found exactly by a dynamic programme over the
shortest-path DAG (:func:`heaviest_shortest_path`); remaining ties go to the path
first by node IRIs. :mod:`climategraph.network.analysis` re-exports this module's API.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from climategraph.errors import ClimateGraphError, ParameterError
from climategraph.network.build import build_network
from climategraph.network.transform import simple

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph


class NoPathError(ClimateGraphError):
    """Two actors that are not connected in the network (the CLI exits with 1)."""


@dataclass(frozen=True)
class Tie:
    """One kind of tie behind a step: the events or links (partner relation,
    agreement) that make it, and the articles they come from."""

    kind: str
    weight: int
    via: list[dict[str, str]]
    sources: list[str]


@dataclass(frozen=True)
class Step:
    """One step of a path: from one actor to the next, with the ties between them."""

    source: str
    source_label: str
    target: str
    target_label: str
    ties: list[Tie] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


def _node_for(G: nx.Graph, graph: Graph | None, name: str) -> str:
    if graph is not None:
        from climategraph.namespaces import CG
        from climategraph.store.labels import resolve

        return str(resolve(graph, name, [CG.Organisation], what="actor"))
    if name in G:
        return name
    key = name.strip().casefold()
    hits = sorted(
        n for n, d in G.nodes(data=True)
        if key in {str(d.get("label_en", "")).casefold(), str(d.get("label_ko", "")).casefold()}
    )
    if len(hits) != 1:
        what = "ambiguous" if hits else "unknown"
        raise ParameterError(f"{what} actor {name!r}", name=name, candidates=hits)
    return hits[0]


def shortest_path(
    graph_or_network: Graph | nx.Graph, a: str, b: str, **filters: Any
) -> list[Step]:
    """The shortest connection between two actors, with the ties behind each step.

    Parameters
    ----------
    graph_or_network : rdflib.Graph or networkx.Graph
        The loaded graph (names are resolved with :func:`climategraph.store.labels.resolve`
        and the actor network is built with ``filters``), or a network from
        :func:`build_network` (names are node IRIs or exact labels).
    a, b : str
        The two actors (label in English or Korean, slug or IRI).
    **filters
        Passed to :func:`build_network` (``start``, ``end``, ``edge_kinds``,
        ``sources``, ``exclude``).

    Returns
    -------
    list of Step
        Fewest steps, then heaviest ties (exact: :func:`heaviest_shortest_path`).

    Raises
    ------
    NoPathError
        When the two actors are not connected (or one has no ties in the network).

    Examples
    --------
    >>> from climategraph.store.load import load_graph
    >>> from climategraph.store.project import project_root
    >>> g = load_graph([project_root() / "tests/fixtures/network-small.ttl"])
    >>> steps = shortest_path(g, "t-city-f", "t-city-c")
    >>> [s.target_label for s in steps], [t.kind for t in steps[2].ties]
    (['Beta City', 'Alpha City', 'Gamma City'], ['partner-city', 'shared-event'])
    """
    import networkx as nx

    is_network = isinstance(graph_or_network, nx.Graph)
    graph = None if is_network else graph_or_network
    M = graph_or_network if is_network else build_network(graph, "actor", shared=True, **filters)  # type: ignore[arg-type]
    u, v = (_node_for(M, graph, x) for x in (a, b))  # type: ignore[arg-type]
    if u == v:
        raise ParameterError(f"{a!r} and {b!r} are the same actor")
    H = simple(M)  # type: ignore[arg-type]
    for node, name in ((u, a), (v, b)):
        if node not in H:
            raise NoPathError(f"{name!r} has no ties in this network")
    best = heaviest_shortest_path(H, u, v)
    return [_step(M, x, y) for x, y in itertools.pairwise(best)]  # type: ignore[arg-type]


def heaviest_shortest_path(H: nx.Graph, u: Any, v: Any) -> list[Any]:
    """Of all the fewest-step paths from ``u`` to ``v``, the heaviest (exact).

    Breadth-first layers from both ends keep the nodes on some shortest path;
    over that DAG a dynamic programme gives each node the heaviest weight to
    ``v``; walking from ``u``, each step takes the heaviest continuation, ties
    broken by the smaller node (as ``str``), so the path is also the first by
    node names among the heaviest.

    >>> import networkx as nx
    >>> G = nx.Graph([("u", "a"), ("a", "v"), ("u", "b"), ("b", "v"), ("u", "c"), ("c", "v")])
    >>> G["u"]["b"]["weight"] = 3
    >>> heaviest_shortest_path(G, "u", "v")
    ['u', 'b', 'v']
    """
    import networkx as nx

    from_u = nx.single_source_shortest_path_length(H, u)
    if v not in from_u:
        la, lb = H.nodes[u].get("label_en", u), H.nodes[v].get("label_en", v)
        raise NoPathError(f"{la} and {lb} are not connected in this network")
    to_v = nx.single_source_shortest_path_length(H, v)
    hops = from_u[v]
    on = {n for n, d in from_u.items() if d + to_v.get(n, hops + 1) == hops}

    def ahead(n: Any) -> list[Any]:  # the next nodes on a shortest path, sorted
        return sorted((m for m in H[n] if m in on and from_u[m] == from_u[n] + 1), key=str)

    best: dict[Any, float] = {v: 0}
    for n in sorted(on - {v}, key=lambda n: -from_u[n]):  # from v's side back to u
        best[n] = max(H[n][m].get("weight", 1) + best[m] for m in ahead(n))
    path = [u]
    while path[-1] != v:
        n = path[-1]
        path.append(next(m for m in ahead(n) if H[n][m].get("weight", 1) + best[m] == best[n]))
    return path


def _step(M: nx.Graph, x: str, y: str) -> Step:
    labels = M.graph.get("labels", {})
    edges = M[x][y]
    datas = [edges[k] for k in sorted(edges)] if M.is_multigraph() else [edges]
    ties = []
    for d in datas:
        refs = list(d.get("events", [])) + list(d.get("links", []))
        via = [{"id": r, "label": labels.get(r, (r, r))[0]} for r in refs]
        ties.append(Tie(d.get("kind", ""), d.get("weight", 1), via, list(d.get("sources", []))))
    return Step(x, M.nodes[x].get("label_en", x), y, M.nodes[y].get("label_en", y), ties)
