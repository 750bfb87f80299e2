"""Names of things: labels in a language, resolving a user's name to a node, and the
fast look-ups of labels and most specific classes the network and page layers share.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from climategraph.errors import ParameterError
from climategraph.store.backend import local_name, oxigraph_of, select, version

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


def label(graph: Graph, node: Node, lang: str = "en") -> str:
    """The node's ``rdfs:label`` in ``lang``, else in any language, else its IRI's last part.

    >>> from rdflib import Graph, Literal, URIRef, RDFS
    >>> g = Graph(); n = URIRef("https://w3id.org/climategraph/id/incheon")
    >>> _ = g.add((n, RDFS.label, Literal("인천광역시", lang="ko")))
    >>> label(g, n, "en"), label(g, n, "ko")
    ('인천광역시', '인천광역시')
    """
    from rdflib import RDFS, Literal

    fallback = None
    for value in graph.objects(node, RDFS.label):
        if isinstance(value, Literal):
            if value.language == lang:
                return str(value)
            fallback = fallback or str(value)
    if fallback is not None:
        return fallback
    return local_name(node)


def labels(graph: Graph, lang: str = "en") -> Iterator[tuple[Node, str]]:
    """Every labelled node with its label in ``lang`` (falling back as :func:`label`)."""
    from rdflib import RDFS

    for node in sorted(set(graph.subjects(RDFS.label, None)), key=str):
        yield node, label(graph, node, lang)


def resolve(graph: Graph, name: str, types: Sequence[Node] = (), *, what: str = "entity") -> Node:
    """The node a user means by ``name``: an IRI, a slug, or a label in any language.

    Labels (``rdfs:label`` and ``skos:altLabel``) match case-insensitively; when no
    label matches exactly, a name that is part of exactly one label matches it.
    ``types`` limits the candidates to instances of those classes (or subclasses).

    Raises :class:`~climategraph.errors.ParameterError` for an unknown name (with the
    closest matches) or an ambiguous one (with the candidates).
    """
    import difflib

    from rdflib import URIRef

    from climategraph.namespaces import CGR

    text = name.strip()
    if text and not any(c.isspace() or c in '<>"{}|^`\\' for c in text):
        classes = _class_closure(graph, types)
        for node in (URIRef(text), CGR[text]):
            if _is_named(graph, node, classes):
                return node
    names = _name_index(graph, types)
    key = text.casefold()
    exact = sorted({n for n, labels in names.items() if key in labels}, key=str)
    partial = sorted({n for n, labels in names.items() if any(key in x for x in labels)}, key=str)
    for found in (exact, partial):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = [f"{label(graph, n)} ({_slug(n)})" for n in found]
            raise ParameterError(
                f"{what} {name!r} is ambiguous: {'; '.join(listed)}",
                name=name,
                candidates=listed,
            )
    everything = {x: n for n, labels in names.items() for x in labels}
    close = difflib.get_close_matches(key, list(everything), n=5, cutoff=0.6)
    hint = sorted({label(graph, everything[c]) for c in close})
    suffix = f"; did you mean: {', '.join(hint)}?" if hint else ""
    raise ParameterError(f"unknown {what} {name!r}{suffix}", name=name, candidates=hint)


def _slug(node: Node) -> str:
    from climategraph.namespaces import CGR

    text = str(node)
    return text[len(str(CGR)) :] if text.startswith(str(CGR)) else text


def _class_closure(graph: Graph, types: Sequence[Node]) -> set[Node]:
    """The classes and all their subclasses (empty when no types are given)."""
    from rdflib import RDFS

    classes = set(types)
    for cls in list(types):
        classes |= {c for c in graph.transitive_subjects(RDFS.subClassOf, cls) if c is not None}
    return classes


def _is_named(graph: Graph, node: Node, classes: set[Node]) -> bool:
    """Whether ``node`` has a label and, when ``classes`` is given, one of those types:
    a direct look-up, so an IRI or slug resolves without indexing every label."""
    from rdflib import RDF, RDFS
    from rdflib.namespace import SKOS

    if (node, RDFS.label, None) not in graph and (node, SKOS.altLabel, None) not in graph:
        return False
    return not classes or any(t in classes for t in graph.objects(node, RDF.type))


#: graph -> {(types, version): name index}: one index per graph version, so the
#: saved queries the main job runs do not each index every label again
_NAMES: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], dict[Node, set[str]]]] = (
    weakref.WeakKeyDictionary())


def clear_cache() -> None:
    """Forget the name indexes kept per graph (see :func:`resolve`)."""
    _NAMES.clear()


def _name_index(graph: Graph, types: Sequence[Node]) -> dict[Node, set[str]]:
    """Node -> its casefolded labels and slug, limited to instances of ``types``
    (built once per graph version and kept; callers only read it)."""
    key = (tuple(sorted(map(str, types))), *version(graph))
    kept = _NAMES.setdefault(graph, {})
    if key not in kept:
        kept.clear()
        kept[key] = _build_name_index(graph, types)
    return kept[key]


def _build_name_index(graph: Graph, types: Sequence[Node]) -> dict[Node, set[str]]:
    from rdflib import RDF, RDFS, Literal, URIRef
    from rdflib.namespace import SKOS

    index: dict[Node, set[str]] = {}
    if oxigraph_of(graph) is not None:  # one query, strings only: 20x faster at 10^6
        classes = " ".join(f"<{c}>" for c in sorted(map(str, _class_closure(graph, types))))
        typed = f"VALUES ?c {{ {classes} }} ?s a ?c ." if types else ""
        query = (f"SELECT DISTINCT ?s ?v WHERE {{ {typed} {{ ?s <{RDFS.label}> ?v }} UNION "
                 f"{{ ?s <{SKOS.altLabel}> ?v }} FILTER(isIRI(?s) && isLiteral(?v)) }}")
        for s, v in select(graph, query):
            iri = URIRef(str(s))
            index.setdefault(iri, {_slug(iri).casefold()}).add(str(v).casefold())
        return index
    allowed: set[Node] | None = None
    if types:
        allowed = {s for c in _class_closure(graph, types) for s in graph.subjects(RDF.type, c)}
    for prop in (RDFS.label, SKOS.altLabel):
        for node, value in graph.subject_objects(prop):
            wanted = allowed is None or node in allowed
            if wanted and isinstance(node, URIRef) and isinstance(value, Literal):
                index.setdefault(node, {_slug(node).casefold()}).add(str(value).casefold())
    return index

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class Facts:
    """Labels and property values of nodes, as :func:`climategraph.store.labels.label` and
    ``graph.value`` give them (first value in the store's order)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._ox = oxigraph_of(graph)

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
        return local_name(text)


def _pick(found: Iterable[tuple[str, str | None]], node: str, lang: str) -> str:
    """:func:`climategraph.store.labels.label`'s choice among a node's label literals."""
    fallback = None
    for text, language in found:
        if language == lang:
            return text
        fallback = fallback or text
    if fallback is not None:
        return fallback
    return local_name(node)


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

# The class hierarchy is read from the loaded ontology, never spelled out here, so a
# change in it (cg:CityNetwork moving from cg:InternationalOrganisation to sit
# under cg:Organisation beside it) needs no change in the code.
_PREFIXES = """
PREFIX cg: <https://w3id.org/climategraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

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
