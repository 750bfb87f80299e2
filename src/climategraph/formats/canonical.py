"""Canonical, sorted triples: the same graph always gives the same bytes.

Blank nodes get RDFC-1.0 names (through Oxigraph) over the whole dataset, and
triples are sorted as N-Triples bytes per graph. The serialisers in
:mod:`climategraph.formats.export` start from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph


def canonical_parts(parts: Iterable[tuple[str | None, Graph]]) -> list[tuple[Any, bytes]]:
    """For every (graph name, graph) part, in order of graph name: the Oxigraph graph
    name and the graph's sorted N-Triples, blank nodes canonically named (RDFC-1.0
    over the whole dataset).

    Graphs without blank nodes skip canonicalisation; a graph on the Oxigraph store
    hands its triples over without passing through rdflib's terms; the sort works
    on bytes. So a million triples take seconds, not minutes.
    """
    import pyoxigraph as ox

    named = sorted(
        ((ox.NamedNode(name) if name else ox.DefaultGraph(), graph) for name, graph in parts),
        key=lambda item: str(item[0]),
    )
    texts = [(ctx, _ntriples(_ox_triples(graph)).splitlines()) for ctx, graph in named]
    plain = [(ctx, [line for line in lines if b"_:" not in line]) for ctx, lines in texts]
    blank = [(ctx, [line for line in lines if b"_:" in line]) for ctx, lines in texts]
    if any(lines for _, lines in blank):
        blank = _canonicalised(blank)
    return [
        (ctx, b"\n".join(sorted(lines + extra)))
        for (ctx, lines), (_, extra) in zip(plain, blank, strict=True)
    ]


def _ntriples(triples: Iterable[Any]) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _canonicalised(parts: list[tuple[Any, list[bytes]]]) -> list[tuple[Any, list[bytes]]]:
    """RDFC-1.0 over the whole dataset of the triples that mention a blank node, so
    blank nodes keep their identity across graphs. Triples without one cannot change
    the canonical labels, so they never need to go through it."""
    import pyoxigraph as ox

    dataset = ox.Dataset(
        ox.Quad(t.subject, t.predicate, t.object, ctx)
        for ctx, lines in parts
        for t in ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [
        (ctx, _ntriples(q.triple for q in dataset.quads_for_graph_name(ctx)).splitlines())
        for ctx, _ in parts
    ]


def _ox_triples(graph: Graph) -> Iterable[Any]:
    """The graph's triples as Oxigraph terms: straight from an Oxigraph store, else
    converted from rdflib's."""
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox
    from oxrdflib.store import OxigraphStore

    if isinstance(graph.store, OxigraphStore):
        name = to_ox(graph.identifier)
        quads = graph.store._inner.quads_for_pattern(None, None, None, name)  # type: ignore[arg-type]
        return (q.triple for q in quads)
    return (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]


def sorted_ntriples(graph: Graph) -> bytes:
    return canonical_parts([(None, graph)])[0][1]


def sorted_ox_triples(graph: Graph) -> Iterable[Any]:
    import pyoxigraph as ox

    return ox.parse(sorted_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
