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

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph.canonical import canonical_parts, sorted_ntriples, sorted_ox_triples
from climategraph.errors import ExportError
from climategraph.fileio import atomic_write
from climategraph.namespaces import BASE, CGR

if TYPE_CHECKING:
    from rdflib import Graph

#: every format ``climategraph export`` writes; the first is the default
FORMATS = ("turtle", "json-ld", "nt", "trig", "graphml", "gexf")
#: the RDF formats (the others are networks)
RDF_FORMATS = ("turtle", "json-ld", "nt", "trig")
#: what ``--include`` can select, and its default (what ``build`` writes)
INCLUDES = ("data", "ontology", "inferred")
DEFAULT_INCLUDE = ("data", "ontology")

#: names of the named graphs that are not an article
COMMON = BASE + "graph/common"
ONTOLOGY = BASE + "graph/ontology"
INFERRED = BASE + "graph/inferred"

_ARTICLE_FILE = re.compile(r"^(\d{3})[-_]")


# --- serialisers (canonical order from climategraph.canonical) ------------------


def project_prefixes() -> dict[str, str]:
    """The project's prefixes (:func:`climategraph.graph.bind_prefixes`), sorted:
    the only ones the serialisers write, whatever the input graph has bound.
    """
    from rdflib import Graph

    from climategraph.graph import bind_prefixes

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


def context_file() -> Path:
    """The JSON-LD ``@context`` with friendly keys: ``ontology/context.jsonld``."""
    from climategraph.graph import project_root

    return project_root() / "ontology" / "context.jsonld"


def to_jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with :func:`context_file` (embedded, so it parses offline),
    nodes sorted by ``id``, values and keys sorted: the same graph gives the same bytes
    (:func:`climategraph.writers.jsonld`: rdflib's output, without its serialiser).
    """
    import json

    from climategraph import writers

    try:
        context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise ExportError(f"{context_file()}: cannot read the JSON-LD context: {exc}") from None
    return writers.jsonld(graph, context)


# --- what to export: named parts ---------------------------------------------


def graph_name(path: Path, graph: Graph) -> str:
    """The named graph a data file goes to: the article it is curated from, else :data:`COMMON`.

    A file goes to an article's graph when it cites exactly that one article, or
    when its name starts with the article's number (``003-gwangju.ttl``) and it
    cites that article; otherwise (no citation, or several) to :data:`COMMON`.
    """
    from rdflib.namespace import PROV

    cited = {str(o) for o in graph.objects(None, PROV.wasDerivedFrom)}
    match = _ARTICLE_FILE.match(path.name)
    own = str(CGR[f"article-{match.group(1)}"]) if match else None
    if own is not None and own in cited:
        return own
    if len(cited) == 1:
        return cited.pop()
    return COMMON


def named_parts(
    data: Sequence[str | Path] | None = None,
    include: Iterable[str] = DEFAULT_INCLUDE,
    *,
    store: str | None = None,
) -> list[tuple[str, Graph]]:
    """The graph to export as ``(graph name, graph)`` parts, sorted by name.

    ``include`` selects ``data`` (one part per source article plus :data:`COMMON`),
    ``ontology`` (:data:`ONTOLOGY`) and ``inferred`` (:data:`INFERRED`: what RDFS and
    OWL-RL entail from the ontology and data together that is not already stated).
    """
    from climategraph.graph import default_data, expand, new_graph, ontology_files, parse_into

    wanted = _check_include(include)
    ontology = new_graph("memory")
    for path in ontology_files():
        parse_into(ontology, path)
    by_name: dict[str, Graph] = {}
    for path in expand(data or default_data()):
        part = new_graph("memory")
        parse_into(part, path)
        name = graph_name(path, part)
        by_name[name] = by_name[name] + part if name in by_name else part
    parts = list(by_name.items()) if "data" in wanted else []
    if "ontology" in wanted:
        parts.append((ONTOLOGY, ontology))
    if "inferred" in wanted:
        parts.append((INFERRED, inferred([ontology, *by_name.values()])))
    return sorted(parts, key=lambda part: part[0])


def _check_include(include: Iterable[str]) -> set[str]:
    wanted = set(include)
    unknown = sorted(wanted - set(INCLUDES))
    if unknown:
        choices = ", ".join(INCLUDES)
        raise ExportError(f"unknown --include {', '.join(unknown)}; choose from {choices}")
    if not wanted:
        raise ExportError(f"nothing to export; --include one of {', '.join(INCLUDES)}")
    return wanted


def inferred(graphs: Iterable[Graph]) -> Graph:
    """The RDFS and OWL-RL entailments (owlrl) of the union of ``graphs`` that are not
    already stated, without what holds of everything: triples about the W3C
    vocabularies themselves (rdf:, rdfs:, owl:, xsd:), reflexive ones (``x owl:sameAs x``,
    ``C rdfs:subClassOf C`` ...), typing or subclassing as ``rdfs:Resource``/``owl:Thing``,
    and owlrl's literal subjects (not RDF).
    """
    import owlrl
    from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal

    asserted = Graph()
    for graph in graphs:
        asserted += graph
    closure = Graph()
    closure += asserted
    owlrl.DeductiveClosure(owlrl.RDFS_OWLRL_Semantics).expand(closure)
    builtin = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD))
    trivial = {OWL.Thing, RDFS.Resource}
    result = Graph()
    for s, p, o in closure:
        if (
            isinstance(s, Literal)
            or str(s).startswith(builtin)
            or s == o
            or (p in (RDF.type, RDFS.subClassOf) and o in trivial)
            or (s, p, o) in asserted
        ):
            continue
        result.add((s, p, o))
    return result


def union(parts: Iterable[tuple[str, Graph]]) -> Graph:
    """One graph holding every part's triples (what single-graph formats write)."""
    from climategraph.graph import new_graph

    graph = new_graph("memory")
    for _, part in parts:
        graph += part
    return graph


# --- networks ------------------------------------------------------------------


def to_network(graph: Graph, fmt: str, kind: str | None = None) -> bytes:
    """GraphML or GEXF of the cooperation network ``kind`` (default ``"actor"``; see
    :func:`climategraph.networks.build_network`): node attributes kept (``label_en``,
    ``label_ko``, ``kind``, ``country`` ...) plus :func:`_add_metrics`; nodes and
    edges sorted, no timestamp (GEXF's ``lastmodifieddate`` is left out). GraphML is
    written by :func:`climategraph.writers.graphml` (networkx's bytes, in one pass),
    GEXF by networkx from :func:`ordered_exportable`.
    """
    import io

    import networkx as nx

    from climategraph import networks, writers

    network = networks.build_network(graph, kind or "actor")
    _add_metrics(network)
    if fmt == "graphml":
        return writers.graphml(network)
    ordered = ordered_exportable(network)
    for node, data in ordered.nodes(data=True):  # Gephi shows the GEXF label
        data.setdefault("label", data.get("label_en") or node)
    buffer = io.BytesIO()
    nx.write_gexf(ordered, buffer, encoding="utf-8")
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue())


