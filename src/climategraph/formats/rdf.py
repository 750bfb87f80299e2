"""RDF serialisations of a graph: Turtle, N-Triples, TriG and JSON-LD, deterministic
(canonical blank nodes, sorted triples), with the project's prefixes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.errors import ExportError
from climategraph.fileio import atomic_write
from climategraph.formats.canonical import canonical_parts, sorted_ntriples, sorted_ox_triples
from climategraph.store.project import context_file

if TYPE_CHECKING:
    from rdflib import Graph


#: the RDF formats (the others are networks)
RDF_FORMATS = ("turtle", "json-ld", "nt", "trig")


# --- serialisers (canonical order from climategraph.formats.canonical) ------------------


def project_prefixes() -> dict[str, str]:
    """The project's prefixes (:func:`climategraph.store.backend.bind_prefixes`), sorted:
    the only ones the serialisers write, whatever the input graph has bound.
    """
    from rdflib import Graph

    from climategraph.store.backend import bind_prefixes

    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return {p: str(ns) for p, ns in sorted(graph.namespaces()) if p and p != "xml"}


def to_turtle(graph: Graph) -> bytes:
    """Turtle with the graph's bound prefixes, in a stable order (same graph, same bytes)."""
    import pyoxigraph as ox

    return (
        ox.serialize(
            sorted_ox_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=project_prefixes()
        )
        or b""
    )


def to_ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, sorted."""

    text = sorted_ntriples(graph)
    return text + b"\n" if text else b""


def to_trig(parts: Sequence[tuple[str, Graph]]) -> bytes:
    """TriG: one named graph per ``(name, graph)`` part, sorted, blank nodes canonical."""
    import pyoxigraph as ox

    quads = (
        ox.Quad(t.subject, t.predicate, t.object, ctx)
        for ctx, text in canonical_parts(parts)
        for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
    )
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=project_prefixes()) or b""


def to_jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with :func:`context_file` (embedded, so it parses offline),
    nodes sorted by ``id``, values and keys sorted: the same graph gives the same bytes
    (:func:`climategraph.formats.jsonld.jsonld`: every triple, blank nodes embedded).
    """
    import json

    from climategraph.formats import jsonld

    try:
        context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise ExportError(f"{context_file()}: cannot read the JSON-LD context: {exc}") from None
    return jsonld.jsonld(graph, context)


def write_graph(graph: Graph, path: str | Path, fmt: str = "turtle") -> Path:
    """Serialise ``graph`` in ``fmt`` ("turtle", "nt" or "json-ld") and write it atomically.

    Examples
    --------
    >>> import tempfile
    >>> from climategraph.store.load import load_graph, load_files
    >>> graph = load_graph()
    >>> path = write_graph(graph, tempfile.mkdtemp() + "/graph.nt", "nt")
    >>> len(load_files([path])) == len(graph)
    True
    """
    writers = {"turtle": to_turtle, "nt": to_ntriples, "json-ld": to_jsonld}
    if fmt not in writers:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(writers)}")
    return atomic_write(path, writers[fmt](graph))
