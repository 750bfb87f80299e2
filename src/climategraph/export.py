"""Writing the graph out: deterministic serialisations and atomic writes.

Turtle and N-Triples are produced by Oxigraph's serialisers from triples sorted
by their N-Triples form, so the same graph always gives the same bytes. Every
file is written to a temporary file in the target folder and renamed over the
target, so an interrupted write never leaves a half file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.errors import ExportError

if TYPE_CHECKING:
    from rdflib import Graph


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    An existing file is replaced only by a complete one; on any error the
    temporary file is removed and :class:`ExportError` is raised.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise
    return target


def _sorted_ox_triples(graph: Graph) -> list:  # type: ignore[type-arg]
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return triples


def to_turtle(graph: Graph) -> bytes:
    """Turtle with the graph's bound prefixes, in a stable order (same graph, same bytes)."""
    import pyoxigraph as ox

    prefixes = {p: str(ns) for p, ns in sorted(graph.namespaces()) if p}
    return ox.serialize(
        _sorted_ox_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=prefixes
    ) or b""


def to_ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, sorted."""
    import pyoxigraph as ox

    return ox.serialize(_sorted_ox_triples(graph), format=ox.RdfFormat.N_TRIPLES) or b""


def write_graph(graph: Graph, path: str | Path, fmt: str = "turtle") -> Path:
    """Serialise ``graph`` in ``fmt`` ("turtle" or "nt") and write it atomically."""
    writers = {"turtle": to_turtle, "nt": to_ntriples}
    if fmt not in writers:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(writers)}")
    return atomic_write(path, writers[fmt](graph))