def ordered_exportable(network: Any) -> Any:
    """The :func:`climategraph.networks.exportable` copy of ``network`` with nodes
    sorted by ``str`` and edges by ``(str(u), str(v)[, str(key)])`` (what GEXF is
    written from; GraphML is written the same by :func:`climategraph.writers.graphml`).
    """
    from climategraph import networks

    safe = networks.exportable(network)
    ordered = safe.__class__()
    ordered.graph.update(safe.graph)
    ordered.add_nodes_from(sorted(safe.nodes(data=True), key=lambda n: str(n[0])))
    if safe.is_multigraph():
        edges = sorted(safe.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3])))
    else:
        edges = sorted(safe.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    ordered.add_edges_from(edges)
    return ordered


def _add_metrics(network: Any) -> None:
    """Set :func:`climategraph.analysis.node_metrics` (degree, weighted degree,
    betweenness, PageRank, clustering, core, community, participation, broker) on
    every node; floats rounded to 9 digits.
    """
    from climategraph.analysis import node_metrics

    for node, metrics in node_metrics(network).items():
        data = network.nodes[node]
        for key, value in metrics.items():
            if key not in ("label", "label_ko", "kind", "country"):
                data[key] = round(value, 9) if isinstance(value, float) else value


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
    into the output (export ``--include inferred`` alone to get only them). GraphML
    and GEXF write the network ``network`` built from the selected triples.
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
    """With ``--endpoint`` (:func:`climategraph.graph.reading_from`), the server's whole
    graph as one part; None when reading the files.
    """
    from climategraph import graph as cg_graph

    if cg_graph._SOURCE.get() is None:
        return None
    wanted = _check_include(include)
    if fmt == "trig" or not {"data", "ontology"} <= wanted:
        raise ExportError(
            "with --endpoint the server's graph is exported whole: TriG and --include "
            "without data and ontology need the files (drop --endpoint)"
        )
    whole = cg_graph.load_graph(store=store)
    return [(COMMON, whole)] + ([(INFERRED, inferred([whole]))] if "inferred" in wanted else [])


def write_graph(graph: Graph, path: str | Path, fmt: str = "turtle") -> Path:
    """Serialise ``graph`` in ``fmt`` ("turtle", "nt" or "json-ld") and write it atomically."""
    writers = {"turtle": to_turtle, "nt": to_ntriples, "json-ld": to_jsonld}
    if fmt not in writers:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(writers)}")
    return atomic_write(path, writers[fmt](graph))
