"""Writing the graph out: deterministic serialisations and atomic writes.

Every RDF format is produced from quads sorted by their N-Quads form after the
blank nodes are given canonical names (RDFC-1.0, through Oxigraph), so the same
graph always gives the same bytes, even across processes. Every file is written
to a temporary file in the target folder and renamed over the target, so an
interrupted write never leaves a half file.

Named graphs (TriG, and what ``--include`` selects):

- each data file that cites exactly one article (``prov:wasDerivedFrom``), or
  whose name starts with an article's number (``003-*.ttl`` -> ``cgr:article-003``)
  and cites it, goes to the named graph whose name *is* that article's IRI;
- the other data files (the shared ``actors.ttl``, ``sources.ttl``, ``geo.ttl``, ...)
  go to :data:`COMMON`; the ontology and topic scheme to :data:`ONTOLOGY`;
- entailments (``inferred``) to :data:`INFERRED`, and only there.

The union of the named graphs is exactly the built graph (plus the entailments
when asked for); nothing is ever put in the default graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from climategraph.errors import ExportError
from climategraph.formats.inference import inferred
from climategraph.formats.named_graphs import (
    COMMON,
    DEFAULT_INCLUDE,
    INFERRED,
    _check_include,
    named_parts,
    union,
)
from climategraph.formats.network_files import to_network
from climategraph.formats.rdf import to_jsonld, to_ntriples, to_trig, to_turtle

#: every format ``climategraph export`` writes; the first is the default
FORMATS = ("turtle", "json-ld", "nt", "trig", "graphml", "gexf", "cyjs", "csv")


# --- the export ----------------------------------------------------------------


def export(
    data: Sequence[str | Path] | None = None,
    fmt: str = "turtle",
    include: Iterable[str] = DEFAULT_INCLUDE,
    *,
    store: str | None = None,
    network: str | None = None,
) -> bytes:
    """The serialised export: ``fmt`` (one of :data:`FORMATS`) of what ``include`` selects.

    TriG keeps each part in its named graph; the single-graph formats (Turtle,
    JSON-LD, N-Triples) write the union, so ``inferred`` there merges the entailments
    into the output (export ``--include inferred`` alone to get only them). GraphML,
    GEXF, Cytoscape.js JSON (``cyjs``) and CSV (a zip of ``nodes.csv`` and
    ``edges.csv``) write the network ``network`` built from the selected triples.

    Examples
    --------
    >>> turtle = export()
    >>> turtle.startswith(b"@prefix ") and turtle == export()  # byte-stable
    True
    >>> from climategraph.store.load import load_graph
    >>> len(export(fmt="nt").splitlines()) == len(load_graph())
    True
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    parts = _endpoint_parts(fmt, include, store) if not data else None
    parts = parts or named_parts(data, include, store=store)
    if fmt == "trig":
        return to_trig(parts)
    graph = union(parts)
    writers = {"turtle": to_turtle, "nt": to_ntriples, "json-ld": to_jsonld}
    if fmt in writers:
        return writers[fmt](graph)
    return to_network(graph, fmt, network)


def _endpoint_parts(fmt: str, include: Iterable[str], store: str | None) -> list | None:  # type: ignore[type-arg]
    """With ``--endpoint`` (:func:`climategraph.store.load.reading_from`), the server's whole
    graph as one part; None when reading the files.
    """
    from climategraph.store import load

    if load._SOURCE.get() is None:
        return None
    wanted = _check_include(include)
    if fmt == "trig" or not {"data", "ontology"} <= wanted:
        raise ExportError(
            "with --endpoint the server's graph is exported whole: TriG and --include "
            "without data and ontology need the files (drop --endpoint)"
        )
    whole = load.load_graph(store=store)
    return [(COMMON, whole)] + ([(INFERRED, inferred([whole]))] if "inferred" in wanted else [])
