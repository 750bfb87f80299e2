"""Networks derived from the actor network's ingredients, and forms of a network.

- :func:`bipartite`: actors and top-level events (networkx's bipartite convention),
  with :func:`projection`, networkx's weighted projection onto the actors;
- :func:`country_network`: the actor network aggregated by country;
- :func:`combine`: one edge per pair, weights summed over tie kinds, and
  :func:`simple`, the same without self-loops, and :func:`weighted`, the same with
  the weights only (what the metrics run on);
- :func:`exportable`: a copy safe for GraphML and GEXF.

:func:`climategraph.network.build.build_network` builds them; ``projection``,
``combine`` and ``exportable`` are importable from :mod:`climategraph.network.build` too.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    from climategraph.network.filters import Filters


def bipartite(graph: Graph, f: Filters) -> nx.Graph:
    """Actors (``bipartite=0``) and the top-level events they took part in (``1``).

    An edge lists the (sub-)events, roles and articles behind the participation.
    """
    import networkx as nx

    from climategraph.network.actors import add_actor_nodes
    from climategraph.network.ties import participations
    from climategraph.store.labels import labels_of

    rows = participations(graph, f)
    B = nx.Graph(network="bipartite", filters=f.as_dict())
    add_actor_nodes(graph, B, sorted({r[0] for r in rows}))
    for n in B:
        B.nodes[n]["bipartite"] = 0
    _add_event_nodes(graph, B, sorted({r[1] for r in rows}))
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
    B.graph["labels"] = labels_of(graph, {r[2] for r in rows} | {r[1] for r in rows})
    return B


def _add_event_nodes(graph: Graph, B: nx.Graph, roots: list[str]) -> None:
    from rdflib import URIRef

    from climategraph.namespaces import CG
    from climategraph.store.labels import label

    for root in roots:
        ref = URIRef(root)
        date = graph.value(ref, CG.startDate) or graph.value(ref, CG.plannedYear)
        B.add_node(root, bipartite=1, label_en=label(graph, ref, "en"),
                   label_ko=label(graph, ref, "ko"), kind=_event_kind(graph, ref),
                   date=str(date) if date is not None else "", country="")


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


def country_network(graph: Graph, M: nx.MultiGraph) -> nx.MultiGraph:
    """The actor network ``M`` aggregated by country (one edge per pair and tie kind).

    Actors without a country are left out; ties inside a country add up to the
    country's ``internal_weight``; ``actors`` lists each country's members.
    """
    import networkx as nx
    from rdflib import URIRef

    from climategraph.store.labels import label

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
