"""The "full" network for the pages: every entity (resource IRI) and every link
between two entities, read straight from the RDF.

Nodes carry ``label_en``, ``label_ko``, ``kind`` (the most specific ``cg:`` class),
``country``, ``lat``/``lon`` and ``sources`` (the articles the record cites); edges
``kinds`` (the predicates' local names), ``weight``, ``events``, ``links``, ``sources``.
A time window drops dated events outside it and the participation records of
those events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _kinds(graph: Graph) -> dict[str, str]:
    """Resource IRI -> local name of its most specific ``cg:`` class."""
    from rdflib import RDF, RDFS

    from climategraph.namespaces import CG, CGR

    ns = str(CG._NS)
    types: dict[str, set[Any]] = {}
    for s, t in graph.subject_objects(RDF.type):
        if str(s).startswith(str(CGR)) and str(t).startswith(ns):
            types.setdefault(str(s), set()).add(t)
    kinds = {}
    for node, classes in types.items():
        supers = {x for c in classes for x in graph.transitive_objects(c, RDFS.subClassOf)
                  if x != c}
        specific = sorted(_local(c) for c in classes if c not in supers)
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
    for record, event in graph.subject_objects(CG.event):
        if str(event) in gone:
            gone.add(str(record))
    return gone


def full_network(graph: Graph, *, start: object = None, end: object = None) -> nx.Graph:
    """Every entity in the resource namespace and every link between two of them."""
    import networkx as nx
    from rdflib import URIRef
    from rdflib.namespace import PROV

    from climategraph.namespaces import CG, CGR, GEO
    from climategraph.store.labels import label

    base = str(CGR)
    kinds = _kinds(graph)
    gone = _dropped(graph, start, end)
    G = nx.Graph(network="full")
    for node in sorted(n for n in kinds if n not in gone):
        ref = URIRef(node)
        country = graph.value(ref, CG.country)
        attrs: dict[str, Any] = {
            "label_en": label(graph, ref, "en"),
            "label_ko": label(graph, ref, "ko"),
            "kind": kinds[node],
            "country": label(graph, country, "en") if country is not None else "",
            "sources": sorted(str(s) for s in graph.objects(ref, PROV.wasDerivedFrom)),
        }
        lat, lon = graph.value(ref, GEO.lat), graph.value(ref, GEO.long)
        if lat is not None and lon is not None:
            attrs["lat"], attrs["lon"] = float(str(lat)), float(str(lon))
        G.add_node(node, **attrs)
    for s, p, o in graph:
        u, v = str(s), str(o)
        if not (u.startswith(base) and v.startswith(base)) or u == v:
            continue
        if u not in G or v not in G:
            continue
        if not G.has_edge(u, v):
            G.add_edge(u, v, kinds=[], weight=0, events=[], links=[], sources=[])
        e = G[u][v]
        e["kinds"] = sorted(set(e["kinds"]) | {_local(p)})
        e["weight"] = len(e["kinds"])
    return G
