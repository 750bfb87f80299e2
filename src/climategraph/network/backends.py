"""The expensive network metrics, on networkx or igraph, with the same values.

networkx is the reference and the fallback; python-igraph, when importable, computes
the same quantities in C (exact betweenness on the 10^5-triple synthetic
actor network takes 23 s in networkx, 0.3 s in igraph):

- :func:`betweenness`: normalised, counting hops (unweighted), networkx's
  definition and scaling; exact by default, or sampled from ``k`` sources drawn as
  networkx draws them (``random.Random(seed).sample(list(H), k)``), so both backends
  give the same approximation; on a large network (:data:`SPLIT_WORK`) the exact
  one is computed in two halves, one in a second process, so it uses two cores;
- :func:`clustering`: unweighted local clustering, ``2 T / (d (d - 1))`` computed by
  networkx's own formula from the triangle counts, so the floats are identical;
- core numbers and articulation points (:func:`structure`, which computes the four
  on one igraph copy): integers and sets.

PageRank (networkx's power iteration stops at a tolerance; igraph's PRPACK solves
exactly, 3e-5 apart) and Louvain (igraph's multilevel finds other communities) stay
on networkx. ``backend=None`` means :data:`BACKEND`, which is ``None`` (igraph when
importable) unless a caller such as the benchmark's baseline sets ``"networkx"``.

The metrics of a network the build keeps are kept with it
(:func:`climategraph.network.build.kept_result`), so the analysis, the pages and the
export of one run compute them once; for any other network :func:`cached` keeps the
last few results keyed by the network's content (:func:`fingerprint`).
"""

from __future__ import annotations

import hashlib
import random
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from climategraph.choices import DEFAULT_SEED
from climategraph.choices import METRIC_BACKENDS as BACKENDS
from climategraph.errors import ParameterError

if TYPE_CHECKING:
    import networkx as nx


#: the default backend: ``None`` = igraph when importable, else networkx
BACKEND: str | None = None
#: node attributes the metrics read (part of the cache key)
NODE_ATTRIBUTES = ("label_en", "label_ko", "kind", "country", "country_iri")
CACHE_SIZE = 8
#: vertices x edges from which exact betweenness is split over two processes (the
#: 10^6-triple synthetic actor network: 10^4 x 7.5 10^5; the 10^5 one, 10^3 x 6
#: 10^4, stays in one)
SPLIT_WORK = 10**9
#: edges from which the communities are igraph's Leiden (modularity, seeded) instead
#: of networkx's Louvain (16 s on the 7.5 10^5 ties of the 10^6-triple actor network,
#: 10 s on the 8 10^4 of its bipartite network; Leiden: 3-4 s and under 1 s). Below
#: it networkx stays, the reference; tests show Leiden's modularity at least 99 % of
#: networkx's on the shipped, 10^4 and 10^5 networks (the 10^5 actor network, 6 10^4
#: ties, is the first above it).
LEIDEN_EDGES = 5 * 10**4
#: Leiden's iterations: until stable (-1), the 10^6 full entity network took 14.9 s
#: for a modularity of 0.63305, five took 1.9 s for 0.63204; the 10^6 actor network
#: 3.8 s for 0.0646 against 1.1 s for 0.06417 (within 1 %: the tests compare the
#: modularity with networkx's Louvain)
LEIDEN_ITERATIONS = 5
#: vertices x edges up to which ``betweenness_k="auto"`` computes the exact
#: betweenness (the 10^5-triple synthetic networks, at most 6 10^7, and every real
#: layer stay exact); above it, ``None`` here keeps it exact at any size
EXACT_WORK: int | None = 5 * 10**8
#: sources x edges a sampled betweenness may cost (``"auto"`` above
#: :data:`EXACT_WORK`): the 10^6-triple actor network (7.5 10^5 ties) gets 667 of
#: its 10,077 actors as sources, about 6 s instead of 90 s exact
#: (``benchmarks/betweenness_sample.py`` measures how close it comes)
SAMPLED_WORK = 5 * 10**8
#: sources x nodes a sampled betweenness may cost: each source also pays for every
#: node (igraph: about 160 ns a node against 7 ns an edge), so a network with many
#: nodes and few ties each gets fewer sources (the 10^6 full entity network,
#: 155,599 nodes: 160 sources, 4.5 s, instead of 1,061 by its edges, 31 s); the
#: actor and bipartite networks are not affected
SAMPLED_NODE_WORK = 25 * 10**6
#: and at most this share of the nodes as sources (a sparse network is cheap per
#: source but costlier per edge visited: the 10^6 bipartite page's 82,354 ties would
#: otherwise get 6,071 of its 12,020 nodes, 15 s; with this, 1,202)
SAMPLED_SHARE = 0.1

