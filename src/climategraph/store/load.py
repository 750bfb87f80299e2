"""Loading files into a graph: folder expansion, strict parsing by Oxigraph (a malformed
file is rejected with its line and column), and the ``--endpoint`` redirection
(:func:`reading_from`). Nothing is fetched from the network: only local files are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.errors import LoadError
from climategraph.store.backend import new_graph
from climategraph.store.project import default_data, ontology_files

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
