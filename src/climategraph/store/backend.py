"""The store behind the graph, chosen in one place (:data:`DEFAULT_STORE`).

``"oxigraph"`` is Oxigraph behind rdflib's API, through oxrdflib (fast SPARQL and
parsing); ``"memory"`` is rdflib's own store. This is the only module that reaches
into oxrdflib's internals (:func:`select` runs a query on the Oxigraph store directly).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from climategraph.errors import LoadError

if TYPE_CHECKING:
    from rdflib import Graph



from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph


#: the store used unless a caller asks for another: "oxigraph" or "memory"
DEFAULT_STORE = "oxigraph"
STORES = ("oxigraph", "memory")


def new_graph(store: str | None = None) -> Graph:
    """An empty rdflib graph on the chosen store, with the project's prefixes bound."""
    from rdflib import Graph

    store = store or DEFAULT_STORE
    if store not in STORES:
        raise LoadError(f"unknown store {store!r}", hint=f"choose one of {', '.join(STORES)}")
    graph = Graph(store="Oxigraph") if store == "oxigraph" else Graph()
    bind_prefixes(graph)
    return graph


def bind_prefixes(graph: Graph) -> None:
    """Bind the project's prefixes (used by every serialiser)."""
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

    from climategraph.namespaces import CG, CGR, CGS, CGT, GEO, ORG, SCHEMA

    for prefix, ns in (
        ("cg", CG._NS),
        ("cgr", CGR),
        ("cgt", CGT),
        ("cgs", CGS),
        ("rdf", RDF),
        ("rdfs", RDFS),
        ("owl", OWL),
        ("xsd", XSD),
        ("skos", SKOS),
        ("dct", DCTERMS),
        ("prov", PROV),
        ("org", ORG),
        ("geo", GEO),
        ("schema", SCHEMA),
    ):
        graph.bind(prefix, ns, override=True, replace=True)


def to_memory(graph: Graph) -> Graph:
    """A copy on rdflib's memory store (for libraries that need rdflib's own query engine)."""
    from rdflib import Graph

    if type(graph.store).__name__ == "Memory":
        return graph
    copy = Graph()
    for prefix, ns in graph.namespaces():
        copy.bind(prefix, ns, override=True, replace=True)
    copy += graph
    return copy


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
