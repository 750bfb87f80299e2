"""Loading files into a graph: folder expansion, strict parsing by Oxigraph (a malformed
file is rejected with its line and column), and the ``--endpoint`` redirection
(:func:`reading_from`). Nothing is fetched from the network: only local files are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.errors import LoadError
from climategraph.limits import MAX_FILE_BYTES, MAX_NESTING, MAX_XML_DEPTH
from climategraph.namespaces import BASE
from climategraph.store.backend import new_graph
from climategraph.store.project import context_file, default_data, ontology_files

if TYPE_CHECKING:
    from rdflib import Graph


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


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given, each folder's RDF files (recursively), sorted.

    Only regular files are read: a FIFO, a device or a link to one (``/dev/zero``)
    would hang or be read as RDF, so it is refused with :class:`LoadError`, as is a
    sub-folder that cannot be read (never skipped in silence).

    >>> expand([])
    []
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                raise LoadError(
                    "folder holds no RDF file", path=path, hint="expected .ttl, .nt, .trig, ..."
                )
            files.extend(found)
        elif path.exists():
            files.append(_regular(path))
        else:
            raise LoadError("no such file or folder", path=path, hint="check the path")
    return files


def _folder_files(folder: Path) -> list[Path]:
    """The RDF files under ``folder`` (links to folders not followed), sorted."""
    import os

    def refuse(exc: OSError) -> None:
        where = exc.filename or folder
        raise LoadError(f"cannot read folder: {exc.strerror or exc}", path=where,
                        hint="fix its permissions or leave it out")

    found = []
    for top, dirs, names in os.walk(folder, onerror=refuse):
        dirs.sort()
        found += [Path(top, n) for n in names if Path(n).suffix.lower() in PARSERS]
    return sorted(_regular(p) for p in found)


def _regular(path: Path) -> Path:
    """``path`` if it is (or links to) a regular file; else :class:`LoadError`."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if not stat.S_ISREG(mode):
        kinds = {stat.S_IFIFO: "a pipe", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
                 stat.S_IFSOCK: "a socket"}
        kind = kinds.get(stat.S_IFMT(mode), "not a regular file")
        raise LoadError(f"{kind}, not a data file: not read", path=path,
                        hint="give regular files only")
    MAX_FILE_BYTES.check(path.stat().st_size, str(path))
    return path


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
    if fmt == "ox-xml":
        check_xml(path)
    elif fmt in ("ox-turtle", "ox-trig"):
        check_nesting(path)
    try:
        if fmt == "ox-json-ld":
            graph.parse(data=local_jsonld(path), format=fmt, publicID=path.resolve().as_uri())
        elif fmt in ("ox-trig", "ox-nquads"):
            graph.parse(data=merged_quads(path, fmt), format="ox-nt")
        else:
            graph.parse(str(path), format=fmt, publicID=path.resolve().as_uri())
    except SyntaxError as exc:
        raise LoadError(
            _syntax_message(exc), path=path, line=exc.lineno, column=exc.offset
        ) from None
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    except MemoryError as exc:
        raise LoadError(
            f"too large to load: {str(exc)[:80] or 'out of memory'}",
            path=path,
            hint="split the file, or shorten its longest literal",
        ) from None
    except RecursionError:
        raise LoadError("nested too deeply to load", path=path) from None


#: what can hide a bracket in Turtle / TriG (comments, strings, IRIs), and the brackets
_TURTLE = re.compile(
    rb"""\#[^\n]*
    | "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
    | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
    | <[^<>\s]*>
    | (?P<open>[\[(]) | (?P<close>[\])])""",
    re.VERBOSE | re.DOTALL,
)


def check_nesting(path: Path) -> None:
    """Refuse Turtle or TriG whose blank nodes ``[ ]`` and lists ``( )`` nest deeper
    than :data:`~climategraph.limits.MAX_NESTING` (deep nesting costs the writers far
    more than the parser). A file without brackets is not scanned."""
    import mmap

    limit = MAX_NESTING.get()
    if path.stat().st_size == 0:
        return
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data.find(b"[") < 0 and data.find(b"(") < 0:
            return
        depth = 0
        for match in _TURTLE.finditer(data):  # type: ignore[call-overload]
            if match.lastgroup == "open":
                depth += 1
                if depth > limit:
                    line = data[: match.start()].count(b"\n") + 1
                    raise LoadError(MAX_NESTING.exceeded(), path=path, line=line)
            elif match.lastgroup == "close":
                depth = max(depth - 1, 0)


#: longest internal XML entity accepted (a namespace shortcut such as <!ENTITY owl "...">)
MAX_ENTITY_CHARS = 200


class _XmlRefused(Exception):
    pass


def check_xml(path: Path) -> None:
    """Refuse an RDF/XML file that is not well-formed XML, nests deeper than
    :data:`~climategraph.limits.MAX_XML_DEPTH`, or declares entities that could
    expand without bound (external ones, ones longer than :data:`MAX_ENTITY_CHARS`
    or referring to others: billion laughs, quadratic blow-up). Expat reads the file
    first, in a stream; Oxigraph parses it only once it passed. The message names the
    line and column, never the file's content."""
    from xml.parsers import expat

    limit = MAX_XML_DEPTH.get()
    parser = expat.ParserCreate()
    depth = [0]

    def start(name: str, attrs: object) -> None:
        depth[0] += 1
        if depth[0] > limit:
            raise _XmlRefused(MAX_XML_DEPTH.exceeded())

    def end(name: str) -> None:
        depth[0] -= 1

    def entity(name: str, is_param: int, value: str | None, *rest: object) -> None:
        if value is None or is_param or len(value) > MAX_ENTITY_CHARS or "&" in value:
            raise _XmlRefused(
                "XML entity declaration refused: only short namespace shortcuts are "
                "accepted (entities can expand without bound)"
            )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    try:
        with path.open("rb") as handle:
            parser.ParseFile(handle)
    except _XmlRefused as exc:
        raise LoadError(str(exc), path=path, line=parser.CurrentLineNumber) from None
    except expat.ExpatError as exc:
        raise LoadError(
            f"malformed RDF/XML: {expat.ErrorString(exc.code)}",
            path=path,
            line=exc.lineno,
            column=exc.offset + 1,
        ) from None
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    except (LookupError, ValueError) as exc:  # an unknown encoding, a bad byte
        raise LoadError(f"malformed RDF/XML: {str(exc)[:100]}", path=path) from None


