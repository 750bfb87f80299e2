"""Who is central, who bridges, which clusters, how are A and B connected.

Metrics are networkx's definitions, run on :func:`~climategraph.network.build.combine`
(one edge per pair, weights summed over tie kinds): degree and weighted degree,
betweenness (normalised, counting hops, since a heavier tie is a stronger one, not a
longer one; exact up to a size, :data:`~climategraph.network.backends.EXACT_WORK`,
and above it sampled from seeded sources, as ``betweenness_k`` can also ask),
PageRank (weighted), clustering (unweighted), core number, Louvain communities
(seeded, so runs repeat). Betweenness, clustering, cores and articulation points run
on igraph when it is importable, with the same values (:mod:`climategraph.network.backends`);
``backend="networkx"`` forces the reference. The metrics of a network are computed
once per network the build keeps (:func:`climategraph.network.build.kept_result`),
else once per content (:func:`climategraph.network.backends.cached`). The
participation coefficient
``1 - sum_s (k_is / k_i) ** 2`` (Guimerà & Amaral) measures how evenly an actor's
weighted ties spread over communities (``participation``) or countries
(``country_participation``, counting only the neighbours that have a country); a
**broker** lies on shortest paths (betweenness > 0) and spreads its ties at least
evenly over two groups (either coefficient >= 0.5). A path is exact: fewest
steps, then the heaviest ties among all the shortest paths, then the first by
node IRIs.

The network builders live in :mod:`climategraph.network.build` and the paths in
:mod:`climategraph.network.paths`; both are re-exported here.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, NamedTuple

from climategraph.choices import DEFAULT_SEED
from climategraph.network import arrays, backends
from climategraph.network.build import build_network, is_kept, kept_result
from climategraph.network.transform import simple as _simple
from climategraph.network.transform import weighted as _weighted

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph


BROKER_THRESHOLD = 0.5


def communities(
    G: nx.Graph, seed: int = DEFAULT_SEED, *, backend: str | None = None
) -> list[list[str]]:
    """Louvain communities (weighted, seeded), largest first, members sorted.

    On a network of :data:`~climategraph.network.backends.LEIDEN_EDGES` edges or more,
    with the igraph backend, igraph's Leiden algorithm (seeded) finds them instead.

    >>> import networkx as nx
    >>> G = nx.barbell_graph(3, 0)
    >>> communities(G)
    [[0, 1, 2], [3, 4, 5]]
    """
    import networkx as nx

    H = _simple_view(G)
    if H.number_of_nodes() == 0:
        return []
    if _by_leiden(H, backend):
        found = backends.leiden(H, seed)
    else:
        found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    groups = [sorted(c, key=str) for c in found]
    return sorted(groups, key=lambda c: (-len(c), str(c[0])))


def _by_leiden(H: nx.Graph, backend: str | None) -> bool:
    """Whether :func:`communities` uses igraph's Leiden on ``H`` (large, igraph)."""
    return (H.number_of_edges() >= backends.LEIDEN_EDGES
            and backends.resolve_backend(backend) == "igraph")


def articulation_points(G: nx.Graph, *, backend: str | None = None) -> list[str]:
    """Actors whose removal splits their component, sorted.

    >>> import networkx as nx
    >>> articulation_points(nx.path_graph(["a", "b", "c"]))
    ['b']
    """
    found = backends.structure(_simple_view(G), backend=backend)["articulation_points"]
    return sorted(found, key=str)


def k_core(G: nx.Graph, k: int | None = None, *, backend: str | None = None) -> list[str]:
    """Members of the ``k``-core (default: the main core, the largest k), sorted.

    >>> import networkx as nx
    >>> G = nx.complete_graph(4); G.add_edge(3, 4)
    >>> k_core(G), k_core(G, 1)
    ([0, 1, 2, 3], [0, 1, 2, 3, 4])
    """
    return _core_members(backends.structure(_simple_view(G), backend=backend)["core"], k)


def _core_members(core: dict[Any, int], k: int | None = None) -> list[Any]:
    """The nodes whose core number is at least ``k`` (default: the largest), sorted."""
    if not core:
        return []
    least = max(core.values()) if k is None else k
    return sorted((n for n, c in core.items() if c >= least), key=str)


def _simple_view(G: nx.Graph) -> nx.Graph:
    """``G`` itself when it is already simple (the metrics only read it), else
    :func:`~climategraph.network.transform.weighted` (the weights of
    :func:`~climategraph.network.transform.simple`, in the same order)."""
    import networkx as nx

    if G.is_multigraph():
        return _weighted(G)
    return G if nx.number_of_selfloops(G) == 0 else _simple(G)


