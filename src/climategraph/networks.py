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
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from climategraph.errors import ParameterError

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

PARTNERS = (
    _PREFIXES
    + """
SELECT DISTINCT ?link ?a ?b ?source ?date WHERE {
  ?link a cg:PartnerRelation ; cg:partner ?a , ?b .
  FILTER(STR(?a) < STR(?b))
  OPTIONAL { ?link prov:wasDerivedFrom ?source }
  OPTIONAL { ?link cg:since ?date }
}"""
)

AGREEMENTS = (
    _PREFIXES
    + """
SELECT DISTINCT ?link ?a ?b ?source ?date WHERE {
  ?link a/rdfs:subClassOf* cg:Agreement ; cg:party ?a , ?b .
  FILTER(STR(?a) < STR(?b))
  ?a a/rdfs:subClassOf* cg:Organisation .
  ?b a/rdfs:subClassOf* cg:Organisation .
  OPTIONAL { ?link prov:wasDerivedFrom ?source }
  OPTIONAL { ?link cg:signedOn ?date }
}"""
)

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

    >>> normalise_date("2021"), normalise_date("2021", end=True), normalise_date(2024)
    ('2021-01-01', '2021-12-31', '2024-01-01')
    >>> normalise_date("2021-11-23T10:00:00+09:00")
    '2021-11-23'
    """
    if value is None or value == "":
        return None
    text = str(value)[:10]
    parts = text.split("-")
    ok = all(p.isdigit() for p in parts) and len(parts[0]) == 4 and len(parts) <= 3
    if not ok or any(len(p) != 2 for p in parts[1:]):
        raise ParameterError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    pad = ("12", "31") if end else ("01", "01")
    return "-".join(parts + list(pad[len(parts) - 1 :]))


def make_filters(
    graph: Graph,
    *,
    start: object = None,
    end: object = None,
    edge_kinds: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> Filters:
    """Check and normalise filters; names of articles and actors are resolved."""
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


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def participations(graph: Graph, f: Filters) -> list[tuple[str, str, str, str, str]]:
    """(actor, top event, event, role, source) rows that pass the filters, sorted."""
    rows = set()
    for r in graph.query(PARTICIPATIONS):
        actor, root, event, role, source, date = (_text(x) for x in r)  # type: ignore[union-attr]
        if actor in f.exclude or (f.sources and source not in f.sources):
            continue
        if _in_window(date, f, standing=False):
            rows.add((actor, root, event, role or "", source or ""))
    return sorted(rows)  # type: ignore[arg-type]


def _links(graph: Graph, query: str, f: Filters) -> list[tuple[str, str, str, str]]:
    rows = set()
    for r in graph.query(query):
        link, a, b, source, date = (_text(x) for x in r)  # type: ignore[union-attr]
        if a in f.exclude or b in f.exclude or (f.sources and source not in f.sources):
            continue
        if _in_window(date, f, standing=True):
            rows.add((link, a, b, source or ""))
    return sorted(rows)  # type: ignore[arg-type]


def build_network(
    graph: Graph,
    kind: str = "actor",
    *,
    start: object = None,
    end: object = None,
    edge_kinds: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
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
    start, end : str or int, optional
        Time window (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), inclusive.
    edge_kinds : iterable of str, optional
        Tie kinds to keep (default: all of :data:`EDGE_KINDS`).
    sources : iterable of str, optional
        Articles (slug, label or IRI): keep only records derived from them.
    exclude : iterable of str
        Actors (name, slug or IRI) to leave out.

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
    if kind not in NETWORKS:
        raise ParameterError(f"unknown network {kind!r}; choose from {', '.join(NETWORKS)}")
    f = make_filters(
        graph, start=start, end=end, edge_kinds=edge_kinds, sources=sources, exclude=exclude
    )
    if kind == "bipartite":
        return _bipartite(graph, f)
    actors = _actor_network(graph, f)
    return _country_network(graph, actors) if kind == "country" else actors


def _actor_network(graph: Graph, f: Filters) -> nx.MultiGraph:
    import networkx as nx

    ties: dict[tuple[str, str, str], dict[str, set[str]]] = defaultdict(
        lambda: {"events": set(), "links": set(), "sources": set()}
    )
    nodes: set[str] = set()
    rows = participations(graph, f)
    by_event: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for actor, root, _event, _role, source in rows:
        nodes.add(actor)
        by_event[root][actor].add(source)
    if "shared-event" in f.edge_kinds:
        for root, members in by_event.items():
            for a, b in itertools.combinations(sorted(members), 2):
                tie = ties[(a, b, "shared-event")]
                tie["events"].add(root)
                tie["sources"] |= (members[a] | members[b]) - {""}
    for kind, query in (("partner-city", PARTNERS), ("agreement", AGREEMENTS)):
        if kind in f.edge_kinds:
            for link, a, b, source in _links(graph, query, f):
                nodes |= {a, b}
                tie = ties[(a, b, kind)]
                tie["links"].add(link)
                tie["sources"] |= {source} - {""}
    M = nx.MultiGraph(network="actor", filters=f.as_dict())
    _add_actor_nodes(graph, M, sorted(nodes))
    for (a, b, kind), tie in sorted(ties.items()):
        events, links = sorted(tie["events"]), sorted(tie["links"])
        M.add_edge(a, b, key=kind, kind=kind, weight=len(events) or len(links),
                   events=events, links=links, sources=sorted(tie["sources"]))
    M.graph["labels"] = _labels(graph, {x for t in ties.values() for x in t["events"] | t["links"]})
    return M


def _labels(graph: Graph, nodes: Iterable[str]) -> dict[str, tuple[str, str]]:
    from rdflib import URIRef

    from climategraph.graph import label

    return {n: (label(graph, URIRef(n), "en"), label(graph, URIRef(n), "ko"))
            for n in sorted(nodes)}


def _most_specific(graph: Graph) -> dict[str, str]:
    """Actor IRI -> local name of its most specific cg class."""
    supers: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.query(SUPERCLASSES):  # type: ignore[misc]
        supers[str(sub)].add(str(sup))
    types: dict[str, set[str]] = defaultdict(set)
    for node, cls in graph.query(CG_CLASSES):  # type: ignore[misc]
        types[str(node)].add(str(cls))
    result = {}
    for node, classes in types.items():
        specific = sorted(c for c in classes if not any(c in supers[o] for o in classes))
        result[node] = specific[0].rsplit("#", 1)[-1] if specific else "Organisation"
    return result


def _add_actor_nodes(graph: Graph, G: nx.Graph, nodes: Sequence[str]) -> None:
    from rdflib import URIRef

    from climategraph.graph import label
    from climategraph.namespaces import CG, GEO

    kinds = _most_specific(graph)
    for node in nodes:
        ref = URIRef(node)
        country = graph.value(ref, CG.country)
        attrs: dict[str, Any] = {
            "label_en": label(graph, ref, "en"),
            "label_ko": label(graph, ref, "ko"),
            "kind": kinds.get(node, "Organisation"),
            "country": label(graph, country, "en") if country is not None else "",
            "country_iri": str(country) if country is not None else "",
        }
        lat, lon = graph.value(ref, GEO.lat), graph.value(ref, GEO.long)
        if lat is not None and lon is not None:
            attrs["lat"], attrs["lon"] = float(str(lat)), float(str(lon))
        G.add_node(node, **attrs)


def _bipartite(graph: Graph, f: Filters) -> nx.Graph:
    import networkx as nx
    from rdflib import URIRef

    from climategraph.graph import label
    from climategraph.namespaces import CG

    rows = participations(graph, f)
    B = nx.Graph(network="bipartite", filters=f.as_dict())
    _add_actor_nodes(graph, B, sorted({r[0] for r in rows}))
    for n in B:
        B.nodes[n]["bipartite"] = 0
    for root in sorted({r[1] for r in rows}):
        ref = URIRef(root)
        date = graph.value(ref, CG.startDate) or graph.value(ref, CG.plannedYear)
        B.add_node(root, bipartite=1, label_en=label(graph, ref, "en"),
                   label_ko=label(graph, ref, "ko"), kind=_event_kind(graph, ref),
                   date=str(date) if date is not None else "", country="")
    edges: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(
        lambda: {"events": set(), "roles": set(), "sources": set()}
    )
    for actor, root, event, role, source in rows:
        e = edges[(actor, root)]
        e["events"].add(event)
        e["roles"] |= {role.rsplit("#", 1)[-1]} - {""}
        e["sources"] |= {source} - {""}
    for (actor, root), e in sorted(edges.items()):
        B.add_edge(actor, root, kind="participation", weight=1, events=sorted(e["events"]),
                   roles=sorted(e["roles"]), links=[], sources=sorted(e["sources"]))
    B.graph["labels"] = _labels(graph, {r[2] for r in rows} | {r[1] for r in rows})
    return B


def _event_kind(graph: Graph, ref: Any) -> str:
    from rdflib import RDF

    from climategraph.namespaces import CG

    names = sorted(str(t)[len(str(CG._NS)) :] for t in graph.objects(ref, RDF.type)
                   if str(t).startswith(str(CG._NS)))
    specific = [n for n in names if n != "Event"]
    return (specific or names or ["Event"])[0]


def projection(B: nx.Graph) -> nx.Graph:
    """The actors' weighted projection of a bipartite network (networkx's own).

    Edge ``weight`` = number of events the two actors share.
    """
    import networkx as nx

    actors = sorted(n for n, d in B.nodes(data=True) if d.get("bipartite") == 0)
    return nx.bipartite.weighted_projected_graph(B, actors)


def _country_network(graph: Graph, M: nx.MultiGraph) -> nx.MultiGraph:
    import networkx as nx
    from rdflib import URIRef

    from climategraph.graph import label

    C = nx.MultiGraph(network="country", filters=M.graph["filters"], labels=M.graph["labels"])
    members: dict[str, list[str]] = defaultdict(list)
    for node, data in M.nodes(data=True):
        if data["country_iri"]:
            members[data["country_iri"]].append(node)
    for country in sorted(members):
        ref = URIRef(country)
        C.add_node(country, label_en=label(graph, ref, "en"), label_ko=label(graph, ref, "ko"),
                   kind="Country", country=label(graph, ref, "en"), country_iri=country,
                   actors=sorted(members[country]), internal_weight=0)
    for a, b, kind, data in M.edges(keys=True, data=True):
        ca, cb = M.nodes[a]["country_iri"], M.nodes[b]["country_iri"]
        if not ca or not cb:
            continue
        if ca == cb:
            C.nodes[ca]["internal_weight"] += data["weight"]
            continue
        u, v = sorted((ca, cb))
        if not C.has_edge(u, v, key=kind):
            C.add_edge(u, v, key=kind, kind=kind, weight=0, events=[], links=[], sources=[])
        e = C[u][v][kind]
        e["weight"] += data["weight"]
        for attr in ("events", "links", "sources"):
            e[attr] = sorted(set(e[attr]) | set(data[attr]))
    return C


def combine(M: nx.Graph) -> nx.Graph:
    """A simple ``nx.Graph`` with one edge per pair: weights summed over tie kinds.

    Lists (``events``, ``links``, ``sources``) are merged; ``kinds`` lists the tie
    kinds. Node attributes and ``G.graph`` are kept. A simple graph is copied.

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