def merged_quads(path: Path, fmt: str) -> bytes:
    """The triples of every graph of a TriG or N-Quads file, as N-Triples: the project
    reads one merged graph, so named graphs are merged into it, not dropped. A graph
    named ``<>`` (the file itself: an empty name) is refused."""
    import pyoxigraph as ox

    base = path.resolve().as_uri()
    kind = ox.RdfFormat.TRIG if fmt == "ox-trig" else ox.RdfFormat.N_QUADS
    triples = []
    with path.open("rb") as handle:
        for quad in ox.parse(handle, format=kind, base_iri=base):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == base:
                raise LoadError(
                    "a graph with an empty name (<>)",
                    hint="name the graph with an absolute IRI, or use { } for the default graph",
                    path=path,
                )
            triples.append(quad.triple)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


#: the IRI under which the project's own JSON-LD context is known (ontology/context.jsonld)
CONTEXT_IRI = f"{BASE}context.jsonld"


def local_jsonld(path: Path) -> bytes:
    """A JSON-LD file with every remote ``@context`` (or ``@import``) resolved locally:
    the project's own context (:data:`CONTEXT_IRI`, or ``context.jsonld``) is put
    inline from ``ontology/context.jsonld``; any other URL is refused with
    :class:`LoadError`, so reading a file never reaches the network."""
    import json

    try:
        tree = json.loads(path.read_bytes())
    except RecursionError:
        raise LoadError(MAX_NESTING.exceeded(), path=path) from None
    except ValueError as exc:
        raise LoadError(f"malformed JSON-LD: {str(exc)[:120]}", path=path) from None
    limit = MAX_NESTING.get()
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise LoadError(MAX_NESTING.exceeded(), path=path)
        if isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)
        elif isinstance(node, dict):
            for key in ("@context", "@import"):
                if key in node:
                    node[key] = _local_context(node[key], path)
            stack.extend((value, depth + 1) for value in node.values())
    return json.dumps(tree).encode("utf-8")


def _local_context(value: object, path: Path) -> object:
    import json

    if isinstance(value, list):
        return [_local_context(item, path) for item in value]
    if not isinstance(value, str):
        return value
    if value in (CONTEXT_IRI, "context.jsonld"):
        return json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    raise LoadError(
        f"remote JSON-LD context {value[:100]!r} is not fetched (no network unless asked)",
        path=path,
        hint=f"put the context inline, or use {CONTEXT_IRI}",
    )


def _syntax_message(exc: SyntaxError) -> str:
    """Oxigraph's message without the location it repeats ("... (file, line 3)")."""
    lines = str(exc.msg or exc).strip().splitlines()
    text = lines[0] if lines else "syntax error"
    text = text.split(" (", 1)[0] if text.endswith(")") else text
    for prefix in ("Parser error at ",):
        if text.startswith(prefix):
            _, _, text = text.partition(": ")
    return f"malformed RDF: {text[:150]}"


def load_graph(
    data: Sequence[str | Path] | None = None,
    *,
    ontology: bool = True,
    store: str | None = None,
) -> Graph:
    """The merged graph: the ontology and topic scheme (unless ``ontology=False``)
    plus the data files or folders (default: the shipped ``data/``).

    Parameters
    ----------
    data : sequence of str or Path, optional
        Files (Turtle, N-Triples, RDF/XML, JSON-LD ...) or folders of them; the
        shipped ``data/`` when not given.
    ontology : bool
        Add the ontology and the topic scheme (what validation and labels need).
    store : {"oxigraph", "memory"}, optional
        The store behind the rdflib graph (:data:`~climategraph.store.backend.STORES`).

    Returns
    -------
    rdflib.Graph
        Inside :func:`reading_from` (``--endpoint``), the graph comes from that
        source instead.

    Raises
    ------
    LoadError
        A missing or malformed file, with its path, line and column.

    Examples
    --------
    >>> graph = load_graph()
    >>> len(graph) > len(load_graph(ontology=False)) > 0
    True
    >>> load_graph(["no-such-file.ttl"])
    Traceback (most recent call last):
    climategraph.errors.LoadError: no-such-file.ttl: no such file or folder (check the path)
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
    (see :func:`climategraph.server.client.open_graph`)."""
    token = _SOURCE.set(source)
    try:
        yield
    finally:
        _SOURCE.reset(token)


def load_files(paths: Iterable[str | Path], *, store: str | None = None) -> Graph:
    """Exactly the given files (folders expanded), nothing added.

    Examples
    --------
    >>> from climategraph.store.project import default_data
    >>> data = load_files(default_data())
    >>> len(data) == len(load_graph(ontology=False))
    True
    """
    graph = new_graph(store)
    for path in expand(paths):
        parse_into(graph, path)
    return graph