def node_metrics(
    G: nx.Graph, *, seed: int = DEFAULT_SEED, backend: str | None = None,
    betweenness_k: int | str | None = "auto",
) -> dict[str, dict[str, Any]]:
    """Per-node metrics: networkx's definitions on the combined network.

    Returns ``{node: {"label", "label_ko", "kind", "country", "degree",
    "weighted_degree", "betweenness", "pagerank", "clustering", "core",
    "community", "participation", "country_participation", "broker"}}``;
    ``community`` is the index into :func:`communities`. ``country_participation``
    counts only neighbours with a country: international bodies are left out of
    the shares and the total (they are no country of their own), so an actor tied
    only to them, or to one country, gets 0.

    ``backend`` is ``"igraph"``, ``"networkx"`` or ``None`` (igraph when importable;
    the values are the same). ``betweenness_k`` samples that many sources (seeded
    with ``seed``) instead of the exact betweenness: an approximation, for networks
    too large for the exact one. Computed once per network content and arguments.

    >>> import networkx as nx
    >>> m = node_metrics(nx.path_graph(["a", "b", "c"]))
    >>> m["b"]["degree"], m["b"]["betweenness"], m["b"]["community"]
    (2, 1.0, 0)
    """
    return {n: dict(m) for n, m in _computed(G, seed, backend, betweenness_k).metrics.items()}


def sampled_sources(G: nx.Graph, *, seed: int = DEFAULT_SEED, backend: str | None = None,
                    betweenness_k: int | str | None = "auto") -> int | None:
    """How many sampled sources :func:`node_metrics` (same arguments) used for the
    betweenness of ``G``; ``None`` when it is exact. Computed with the metrics, once.

    >>> import networkx as nx
    >>> sampled_sources(nx.path_graph(4)), sampled_sources(nx.path_graph(4), betweenness_k=2)
    (None, 2)
    """
    return _computed(G, seed, backend, betweenness_k).betweenness_k


class Computed(NamedTuple):
    """What :func:`node_metrics` and :func:`analyze` compute on a network, once."""

    metrics: dict[Any, dict[str, Any]]
    communities: list[list[Any]]
    articulation_points: set[Any]
    #: edges of the simple network (one per pair, no self-loops)
    edges: int
    #: the sampled betweenness sources (``None``: exact)
    betweenness_k: int | None
    #: the communities are Leiden's (igraph), not Louvain's
    leiden: bool


def betweenness_sources(H: nx.Graph, k: int | str | None) -> int | None:
    """The sampled sources the betweenness of the simple network ``H`` uses for
    ``k`` (``None``: exact), as :func:`node_metrics` resolves ``"auto"``."""
    found = backends.auto_k(H.number_of_nodes(), H.number_of_edges(), k)
    backends.check_k(found)
    return found if found is None or found < len(H) else None


def _computed(G: nx.Graph, seed: int, backend: str | None, k: int | str | None) -> Computed:
    """:class:`Computed` for ``G``: kept with a network the build keeps
    (:func:`~climategraph.network.build.kept_result`), else cached by content
    (:func:`~climategraph.network.backends.cached`). Read only."""
    name = backends.resolve_backend(backend)
    limits = (backends.EXACT_WORK, backends.SAMPLED_WORK,  # what "auto" resolves with
              backends.SAMPLED_NODE_WORK, backends.SAMPLED_SHARE)
    by_content = not is_kept(G)  # a kept network needs no digest of its content
    return kept_result(G, ("node_metrics", seed, name, k, limits),
                       lambda: _of_view(_simple_view(G), seed, name, k, by_content))


def _of_view(H: nx.Graph, seed: int, backend: str, k: int | str | None,
             by_content: bool) -> Computed:
    sources = betweenness_sources(H, k)
    if by_content:
        found, groups, cut = backends.cached(H, ("node_metrics", seed, backend, sources),
                                             lambda: _compute(H, seed, backend, sources))
    else:
        found, groups, cut = _compute(H, seed, backend, sources)
    return Computed(found, groups, cut, H.number_of_edges(), sources, _by_leiden(H, backend))


def _compute(H: nx.Graph, seed: int, backend: str, k: int | None
             ) -> tuple[dict[Any, dict[str, Any]], list[list[Any]], set[Any]]:
    import networkx as nx

    groups = communities(H, seed, backend=backend)
    member = {n: i for i, c in enumerate(groups) for n in c}
    country = {n: d.get("country_iri") or d.get("country") or None
               for n, d in H.nodes(data=True)}
    found = backends.structure(H, k=k, seed=seed, backend=backend)
    betweenness, clustering, core = found["betweenness"], found["clustering"], found["core"]
    adjacency = arrays.adjacency(H)
    pagerank = (nx.pagerank(H, weight="weight") if backend == "networkx"
                else arrays.pagerank(H, adjacency))
    part = arrays.participation(H, member, adjacency)
    cpart = arrays.participation(H, country, adjacency)
    result = {}
    for node, data in H.nodes(data=True):
        broker = betweenness[node] > 0 and max(part[node], cpart[node]) >= BROKER_THRESHOLD
        result[node] = {
            "label": data.get("label_en", str(node)),
            "label_ko": data.get("label_ko", str(node)),
            "kind": data.get("kind", ""),
            "country": data.get("country", ""),
            "degree": H.degree(node),
            "weighted_degree": H.degree(node, weight="weight"),
            "betweenness": betweenness[node],
            "pagerank": pagerank[node],
            "clustering": clustering[node],
            "core": core[node],
            "community": member[node],
            "participation": part[node],
            "country_participation": cpart[node],
            "broker": bool(broker),
        }
    return result, groups, found["articulation_points"]


