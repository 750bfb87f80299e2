"""Cooperation networks built from the graph: actor, bipartite and country networks.

The ties are read with SPARQL (string queries, so they run on Oxigraph):

- **shared-event**: two organisations took part in the same event. A session or
  other sub-event counts towards its top parent event (``cg:partOf``, followed to
  the top): a city presenting in a forum's session shared the forum with its
  hosts. A person's participation counts for the organisation it was on behalf of
  (``cg:onBehalfOf``); a person without one is left out. Weight = number of
  shared (top-level) events.
- **partner-city**: a ``cg:PartnerRelation`` record between two local governments.
- **agreement**: two parties of the same ``cg:Agreement`` (MOU, MOA).

Filters: a time window on the top event's start date (``cg:startDate``, else
``cg:plannedYear``, else the sub-event's own date; an undated event is left out of
any window). Partner links and agreements are standing relations: they count from
their ``cg:since``/``cg:signedOn`` date on, so ``end`` drops those made later and
``start`` drops none; an undated one is kept. Also: edge kinds, source articles
(only records derived from them), and excluded actors (mega-nodes).

The bipartite and country networks, and :func:`combine`, :func:`exportable` and
:func:`projection` (re-exported here), live in :mod:`climategraph.network.transform`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from climategraph.choices import NETWORKS
from climategraph.errors import ParameterError
from climategraph.network.actors import add_actor_nodes
from climategraph.network.filters import Filters, make_filters
from climategraph.network.ties import AGREEMENTS, PARTNERS, _links, participations
from climategraph.network.transform import add_keyed_ties
from climategraph.store import labels
from climategraph.store.backend import version
from climategraph.store.labels import labels_of

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

T = TypeVar("T")


def build_network(
    graph: Graph, kind: str = "actor", *, shared: bool = False, **filters: Any,
) -> nx.Graph:
    """The cooperation network of ``kind`` ("actor", "bipartite" or "country").

    Parameters
    ----------
    graph : rdflib.Graph
        The loaded graph (ontology + data).
    kind : str
        ``"actor"``: an ``nx.MultiGraph`` of organisations, one edge per pair and tie
        kind (key = kind). ``"bipartite"``: an ``nx.Graph`` of actors (``bipartite=0``)
        and top-level events (``bipartite=1``). ``"country"``: the actor network
        aggregated by country (actors without a country are left out).
    shared : bool
        Return the network kept for this graph instead of a copy (a copy of a
        network of 10^6 triples takes seconds): for callers that only read it.
    **filters
        ``start``, ``end``, ``edge_kinds``, ``sources``, ``exclude``: see
        :func:`make_filters`.

    Returns
    -------
    networkx.Graph or networkx.MultiGraph
        Nodes are IRIs (str) with ``label_en``, ``label_ko``, ``kind``, ``country``
        (and ``lat``/``lon`` when known); edges carry ``kind``, ``weight``,
        ``events``, ``links`` and ``sources`` (sorted lists of IRIs).
        ``G.graph["labels"]`` maps the events and links to ``(en, ko)`` labels.

    Examples
    --------
    >>> from climategraph.store.load import load_graph
    >>> from climategraph.store.project import project_root
    >>> g = load_graph([project_root() / "tests/fixtures/network-small.ttl"])
    >>> M = build_network(g)
    >>> sorted(M["https://w3id.org/climategraph/id/t-city-a"]
    ...        ["https://w3id.org/climategraph/id/t-city-c"])
    ['partner-city', 'shared-event']
    """
    from climategraph.network import derived, transform

    if kind not in NETWORKS:
        raise ParameterError(f"unknown network {kind!r}; choose from {', '.join(NETWORKS)}")
    f = make_filters(graph, **filters)
    key = (kind, f, *version(graph))
    built = _BUILT.setdefault(graph, {})
    if key not in built:
        if kind == "bipartite":
            network = derived.bipartite(graph, f)
        else:
            actors = actor_network(graph, f)
            network = derived.country_network(graph, actors) if kind == "country" else actors
        if len(built) >= _KEEP:
            built.pop(next(iter(built)))
        built[key] = network
    network = built[key]
    return network if shared else transform.copy(network)


#: graph -> {(kind, filters, triples, edits): network}: a network is built once per
#: graph version (the main job builds the actor network for the analysis, the pages
#: and the GraphML), and each caller gets a copy to annotate
_BUILT: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()
_KEEP = 4


def kept_result(network: nx.Graph, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept with ``network`` when it is one :func:`build_network`
    keeps (``shared=True``) or was tied to one by :func:`same_content`: computed
    once per network and graph version, and dropped with the network. Otherwise
    (a network the caller built or changed) computed each time. Callers must not
    modify what they get back.

    Examples
    --------
    >>> from climategraph.store.load import load_graph
    >>> M = build_network(load_graph(), shared=True)
    >>> kept_result(M, ("size",), M.number_of_edges) == M.number_of_edges()
    True
    >>> kept_result(M, ("size",), lambda: -1) > 0  # kept: not computed again
    True
    """
    if not is_kept(network):
        return compute()
    results = _RESULTS.setdefault(_SAME.get(network, network), {})
    if key not in results:
        results[key] = compute()
    return results[key]  # type: ignore[no-any-return]


