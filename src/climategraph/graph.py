"""Loading the graph: the project's files, the store behind it, and labels.

The store is chosen in one place, :data:`DEFAULT_STORE`: ``"oxigraph"`` (Oxigraph
behind rdflib's API, through oxrdflib: fast SPARQL and parsing) or ``"memory"``
(rdflib's own store). Either way files are parsed by Oxigraph's strict parser, so a
malformed file is rejected the same way and reported with its line and column.
Nothing is fetched from the network: only local files are read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.errors import LoadError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

#: the store used unless a caller asks for another: "oxigraph" or "memory"
DEFAULT_STORE = "oxigraph"
STORES = ("oxigraph", "memory")

#: file extension -> oxrdflib parser plugin
PARSERS = {
    ".ttl": "ox-turtle",
    ".turtle": "ox-turtle",
    ".nt": "ox-nt",
    ".nq": "ox-nquads",
    ".trig": "ox-trig",
    ".jsonld": "ox-json-ld",
    ".json": "ox-json-ld",
    ".rdf": "ox-xml",
    ".owl": "ox-xml",
    ".xml": "ox-xml",
}


def project_root() -> Path:
    """The folder holding ``ontology/`` and ``data/``.

    ``CLIMATEGRAPH_HOME`` overrides it; otherwise it is the checkout the package
    was installed from (``make`` installs the project in editable mode).
    """
    env = os.environ.get("CLIMATEGRAPH_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def ontology_files() -> list[Path]:
    """The ontology and the topic scheme (not the shapes)."""
    root = project_root() / "ontology"
    return [root / "climategraph.ttl", root / "topics.ttl"]


def shapes_file() -> Path:
    """The SHACL shapes."""
    return project_root() / "ontology" / "shapes.ttl"


def default_data() -> list[Path]:
    """The shipped, curated data folder."""
    return [project_root() / "data"]


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given, each folder's RDF files (recursively), sorted.

    >>> expand([])
    []
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in PARSERS)
            if not found:
                raise LoadError(
                    "folder holds no RDF file", path=path, hint="expected .ttl, .nt, .trig, ..."
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise LoadError("no such file or folder", path=path, hint="check the path")
    return files


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


def parse_into(graph: Graph, path: Path) -> None:
    """Parse one file into ``graph`` with Oxigraph's strict parser.

    Raises :class:`LoadError` naming the file, line and column of a syntax error.
    """
    fmt = PARSERS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(
            f"unknown RDF file type {path.suffix!r}",
            path=path,
            hint=f"use one of {', '.join(sorted(PARSERS))}",
        )
    try:
        graph.parse(str(path), format=fmt, publicID=path.resolve().as_uri())
    except SyntaxError as exc:
        raise LoadError(
            _syntax_message(exc), path=path, line=exc.lineno, column=exc.offset
        ) from None
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", path=path) from None


def _syntax_message(exc: SyntaxError) -> str:
    """Oxigraph's message without the location it repeats ("... (file, line 3)")."""
    text = str(exc.msg or exc)
    text = text.split(" (", 1)[0] if text.endswith(")") else text
    for prefix in ("Parser error at ",):
        if text.startswith(prefix):
            _, _, text = text.partition(": ")
    return f"malformed RDF: {text}"


def load_graph(
    data: Sequence[str | Path] | None = None,
    *,
    ontology: bool = True,
    store: str | None = None,
) -> Graph:
    """The merged graph: the ontology and topic scheme (unless ``ontology=False``)
    plus the data files or folders (default: the shipped ``data/``).

    Raises :class:`LoadError` for a missing or malformed file. Inside
    :func:`reading_from` (``--endpoint``), the graph comes from that source instead.
    """
    source = _SOURCE.get()
    if source is not None:
        if data:
            raise LoadError("give either data files or an endpoint, not both")
        return source(store)
    graph = new_graph(store)
    files = (ontology_files() if ontology else []) + expand(data or default_data())
    for path in files:
        parse_into(graph, path)
    return graph


# --- reading from a SPARQL server (issue 7) -----------------------------------

#: while set, load_graph() without data returns source(store) (see reading_from)
_SOURCE: ContextVar[Callable[[str | None], Graph] | None] = ContextVar(
    "climategraph_source", default=None
)


@contextmanager
def reading_from(source: Callable[[str | None], Graph]) -> Iterator[None]:
    """Within the block, :func:`load_graph` (without data) returns ``source(store)``:
    how ``--endpoint`` makes every reading command read from a SPARQL server
    (see :func:`climategraph.endpoint.open_graph`)."""
    token = _SOURCE.set(source)
    try:
        yield
    finally:
        _SOURCE.reset(token)


def load_files(paths: Iterable[str | Path], *, store: str | None = None) -> Graph:
    """Exactly the given files (folders expanded), nothing added."""
    graph = new_graph(store)
    for path in expand(paths):
        parse_into(graph, path)
    return graph


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
    text = str(node)
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


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

    from climategraph.errors import ParameterError
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


def _name_index(graph: Graph, types: Sequence[Node]) -> dict[Node, set[str]]:
    """Node -> its casefolded labels and slug, limited to instances of ``types``."""
    from rdflib import RDF, RDFS, Literal, URIRef
    from rdflib.namespace import SKOS

    allowed: set[Node] | None = None
    if types:
        allowed = {s for c in _class_closure(graph, types) for s in graph.subjects(RDF.type, c)}
    index: dict[Node, set[str]] = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for node, value in graph.subject_objects(prop):
            wanted = allowed is None or node in allowed
            if wanted and isinstance(node, URIRef) and isinstance(value, Literal):
                index.setdefault(node, {_slug(node).casefold()}).add(str(value).casefold())
    return index
