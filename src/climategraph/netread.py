"""Fast reads for the network builders (:mod:`climategraph.networks`).

On the Oxigraph store the SPARQL runs directly on the pyoxigraph store and the
terms are read as plain strings (``.value``), not converted to rdflib terms one by
one: what took most of the time of building a network with 10^6 triples. On any
other store (rdflib's memory store, a SPARQL endpoint) rdflib's API is used. Both
give the same strings: an IRI, a blank node's id or a literal's lexical form, and
``None`` for an unbound variable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _oxigraph(graph: Graph) -> tuple[Any, Any] | None:
    """(pyoxigraph store, graph name) when ``graph`` is a plain graph on Oxigraph."""
    from rdflib import Graph as RdfGraph

    inner = getattr(graph.store, "_inner", None)
    if type(graph) is not RdfGraph or graph.default_union or inner is None:
        return None
    from oxrdflib._converter import to_ox

    return inner, to_ox(graph.identifier)


def select(graph: Graph, query: str) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT ``query``, each term as its string (None when unbound)."""
    ox = _oxigraph(graph)
    if ox is None:
        return [tuple(None if x is None else str(x) for x in row)  # type: ignore[union-attr]
                for row in graph.query(query)]
    inner, name = ox
    return [tuple(None if t is None else t.value for t in row)
            for row in inner.query(query, default_graph=name)]


class Facts:
    """Labels and property values of nodes, as :func:`climategraph.graph.label` and
    ``graph.value`` give them (first value in the store's order)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._ox = _oxigraph(graph)

    def _objects(self, node: str, predicate: str) -> list[Any]:
        """Oxigraph terms of ``node``'s ``predicate`` (none for a non-IRI node)."""
        import pyoxigraph as ox

        assert self._ox is not None
        inner, name = self._ox
        try:
            subject = ox.NamedNode(node)
        except ValueError:
            return []
        return [q.object for q in
                inner.quads_for_pattern(subject, ox.NamedNode(predicate), None, name)]

    def labels(self, node: str) -> tuple[str, str]:
        """``(English label, Korean label)`` of the IRI ``node``."""
        if self._ox is None:
            from rdflib import URIRef

            from climategraph.graph import label

            ref = URIRef(node)
            return label(self.graph, ref, "en"), label(self.graph, ref, "ko")
        import pyoxigraph as ox

        found: list[tuple[str, str | None]] = [
            (t.value, t.language) for t in self._objects(node, RDFS_LABEL)
            if isinstance(t, ox.Literal)
        ]
        return _pick(found, node, "en"), _pick(found, node, "ko")

    def value(self, node: str, predicate: str) -> tuple[str, bool] | None:
        """First value of ``predicate`` on the IRI ``node``: (string, is a literal)."""
        if self._ox is None:
            from rdflib import Literal, URIRef

            v = self.graph.value(URIRef(node), URIRef(predicate))
            return None if v is None else (str(v), isinstance(v, Literal))
        import pyoxigraph as ox

        objects = self._objects(node, predicate)
        return (objects[0].value, isinstance(objects[0], ox.Literal)) if objects else None

    def label_of_value(self, value: tuple[str, bool], lang: str) -> str:
        """The label of a value from :meth:`value` (a literal has none: its last part)."""
        text, literal = value
        if not literal:
            return self.labels(text)[0 if lang == "en" else 1]
        return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _pick(found: Iterable[tuple[str, str | None]], node: str, lang: str) -> str:
    """:func:`climategraph.graph.label`'s choice among a node's label literals."""
    fallback = None
    for text, language in found:
        if language == lang:
            return text
        fallback = fallback or text
    if fallback is not None:
        return fallback
    return node.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# --- actor nodes -------------------------------------------------------------


def labels_of(graph: Graph, nodes: Iterable[str]) -> dict[str, tuple[str, str]]:
    """``{IRI: (English label, Korean label)}`` for ``nodes``, sorted."""
    facts = Facts(graph)
    return {n: facts.labels(n) for n in sorted(nodes)}


def _most_specific(graph: Graph) -> dict[str, str]:
    """Actor IRI -> local name of its most specific cg class.

    Of an actor's classes, those that are no superclass of another of them; of
    these, a leaf class of the ontology (one without subclasses) before an
    intermediate one, so an actor typed both ``cg:CityNetwork`` and
    ``cg:InternationalOrganisation`` (siblings under ``cg:Organisation``) is a
    "CityNetwork"; then alphabetically.
    """
    from climategraph.networks import CG_CLASSES, SUPERCLASSES

    supers: dict[str, set[str]] = defaultdict(set)
    for sub, sup in select(graph, SUPERCLASSES):
        if sub != sup:
            supers[str(sub)].add(str(sup))
    parents = set().union(*supers.values())
    types: dict[str, set[str]] = defaultdict(set)
    for node, cls in select(graph, CG_CLASSES):
        types[str(node)].add(str(cls))
    result = {}
    for node, classes in types.items():
        specific = sorted((c in parents, c) for c in classes
                          if not any(c in supers[o] for o in classes))
        result[node] = specific[0][1].rsplit("#", 1)[-1] if specific else "Organisation"
    return result


def add_actor_nodes(graph: Graph, G: nx.Graph, nodes: Sequence[str]) -> None:
    """Add the actors with their labels, kind, country and coordinates."""
    from climategraph.namespaces import CG, GEO
    facts = Facts(graph)
    kinds = _most_specific(graph)
    for node in nodes:
        label_en, label_ko = facts.labels(node)
        country = facts.value(node, str(CG.country))
        attrs: dict[str, Any] = {
            "label_en": label_en,
            "label_ko": label_ko,
            "kind": kinds.get(node, "Organisation"),
            "country": facts.label_of_value(country, "en") if country is not None else "",
            "country_iri": country[0] if country is not None else "",
        }
        lat, lon = facts.value(node, str(GEO.lat)), facts.value(node, str(GEO.long))
        if lat is not None and lon is not None:
            attrs["lat"], attrs["lon"] = float(lat[0]), float(lon[0])
        G.add_node(node, **attrs)