def is_kept(network: nx.Graph) -> bool:
    """Whether :func:`kept_result` keeps results for ``network``."""
    source = _SAME.get(network, network)
    return any(source is kept for built in _BUILT.values() for kept in built.values())


def same_content(derived: nx.Graph, source: nx.Graph) -> None:
    """Record that ``derived`` has, for every :func:`kept_result`, the content of
    the kept network ``source``: its nodes with their attributes and the summed
    weight of each pair's ties, in the same order (what
    :func:`~climategraph.network.transform.combine`,
    :func:`~climategraph.network.transform.weighted` and
    :func:`~climategraph.network.transform.with_own_nodes` give). The caller
    promises not to change that content in ``derived`` afterwards."""
    _SAME[derived] = _SAME.get(source, source)


#: kept network -> {key: value}, for :func:`kept_result`
_RESULTS: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = (
    weakref.WeakKeyDictionary())
#: derived network -> the kept network with its content (:func:`same_content`)
_SAME: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def clear_caches() -> None:
    """Forget every network and result kept between calls: the networks built per
    graph (:func:`build_network`), the metrics per network
    (:func:`climategraph.network.backends.cached`) and the co-occurrence index pairs.
    For tests that must compute everything twice, and to free the memory.

    Examples
    --------
    >>> from climategraph.store.load import load_graph
    >>> graph = load_graph()
    >>> build_network(graph) is build_network(graph, shared=True)  # copies of one network
    False
    >>> clear_caches()  # the next call builds the network again
    >>> build_network(graph).number_of_nodes() > 40
    True
    """
    from climategraph.network import backends, cooccurrence

    _BUILT.clear()
    _RESULTS.clear()
    _SAME.clear()
    backends.clear_cache()
    labels.clear_cache()
    cooccurrence._pairs.cache_clear()


def actor_network(graph: Graph, f: Filters) -> nx.MultiGraph:
    """The actor network under checked filters (see :func:`build_network`)."""
    import networkx as nx

    from climategraph.network import cooccurrence

    rows = participations(graph, f)
    nodes = {r[0] for r in rows}
    # (a, b, kind) -> edge attributes; links come sorted, so each tie's links ascend
    links: dict[tuple[str, str, str], dict[str, Any]] = {}
    for kind, query in (("partner-city", PARTNERS), ("agreement", AGREEMENTS)):
        if kind in f.edge_kinds:
            for link, a, b, source in _links(graph, query, f):
                nodes |= {a, b}
                tie = links.setdefault((a, b, kind), {"kind": kind, "weight": 0, "events": [],
                                                      "links": [], "sources": set()})
                if not tie["links"] or tie["links"][-1] != link:
                    tie["links"].append(link)
                    tie["weight"] += 1
                if source:
                    tie["sources"].add(source)
    for tie in links.values():
        tie["sources"] = sorted(tie["sources"])
    actors = sorted(nodes)
    shared = cooccurrence.shared_event_ties(rows if "shared-event" in f.edge_kinds else (), actors)
    M = nx.MultiGraph(network="actor", filters=f.as_dict())
    add_actor_nodes(graph, M, actors)
    add_keyed_ties(M, cooccurrence.ordered_ties(actors, shared, links))
    cited = shared[2] | {x for tie in links.values() for x in tie["links"]}
    M.graph["labels"] = labels_of(graph, cited)
    return M
