"""Validating the graph against the project's SHACL shapes.

:func:`validate` returns a :class:`Report`: plain data, grouped by focus node,
that the CLI prints as text or JSON. Two engines give the same report: pySHACL (the
reference) and :mod:`climategraph.shacl.sparql_engine` (the shapes compiled to SPARQL and run
by Oxigraph), chosen by ``engine``. Warnings never make a graph non-conforming;
violations do. The ontology is merged into the data graph before validation, so
shapes that target a class also reach instances of its subclasses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph.shacl.report import (
    Finding,
    Report,
    _sort_key,
    ill_typed_finding,
    is_ill_typed,
    load_shapes,
)
from climategraph.store import backend, labels, load

if TYPE_CHECKING:
    from rdflib import Graph


ENGINES = ("auto", "fast", "pyshacl")


def validate(data: Graph, shapes: Graph | None = None, *, engine: str = "auto") -> Report:
    """Validate ``data`` (already merged with the ontology) against ``shapes``.

    Parameters
    ----------
    data : rdflib.Graph
        The graph to check, normally from :func:`climategraph.store.load.load_graph`.
    shapes : rdflib.Graph, optional
        The SHACL shapes; the project's ``ontology/shapes.ttl`` by default.
    engine : {"auto", "fast", "pyshacl"}
        ``"fast"``: :mod:`climategraph.shacl.sparql_engine` (a graph on another store is copied
        into Oxigraph); ``"pyshacl"``: pySHACL on rdflib's memory store (the
        reference); ``"auto"``: fast when ``data`` is on the Oxigraph store and every
        shape compiles, else pySHACL. Both give the same report.

    Returns
    -------
    Report
        Every result, with the focus node's English label.

    Examples
    --------
    >>> from climategraph.store.load import load_graph
    >>> report = validate(load_graph())
    >>> report.conforms, report.count("Violation"), report.count("Warning") > 0
    (True, 0, True)
    >>> report.by_focus()["https://w3id.org/climategraph/id/article-000"][0].path
    'dct:issued'
    """
    from climategraph.errors import ParameterError
    from climategraph.shacl import expressions, sparql_engine

    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}: use {', '.join(ENGINES)}")
    shapes = shapes if shapes is not None else load_shapes()
    if engine == "fast":
        return sparql_engine.validate(data, shapes)
    if engine == "auto" and _on_oxigraph(data):
        try:
            return sparql_engine.validate(data, shapes)
        except expressions.Unsupported:
            pass
    return _validate_pyshacl(data, shapes)


def _on_oxigraph(data: Graph) -> bool:
    import pyoxigraph as ox

    return isinstance(getattr(data.store, "_store", None), ox.Store)


def _validate_pyshacl(data: Graph, shapes: Graph) -> Report:
    import pyshacl

    memory, ill_typed = _without_ill_typed(backend.to_memory(data))
    _, results, _ = pyshacl.validate(
        memory,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    return Report(findings=sorted(ill_typed + _findings(results, memory), key=_sort_key))


def _without_ill_typed(graph: Graph) -> tuple[Graph, list[Finding]]:
    """Literals whose value does not fit their datatype (``"2021-02-30"^^xsd:date``)
    become violations; the graph handed to pySHACL is a copy without them."""
    from rdflib import Graph, Literal

    bad = [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and is_ill_typed(o)]
    if not bad:
        return graph, []
    findings = [ill_typed_finding(graph, s, p, o) for s, p, o in bad]
    clean = Graph()
    clean.namespace_manager = graph.namespace_manager
    clean += graph
    for triple in bad:
        clean.remove(triple)
    return clean, findings


def _findings(results: Graph, data: Graph) -> list[Finding]:
    """The report's top-level results: not those nested as the ``sh:detail`` of
    another (pySHACL adds them for ``sh:node``), which the fast engine does not give."""
    from rdflib.namespace import SH

    found = []
    for result in sorted(results.objects(None, SH.result), key=str):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(results.objects(result, SH.resultMessage), key=str)
        english = [str(m) for m in messages if getattr(m, "language", None) in (None, "en")]
        english = english or [str(m) for m in messages]
        value = results.value(result, SH.value)
        found.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=str(focus),
                focus_label=labels.label(data, focus) if focus is not None else "",
                path=_path_text(results, result, data),
                message=english[0] if english else "",
                value=str(value) if value is not None else "",
                shape=str(results.value(result, SH.sourceShape) or ""),
            )
        )
    return found


def _path_text(results: Graph, result: Any, data: Graph) -> str:
    from rdflib import URIRef
    from rdflib.namespace import SH

    path = results.value(result, SH.resultPath)
    if isinstance(path, URIRef):
        return path.n3(data.namespace_manager)
    return ""


def validate_paths(
    data: Sequence[str | Path] | None = None, *, store: str | None = None,
    engine: str = "auto",
) -> tuple[Graph, Report]:
    """Load the ontology with ``data`` (default: shipped data) and validate it."""
    merged = load.load_graph(data, store=store)
    return merged, validate(merged, engine=engine)
