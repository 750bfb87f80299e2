"""Fast reads for the network builders (:mod:`climategraph.networks`).

On the Oxigraph store the SPARQL runs directly on the pyoxigraph store and the
terms are read as plain strings (``.value``), not converted to rdflib terms one by
one: what took most of the time of building a network with 10^6 triples. On any
other store (rdflib's memory store, a SPARQL endpoint) rdflib's API is used. Both
give the same strings: an IRI, a blank node's id or a literal's lexical form, and
``None`` for an unbound variable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
