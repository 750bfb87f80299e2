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
:func:`projection` (re-exported here), live in :mod:`climategraph.netviews`.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from climategraph.errors import ParameterError
from climategraph.netread import add_actor_nodes, labels_of
from climategraph.netviews import combine, exportable, projection

__all__ = [
    "EDGE_KINDS", "NETWORKS", "Filters", "actor_network", "build_network", "combine",
    "exportable", "make_filters", "normalise_date", "participations", "projection",
]

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

NETWORKS = ("actor", "bipartite", "country")
EDGE_KINDS = ("shared-event", "partner-city", "agreement")

_PREFIXES = """
PREFIX cg: <https://w3id.org/climategraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

PARTICIPATIONS = (
    _PREFIXES
    + """
SELECT DISTINCT ?actor ?root ?event ?role ?source ?date WHERE {
  ?p cg:agent ?agent ; cg:event ?event .
  OPTIONAL { ?p cg:onBehalfOf ?behalf }
  BIND(COALESCE(?behalf, ?agent) AS ?actor)
  ?actor a/rdfs:subClassOf* cg:Organisation .
  OPTIONAL { ?p cg:role ?role }
  OPTIONAL { ?p prov:wasDerivedFrom ?source }
  ?event cg:partOf* ?root .
  FILTER NOT EXISTS { ?root cg:partOf ?up }
  OPTIONAL { ?root cg:startDate ?d1 }
  OPTIONAL { ?root cg:plannedYear ?d2 }
  OPTIONAL { ?event cg:startDate ?d3 }
  OPTIONAL { ?event cg:startTime ?d4 }
  BIND(COALESCE(?d1, ?d2, ?d3, ?d4) AS ?date)
}"""
)


def _pair_query(pattern: str, date_property: str) -> str:
    """Pairs (``?a``, ``?b``, once each) of a ``?link`` record, with its article and date."""
    return _PREFIXES + f"""
SELECT DISTINCT ?link ?a ?b ?source ?date WHERE {{
  {pattern}
  FILTER(STR(?a) < STR(?b))
  OPTIONAL {{ ?link prov:wasDerivedFrom ?source }}
  OPTIONAL {{ ?link {date_property} ?date }}
}}"""


PARTNERS = _pair_query("?link a cg:PartnerRelation ; cg:partner ?a , ?b .", "cg:since")

AGREEMENTS = _pair_query(
    """?link a/rdfs:subClassOf* cg:Agreement ; cg:party ?a , ?b .
  ?a a/rdfs:subClassOf* cg:Organisation .
  ?b a/rdfs:subClassOf* cg:Organisation .""",
    "cg:signedOn",
)

# The class hierarchy is read from the loaded ontology, never spelled out here, so a
# change in it (cg:CityNetwork moving from cg:InternationalOrganisation to sit
# under cg:Organisation beside it) needs no change in the code.
CG_CLASSES = (
    _PREFIXES
    + """
SELECT DISTINCT ?node ?type WHERE {
  ?node a ?type .
  ?type rdfs:subClassOf* cg:Organisation .
}"""
)

SUPERCLASSES = (
    _PREFIXES
    + """
SELECT DISTINCT ?sub ?sup WHERE {
  ?sub rdfs:subClassOf+ ?sup .
  ?sub rdfs:subClassOf* cg:Actor .
}"""
)


@dataclass(frozen=True)
class Filters:
    """The filters a network was built with (dates normalised to YYYY-MM-DD)."""

    start: str | None = None
    end: str | None = None
    edge_kinds: tuple[str, ...] = EDGE_KINDS
    sources: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "from": self.start,
            "to": self.end,
            "edge_kinds": list(self.edge_kinds),
            "sources": list(self.sources),
            "exclude": list(self.exclude),
        }


def normalise_date(value: object, *, end: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first (or, with ``end``, last) day.

    The padded day must exist (``datetime.date``): a month 13 or 30 February is
    refused with :class:`ParameterError`.

    >>> normalise_date("2021"), normalise_date("2021", end=True), normalise_date(2024)
    ('2021-01-01', '2021-12-31', '2024-01-01')
    >>> normalise_date("2024-02", end=True), normalise_date("2021-11-23T10:00:00+09:00")
    ('2024-02-29', '2021-11-23')
    """
    from climategraph.dates import DateFormatError, period_day

    if value is None or value == "":
        return None
    usage = "use YYYY, YYYY-MM or YYYY-MM-DD"
    try:
        return period_day(str(value)[:10], end=end).isoformat()
    except DateFormatError:
        raise ParameterError(f"not a date: {value!r} ({usage})") from None
    except ValueError as exc:
        raise ParameterError(f"not a date: {value!r} ({exc}; {usage})") from None


