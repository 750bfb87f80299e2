"""The "full" network for the pages: every entity (resource IRI) and every link
between two entities, read straight from the RDF.

Nodes carry ``label_en``, ``label_ko``, ``kind`` (the most specific ``cg:`` class),
``country``, ``lat``/``lon`` and ``sources`` (the articles the record cites); edges
``kinds`` (the predicates' local names), ``weight``, ``events``, ``links``, ``sources``.
A time window drops dated events outside it and the participation records of
those events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from climategraph.store.backend import local_name

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph


def _kinds(graph: Graph) -> dict[str, str]:
    """Resource IRI -> local name of its most specific ``cg:`` class."""
    from rdflib import RDF, RDFS

    from climategraph.namespaces import CG, CGR

    ns = str(CG._NS)
    types: dict[str, set[Any]] = {}
    for s, t in graph.subject_objects(RDF.type):
        if str(s).startswith(str(CGR)) and str(t).startswith(ns):
            types.setdefault(str(s), set()).add(t)
    closure: dict[Any, set[Any]] = {}  # class -> its superclasses (a few dozen classes)
    kinds = {}
    for node, classes in types.items():
        for c in classes - closure.keys():
            closure[c] = {x for x in graph.transitive_objects(c, RDFS.subClassOf) if x != c}
        supers = set().union(*(closure[c] for c in classes))
        specific = sorted(local_name(c) for c in classes if c not in supers)
        kinds[node] = specific[0] if specific else "Thing"
    return kinds


def _dropped(graph: Graph, start: object, end: object) -> set[str]:
    """Events dated outside the window, and participations in them."""
    from climategraph.namespaces import CG
    from climategraph.network.filters import normalise_date

    lo, hi = normalise_date(start), normalise_date(end, end=True)
    if lo is None and hi is None:
        return set()
    gone = set()
    for prop in (CG.startDate, CG.plannedYear, CG.startTime):
        for event, value in graph.subject_objects(prop):
            day = normalise_date(value)
            if day is not None and ((lo and day < lo) or (hi and day > hi)):
                gone.add(str(event))
    for record, event in graph.subject_objects(CG.atEvent):
        if str(event) in gone:
            gone.add(str(record))
    return gone


def full_network(graph: Graph, *, start: object = None, end: object = None) -> nx.Graph:
    """Every entity in the resource namespace and every link between two of them.

    Facts are read in bulk (:class:`climategraph.store.labels.Facts`, straight from
    Oxigraph when the graph is on it), giving what ``label`` and ``graph.value`` give.
    """
    import networkx as nx

    from climategraph.namespaces import CG, GEO
    from climategraph.store.backend import select
    from climategraph.store.labels import Facts

    facts = Facts(graph)
    cited: dict[str, list[str]] = {}
    for record, article in select(graph, _SOURCES):
        cited.setdefault(str(record), []).append(str(article))
    kinds = _kinds(graph)
    gone = _dropped(graph, start, end)
    G = nx.Graph(network="full")
    for node in sorted(n for n in kinds if n not in gone):
        label_en, label_ko = facts.labels(node)
        country = facts.value(node, str(CG.inCountry))
        attrs: dict[str, Any] = {
            "label_en": label_en,
            "label_ko": label_ko,
            "kind": kinds[node],
            "country": facts.label_of_value(country, "en") if country is not None else "",
            "sources": sorted(cited.get(node, ())),
        }
        lat, lon = facts.value(node, str(GEO.lat)), facts.value(node, str(GEO.long))
        if lat is not None and lon is not None:
            attrs["lat"], attrs["lon"] = float(lat[0]), float(lon[0])
        G.add_node(node, **attrs)
    _add_links(G, _triples(graph))
    return G


_SOURCES = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?o }"


def _triples(graph: Graph) -> Iterator[tuple[str, str, str]]:
    """Every triple as strings (what ``str`` gives of rdflib's terms), in the store's
    order; straight from Oxigraph when the graph is on it."""
    from climategraph.store.backend import oxigraph_of

    ox = oxigraph_of(graph)
    if ox is None:
        return ((str(s), str(p), str(o)) for s, p, o in graph)
    inner, name = ox
    return ((q.subject.value, q.predicate.value, q.object.value)
            for q in inner.quads_for_pattern(None, None, None, name))


def _add_links(G: nx.Graph, triples: Iterable[tuple[str, str, str]]) -> None:
    """An edge for every triple between two entities of ``G`` (kinds: the predicates)."""
    from climategraph.namespaces import CGR

    base = str(CGR)
    for u, p, v in triples:
        if not (u.startswith(base) and v.startswith(base)) or u == v:
            continue
        if u not in G or v not in G:
            continue
        if not G.has_edge(u, v):
            G.add_edge(u, v, kinds=[], weight=0, events=[], links=[], sources=[])
        e = G[u][v]
        e["kinds"] = sorted(set(e["kinds"]) | {local_name(p)})
        e["weight"] = len(e["kinds"])