T = TypeVar("T")
_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def resolve_backend(backend: str | None = None) -> str:
    """``"igraph"`` or ``"networkx"``: ``backend``, else :data:`BACKEND`, else igraph
    when importable.

    >>> resolve_backend("networkx")
    'networkx'
    """
    chosen = backend or BACKEND
    if chosen is None:
        try:
            import igraph  # noqa: F401
        except ImportError:
            return "networkx"
        return "igraph"
    if chosen not in BACKENDS:
        raise ParameterError(f"unknown backend {chosen!r}; use one of {', '.join(BACKENDS)}")
    return chosen


def auto_k(nodes: int, edges: int, k: int | str | None = "auto") -> int | None:
    """The betweenness sources to use: ``k`` itself unless it is ``"auto"``, which
    means exact (``None``) up to :data:`EXACT_WORK` and above it a sample of
    ``SAMPLED_WORK // edges`` sources, at most ``SAMPLED_NODE_WORK // nodes`` and
    :data:`SAMPLED_SHARE` of the nodes (at least 2; exact again if that is all nodes).

    >>> auto_k(100, 500), auto_k(10_077, 749_207), auto_k(12_020, 82_354), auto_k(10, 20, k=5)
    (None, 667, 1202, 5)
    >>> auto_k(155_599, 470_882)  # the 10^6 full entity network: many nodes, few ties
    160
    """
    if k != "auto":
        return k  # type: ignore[return-value]
    if EXACT_WORK is None or nodes * edges <= EXACT_WORK:
        return None
    sampled = max(2, min(SAMPLED_WORK // max(edges, 1), SAMPLED_NODE_WORK // max(nodes, 1),
                         int(nodes * SAMPLED_SHARE)))
    return None if sampled >= nodes else sampled


def check_k(k: int | None) -> None:
    """Sampled betweenness needs at least two sources (networkx's scaling divides
    by ``k - 1``)."""
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 2):
        raise ParameterError(f"betweenness_k must be an integer >= 2, not {k!r}")


# --- igraph ----------------------------------------------------------------------


def _to_igraph(H: nx.Graph) -> tuple[Any, list[Any]]:
    """``H`` as an undirected ``igraph.Graph`` (vertex ``i`` is ``nodes[i]``)."""
    import igraph as ig

    nodes = list(H)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in H.edges()])
    return g, nodes


def _ig_betweenness(g: Any, nodes: list[Any], sources: list[Any] | None) -> dict[Any, float]:
    if sources is None and g.vcount() * g.ecount() >= SPLIT_WORK:
        found = _split_betweenness(g)
    elif sources is None:
        found = g.betweenness(directed=False)
    else:
        index = {n: i for i, n in enumerate(nodes)}
        found = g.betweenness(directed=False, sources=[index[s] for s in sources])
    # igraph counts each unordered pair once, networkx both orders: times 2 (exact)
    return _rescale({n: 2 * b for n, b in zip(nodes, found)}, len(nodes), sources)


def _half(n: int, edges: bytes, parity: int) -> list[float]:
    """Betweenness from the sources ``i % 2 == parity`` of the graph with ``n``
    vertices and the ``edges`` (int32 pairs, as :func:`_split_betweenness` packs them)."""
    import array

    import igraph as ig

    flat = array.array("i")
    flat.frombytes(edges)
    g = ig.Graph(n=n, edges=list(zip(flat[::2], flat[1::2])))
    return list(g.betweenness(directed=False, sources=range(parity, n, 2)))


