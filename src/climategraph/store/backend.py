"""The store behind the graph, chosen in one place (:data:`DEFAULT_STORE`).

``"oxigraph"`` is Oxigraph behind rdflib's API, through oxrdflib (fast SPARQL and
parsing); ``"memory"`` is rdflib's own store. This is the only module that reaches
into oxrdflib's internals (:func:`select` runs a query on the Oxigraph store directly).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from climategraph.choices import STORES
from climategraph.errors import LoadError

if TYPE_CHECKING:
    from rdflib import Graph


#: the store used unless a caller asks for another: "oxigraph" or "memory"
DEFAULT_STORE = "oxigraph"


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


def on_oxigraph(graph: Graph) -> bool:
    """Whether ``graph`` sits on an Oxigraph store (the one check every layer uses).

    >>> on_oxigraph(new_graph("oxigraph")), on_oxigraph(new_graph("memory"))
    (True, False)
    """
    from oxrdflib.store import OxigraphStore

    return isinstance(graph.store, OxigraphStore)


def oxigraph_of(graph: Graph) -> tuple[Any, Any] | None:
    """(pyoxigraph store, graph name) when ``graph`` is a plain graph on Oxigraph."""
    from rdflib import Graph as RdfGraph

    inner = getattr(graph.store, "_inner", None)
    if type(graph) is not RdfGraph or graph.default_union or inner is None:
        return None
    from oxrdflib._converter import to_ox

    return inner, to_ox(graph.identifier)


def select(graph: Graph, query: str) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT ``query``, each term as its string (None when unbound)."""
    ox = oxigraph_of(graph)
    if ox is None:
        return [tuple(None if x is None else str(x) for x in row)  # type: ignore[union-attr]
                for row in graph.query(query)]
    inner, name = ox
    return [tuple(None if t is None else t.value for t in row)
            for row in inner.query(query, default_graph=name)]


def to_ox(term: Any) -> Any:
    """An rdflib term as the pyoxigraph term."""
    from oxrdflib._converter import to_ox as convert

    return convert(term)


def from_ox(term: Any) -> Any:
    """A pyoxigraph term as the rdflib term (None stays None)."""
    if term is None:
        return None
    from oxrdflib._converter import from_ox as convert

    return convert(term)


def local_name(iri: object) -> str:
    """The last part of an IRI: after the last ``#``, else after the last ``/``.

    >>> local_name("https://w3id.org/climategraph/id/incheon/")
    'incheon'
    >>> local_name("http://www.w3.org/ns/shacl#Warning")
    'Warning'

    """
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# --- the graph's version: what a cache of results computed from it is keyed on ----

#: graph -> [number of edits through its rdflib API since the graph was first built from]
_EDITS: weakref.WeakKeyDictionary[Any, list[int]] = weakref.WeakKeyDictionary()
#: the rdflib ``Graph`` methods every edit goes through (``+=``, ``-=``, ``set`` call them)
_EDITING = ("add", "addN", "remove", "parse", "update")


def version(graph: Graph) -> tuple[int, int]:
    """``(triples, edits)``: the graph's size (on Oxigraph, the store's) and a change
    counter, which together tell a graph edited since a result (a network, a name
    index) was computed from it,
    also when the edit kept its size. The counter counts calls of :data:`_EDITING`
    on this graph object (counting starts with the first call); edits that
    bypass it (another ``Graph`` over the same store, pyoxigraph directly) are seen
    only by the size.
    """
    edits = _EDITS.get(graph)
    if edits is None:
        edits = _EDITS[graph] = [0]
        for name in _EDITING:
            setattr(graph, name, _counting(graph, name, edits))
    ox = oxigraph_of(graph)
    # on Oxigraph the store's own count (every graph in it: 30x faster than len(graph),
    # a SPARQL COUNT, and it changes whenever the graph does)
    return (len(graph) if ox is None else len(ox[0])), edits[0]


def _counting(graph: Graph, name: str, edits: list[int]) -> Any:
    """``graph``'s method ``name``, adding one to ``edits[0]`` on every call. It holds
    the graph weakly, so the graph is freed as soon as it is no longer used."""
    import functools

    method = getattr(type(graph), name)
    owner = weakref.ref(graph)

    @functools.wraps(method)
    def counted(*args: Any, **kwargs: Any) -> Any:
        edits[0] += 1
        return method(owner(), *args, **kwargs)

    return counted