@dataclass
class Analysis:
    """The result of :func:`analyze`: metrics per node, communities, structure."""

    network: str
    filters: dict[str, Any]
    nodes: list[dict[str, Any]]
    communities: list[dict[str, Any]]
    edges: int
    edges_by_kind: dict[str, int]
    articulation_points: list[dict[str, str]]
    main_core: list[dict[str, str]]
    #: ``None``: exact betweenness; else the number of sampled sources (approximate)
    betweenness_k: int | None = None
    #: the seed of the communities (and of the sampled betweenness)
    seed: int = DEFAULT_SEED
    #: what found the communities: "Louvain" (networkx) or "Leiden" (igraph, large networks)
    community_algorithm: str = "Louvain"

    def as_dict(self, digits: int = 6) -> dict[str, Any]:
        """Plain data for JSON; floats rounded to ``digits``. What
        :func:`dataclasses.asdict` gives, each list and dict a copy, without its
        generic deep copy (2.4 s for the 10^6 actor network)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["filters"] = copy.deepcopy(self.filters)
        data["edges_by_kind"] = dict(self.edges_by_kind)
        data["communities"] = [{**c, "members": [dict(m) for m in c["members"]]}
                               for c in self.communities]
        for name in ("articulation_points", "main_core"):
            data[name] = [dict(ref) for ref in getattr(self, name)]
        data["nodes"] = [
            {k: round(v, digits) if isinstance(v, float) else v for k, v in n.items()}
            for n in self.nodes
        ]
        return data

    @property
    def brokers(self) -> list[dict[str, Any]]:
        """The broker nodes, by betweenness."""
        found = [n for n in self.nodes if n.get("broker")]
        return sorted(found, key=lambda n: (-n["betweenness"], n["label"]))


def analyze(
    graph: Graph, network: str = "actor", *, top: int | None = None, seed: int = DEFAULT_SEED,
    backend: str | None = None, betweenness_k: int | str | None = "auto", **filters: Any,
) -> Analysis:
    """Build a network and compute its metrics, communities and structure.

    ``nodes`` are sorted by PageRank (then label), limited to ``top`` when given.
    ``backend`` and ``betweenness_k`` (sampled, approximate betweenness) are
    :func:`node_metrics`'s; ``filters`` go to :func:`build_network`.

    Examples
    --------
    >>> from climategraph.store.load import load_graph
    >>> result = analyze(load_graph(), top=3)
    >>> [n["label"] for n in result.nodes]
    ['Gwangmyeong', 'ICLEI', 'Incheon Metropolitan City']
    >>> result.as_dict()["network"], result.betweenness_k
    ('actor', None)
    """
    G = build_network(graph, network, shared=True, **filters)
    computed = _computed(G, seed, backend, betweenness_k)
    metrics, found = computed.metrics, computed.communities
    rows = [{"id": str(n), **m} for n, m in metrics.items()]
    rows.sort(key=lambda r: (-r["pagerank"], r["label"], r["id"]))

    def ref(n: Any) -> dict[str, str]:
        return {"id": str(n), "label": metrics[n]["label"]}

    groups = [
        {"id": i, "size": len(c), "members": [ref(n) for n in c]}
        for i, c in enumerate(found)
    ]
    by_kind: dict[str, int] = defaultdict(int)
    for *_, data in G.edges(data=True):
        by_kind[data.get("kind", "")] += 1
    core = {n: m["core"] for n, m in metrics.items()}
    return Analysis(
        network=network,
        filters=G.graph.get("filters", {}),
        nodes=rows[:top] if top is not None else rows,
        communities=groups,
        edges=computed.edges,
        edges_by_kind=dict(sorted(by_kind.items())),
        articulation_points=[ref(n) for n in sorted(computed.articulation_points, key=str)],
        main_core=[ref(n) for n in _core_members(core)],
        betweenness_k=computed.betweenness_k,
        seed=seed,
        community_algorithm="Leiden" if computed.leiden else "Louvain",
    )