def _worker() -> None:
    """The second process of :func:`_split_betweenness`: reads ``n`` (8 bytes) and the
    edges from stdin, writes the odd half as float64s to stdout."""
    import array
    import sys

    data = sys.stdin.buffer.read()
    half = _half(int.from_bytes(data[:8], "little"), data[8:], 1)
    sys.stdout.buffer.write(array.array("d", half).tobytes())


def _split_betweenness(g: Any) -> list[float]:
    """Exact betweenness as the sum of two halves, from the even and from the odd
    sources (igraph's subset betweenness; the halves add up to the whole), the odd
    half in a second Python process while this one computes the even half.

    The split is fixed (always two halves, whatever the number of cores), so the
    sums, which differ from a one-pass computation only in the last bits, are the
    same on every machine. If the second process cannot run, both halves run here.
    """
    import array
    import os
    import subprocess
    import sys

    n = g.vcount()
    edges = array.array("i", [x for e in g.get_edgelist() for x in e]).tobytes()
    code = "from climategraph.network.backends import _worker; _worker()"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    except OSError:
        return _add(_half(n, edges, 0), _half(n, edges, 1))
    with child:
        assert child.stdin is not None and child.stdout is not None
        try:
            child.stdin.write(n.to_bytes(8, "little") + edges)
            child.stdin.close()
        except OSError:
            pass
        first = g.betweenness(directed=False, sources=range(0, n, 2))
        answer = array.array("d")
        answer.frombytes(child.stdout.read())
    if child.returncode != 0 or len(answer) != n:
        return _add(first, _half(n, edges, 1))
    return _add(first, list(answer))


def _add(a: list[float], b: list[float]) -> list[float]:
    return [x + y for x, y in zip(a, b)]


def _ig_clustering(g: Any, nodes: list[Any]) -> dict[Any, float]:
    local = g.transitivity_local_undirected(mode="zero")
    result: dict[Any, float] = {}
    for node, value, d in zip(nodes, local, g.degree()):
        t = 2 * round(value * d * (d - 1) / 2) if d > 1 else 0
        result[node] = 0 if t == 0 else t / (d * (d - 1))
    return result


def leiden(H: nx.Graph, seed: int = DEFAULT_SEED) -> list[set[Any]]:
    """Communities of ``H`` by igraph's Leiden algorithm optimising modularity
    (weighted, :data:`LEIDEN_ITERATIONS` iterations), with igraph's random numbers
    drawn from ``random.Random(seed)``, so runs repeat.

    >>> import networkx as nx
    >>> sorted(map(sorted, leiden(nx.barbell_graph(3, 0))))
    [[0, 1, 2], [3, 4, 5]]
    """
    import igraph as ig

    g, nodes = _to_igraph(H)
    weights = [w for _, _, w in H.edges(data="weight", default=1)]
    ig.set_random_number_generator(random.Random(seed))
    try:
        found = g.community_leiden(objective_function="modularity", weights=weights,
                                   n_iterations=LEIDEN_ITERATIONS)
    finally:
        ig.set_random_number_generator(random)
    groups: dict[int, set[Any]] = {}
    for node, member in zip(nodes, found.membership):
        groups.setdefault(member, set()).add(node)
    return list(groups.values())


# --- metrics ---------------------------------------------------------------------


def _rescale(raw: dict[Any, float], n: int, sources: list[Any] | None) -> dict[Any, float]:
    """networkx's normalisation (``endpoints=False``) of summed dependencies."""
    N = n - 1
    if N < 2:
        return raw
    if sources is None:
        scale = 1 / (N * (N - 1))
        return {v: b * scale for v, b in raw.items()}
    k = len(sources)
    chosen = set(sources)
    on_source = 1 / ((k - 1) * (N - 1))
    off_source = 1 / (k * (N - 1))
    return {v: b * (on_source if v in chosen else off_source) for v, b in raw.items()}


def _sources(H: nx.Graph, k: int | None, seed: int) -> list[Any] | None:
    """The sampled sources, drawn as networkx draws them; ``None`` for exact."""
    check_k(k)
    if k is None or k >= len(H):
        return None
    return random.Random(seed).sample(list(H.nodes()), k)