def make_filters(
    graph: Graph,
    *,
    start: object = None,
    end: object = None,
    edge_kinds: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> Filters:
    """Check and normalise the filters of :func:`build_network`.

    Parameters
    ----------
    graph : rdflib.Graph
        The loaded graph (articles and actors are resolved in it).
    start, end : str or int, optional
        Time window (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), inclusive; an
        impossible date (month 13, 30 February) raises :class:`ParameterError`.
    edge_kinds : iterable of str, optional
        Tie kinds to keep (default: all of :data:`EDGE_KINDS`).
    sources : iterable of str, optional
        Articles (slug, label or IRI): keep only records derived from them.
    exclude : iterable of str
        Actors (name, slug or IRI) to leave out.
    """
    from climategraph.graph import resolve
    from climategraph.namespaces import CG

    kinds = tuple(sorted(set(edge_kinds))) if edge_kinds else EDGE_KINDS
    unknown = sorted(set(kinds) - set(EDGE_KINDS))
    if unknown:
        raise ParameterError(
            f"unknown edge kind {unknown[0]!r}; choose from {', '.join(EDGE_KINDS)}"
        )
    lo, hi = normalise_date(start), normalise_date(end, end=True)
    if lo and hi and lo > hi:
        raise ParameterError(f"empty time window: from {lo} is after to {hi}")
    arts = sorted({str(resolve(graph, s, [CG.Article], what="article")) for s in sources or ()})
    gone = sorted({str(resolve(graph, x, [CG.Organisation], what="actor")) for x in exclude})
    return Filters(lo, hi, kinds, tuple(arts), tuple(gone))


def _in_window(date: str | None, f: Filters, *, standing: bool) -> bool:
    if f.start is None and f.end is None:
        return True
    if date is None:
        return standing
    day = normalise_date(date)
    assert day is not None
    if f.end and day > f.end:
        return False
    return standing or not (f.start and day < f.start)


def participations(graph: Graph, f: Filters) -> list[tuple[str, str, str, str, str]]:
    """(actor, top event, event, role, source) rows that pass the filters, sorted."""
    from climategraph.netread import select

    rows = set()
    for actor, root, event, role, source, date in select(graph, PARTICIPATIONS):
        if actor in f.exclude or (f.sources and source not in f.sources):
            continue
        if _in_window(date, f, standing=False):
            rows.add((actor, root, event, role or "", source or ""))
    return sorted(rows)  # type: ignore[arg-type]


def _links(graph: Graph, query: str, f: Filters) -> list[tuple[str, str, str, str]]:
    from climategraph.netread import select

    rows = set()
    for link, a, b, source, date in select(graph, query):
        if a in f.exclude or b in f.exclude or (f.sources and source not in f.sources):
            continue
        if _in_window(date, f, standing=True):
            rows.add((link, a, b, source or ""))
    return sorted(rows)  # type: ignore[arg-type]


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
    >>> from climategraph.graph import load_graph, project_root
    >>> g = load_graph([project_root() / "tests/fixtures/network-small.ttl"])
    >>> M = build_network(g)
    >>> sorted(M["https://w3id.org/climategraph/id/t-city-a"]
    ...        ["https://w3id.org/climategraph/id/t-city-c"])
    ['partner-city', 'shared-event']
    """
    from climategraph import netviews

    if kind not in NETWORKS:
        raise ParameterError(f"unknown network {kind!r}; choose from {', '.join(NETWORKS)}")
    f = make_filters(graph, **filters)
    size = len(graph)
    built = _BUILT.setdefault(graph, {})
    if (kind, f, size) not in built:
        if kind == "bipartite":
            network = netviews.bipartite(graph, f)
        else:
            actors = actor_network(graph, f)
            network = netviews.country_network(graph, actors) if kind == "country" else actors
        if len(built) >= _KEEP:
            built.pop(next(iter(built)))
        built[(kind, f, size)] = network
    network = built[(kind, f, size)]
    return network if shared else netviews.copy(network)


#: graph -> {(kind, filters, triples): network}: a network is built once per graph
#: content (as far as its size tells: the main job builds the actor network for the
#: analysis, the pages and the GraphML), and each caller gets a copy to annotate
_BUILT: weakref.WeakKeyDictionary[Any, dict[tuple[str, Filters, int], Any]] = (
    weakref.WeakKeyDictionary()
)
_KEEP = 4


def actor_network(graph: Graph, f: Filters) -> nx.MultiGraph:
    """The actor network under checked filters (see :func:`build_network`)."""
    import networkx as nx

    from climategraph import netties

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
    shared = netties.shared_event_ties(rows if "shared-event" in f.edge_kinds else (), actors)
    M = nx.MultiGraph(network="actor", filters=f.as_dict())
    add_actor_nodes(graph, M, actors)
    # what M.add_edge(a, b, key=kind, **attrs) does in this order, at half the cost:
    # both ends are nodes already and a < b (no self-loop)
    adj = M._adj
    for a, b, kind, attrs in netties.ordered_ties(actors, shared, links):
        keys = adj[a].get(b)
        if keys is None:
            keys = adj[a][b] = adj[b][a] = {}
        keys[kind] = attrs
    cited = shared[2] | {x for tie in links.values() for x in tie["links"]}
    M.graph["labels"] = labels_of(graph, cited)
    return M