def betweenness(H: nx.Graph, *, k: int | None = None, seed: int = DEFAULT_SEED,
                backend: str | None = None) -> dict[Any, float]:
    """Normalised, unweighted betweenness of a simple graph, exact or from ``k``
    sampled sources (``k >= len(H)`` is exact).

    >>> import networkx as nx
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> betweenness(G, backend="networkx") == betweenness(G, backend="igraph")
    True
    >>> betweenness(G)["b"]
    1.0
    """
    import networkx as nx

    sources = _sources(H, k, seed)
    if resolve_backend(backend) == "networkx":
        k = None if sources is None else len(sources)
        return dict(nx.betweenness_centrality(H, k=k, normalized=True, seed=seed))
    return _ig_betweenness(*_to_igraph(H), sources)


def clustering(H: nx.Graph, *, backend: str | None = None) -> dict[Any, float]:
    """Unweighted local clustering, as :func:`networkx.clustering`.

    igraph's value ``T / (d (d - 1) / 2)`` gives the triangle count ``T`` back
    exactly (rounded), and networkx's formula ``2 T / (d (d - 1))`` is applied to it.

    >>> import networkx as nx
    >>> G = nx.complete_graph(4); G.add_edge(3, 4)
    >>> clustering(G, backend="igraph") == nx.clustering(G)
    True
    """
    import networkx as nx

    if resolve_backend(backend) == "networkx":
        return dict(nx.clustering(H))
    return _ig_clustering(*_to_igraph(H))


def structure(H: nx.Graph, *, k: int | None = None, seed: int = DEFAULT_SEED,
              backend: str | None = None) -> dict[str, Any]:
    """``{"betweenness", "clustering", "core", "articulation_points"}`` of a simple
    graph in one go (one igraph copy): see :func:`betweenness`, :func:`clustering`,
    :func:`networkx.core_number`, :func:`networkx.articulation_points` (a set).

    >>> import networkx as nx
    >>> s = structure(nx.path_graph(["a", "b", "c"]), backend="igraph")
    >>> s["betweenness"]["b"], s["core"]["a"], s["articulation_points"]
    (1.0, 1, {'b'})
    """
    import networkx as nx

    sources = _sources(H, k, seed)
    if resolve_backend(backend) == "networkx":
        return {"betweenness": betweenness(H, k=k, seed=seed, backend="networkx"),
                "clustering": dict(nx.clustering(H)), "core": dict(nx.core_number(H)),
                "articulation_points": set(nx.articulation_points(H))}
    g, nodes = _to_igraph(H)
    return {"betweenness": _ig_betweenness(g, nodes, sources),
            "clustering": _ig_clustering(g, nodes),
            "core": dict(zip(nodes, g.coreness())),
            "articulation_points": {nodes[i] for i in g.articulation_points()}}


# --- once per network -------------------------------------------------------------


def fingerprint(H: nx.Graph) -> str:
    """A digest of everything the metrics read, in order: the nodes with
    :data:`NODE_ATTRIBUTES`, and each node's neighbours with the edge weights
    (Louvain and the order of floating-point sums follow the adjacency order, so
    the same content in another order is another network here).

    >>> import networkx as nx
    >>> fingerprint(nx.path_graph("abc")) == fingerprint(nx.path_graph("abc"))
    True
    >>> fingerprint(nx.path_graph("abc")) == fingerprint(nx.path_graph("cba"))
    False
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr(type(H)).encode())
    adj = H.adj
    for node, data in H.nodes(data=True):
        row = adj[node]
        weights = [d.get("weight", 1) for d in row.values()]
        digest.update(repr((node, [data.get(a) for a in NODE_ATTRIBUTES], list(row),
                            weights)).encode())
    return digest.hexdigest()


def cached(H: nx.Graph, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or the result kept for a network with ``H``'s content and
    the same ``key`` (the last :data:`CACHE_SIZE` are kept). Callers must not
    modify what they get back."""
    full = (fingerprint(H), *key)
    if full in _CACHE:
        _CACHE.move_to_end(full)
        return _CACHE[full]  # type: ignore[no-any-return]
    value = compute()
    _CACHE[full] = value
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def clear_cache() -> None:
    """Forget every kept result."""
    _CACHE.clear()
