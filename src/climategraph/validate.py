"""Validating the graph against the project's SHACL shapes.

:func:`validate` returns a :class:`Report`: plain data, grouped by focus node,
that the CLI prints as text or JSON. Two engines give the same report: pySHACL (the
reference) and :mod:`climategraph.fastshacl` (the shapes compiled to SPARQL and run
by Oxigraph), chosen by ``engine``. Warnings never make a graph non-conforming;
violations do. The ontology is merged into the data graph before validation, so
shapes that target a class also reach instances of its subclasses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph import graph as cg_graph

if TYPE_CHECKING:
    from rdflib import Graph

SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("auto", "fast", "pyshacl")


@dataclass(frozen=True, order=True)
class Finding:
    """One result of the SHACL report."""

    severity: str
    focus: str
    focus_label: str
    path: str
    message: str
    value: str = ""
    shape: str = ""


@dataclass
class Report:
    """The outcome of a validation: conforms when no finding is a violation."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.count("Violation")

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def by_focus(self) -> dict[str, list[Finding]]:
        """Findings grouped by focus node IRI, nodes sorted, violations first."""
        groups: dict[str, list[Finding]] = {}
        for finding in sorted(self.findings, key=_sort_key):
            groups.setdefault(finding.focus, []).append(finding)
        return groups

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "conforms": self.conforms,
            "violations": self.count("Violation"),
            "warnings": self.count("Warning"),
            "infos": self.count("Info"),
            "nodes": [
                {
                    "focus": focus,
                    "label": items[0].focus_label,
                    "results": [
                        {k: v for k, v in asdict(f).items() if k not in ("focus", "focus_label")}
                        for f in items
                    ],
                }
                for focus, items in self.by_focus().items()
            ],
        }


def _sort_key(finding: Finding) -> tuple[int, str, str, str, str, str]:
    return (SEVERITIES.index(finding.severity), finding.focus, finding.path, finding.message,
            finding.value, finding.shape)


def load_shapes(path: str | Path | None = None) -> Graph:
    """The project's shapes (or the given shapes file)."""
    return cg_graph.load_files([path or cg_graph.shapes_file()], store="memory")


def validate(data: Graph, shapes: Graph | None = None, *, engine: str = "auto") -> Report:
    """Validate ``data`` (already merged with the ontology) against ``shapes``.

    Parameters
    ----------
    data : rdflib.Graph
        The graph to check, normally from :func:`climategraph.graph.load_graph`.
    shapes : rdflib.Graph, optional
        The SHACL shapes; the project's ``ontology/shapes.ttl`` by default.
    engine : {"auto", "fast", "pyshacl"}
        ``"fast"``: :mod:`climategraph.fastshacl` (a graph on another store is copied
        into Oxigraph); ``"pyshacl"``: pySHACL on rdflib's memory store (the
        reference); ``"auto"``: fast when ``data`` is on the Oxigraph store and every
        shape compiles, else pySHACL. Both give the same report.

    Returns
    -------
    Report
        Every result, with the focus node's English label.
    """
    from climategraph import fastshacl
    from climategraph.errors import ParameterError

    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}: use {', '.join(ENGINES)}")
    shapes = shapes if shapes is not None else load_shapes()
    if engine == "fast":
        return fastshacl.validate(data, shapes)
    if engine == "auto" and _on_oxigraph(data):
        try:
            return fastshacl.validate(data, shapes)
        except fastshacl.Unsupported:
            pass
    return _validate_pyshacl(data, shapes)


def _on_oxigraph(data: Graph) -> bool:
    import pyoxigraph as ox

    return isinstance(getattr(data.store, "_store", None), ox.Store)


def _validate_pyshacl(data: Graph, shapes: Graph) -> Report:
    import pyshacl

    memory, ill_typed = _without_ill_typed(cg_graph.to_memory(data))
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


def is_ill_typed(literal: Any) -> bool:
    """Whether a typed literal's lexical form does not fit its datatype (rdflib's
    test; a literal made by rdflib's SPARQL parser is not tested yet, so test it).

    >>> from rdflib import Literal, XSD
    >>> is_ill_typed(Literal("2021-02-30", datatype=XSD.date)), is_ill_typed(Literal("x"))
    (True, False)
    """
    from rdflib import Literal

    if literal.datatype is None:
        return False
    if literal.ill_typed is None:
        return bool(Literal(str(literal), datatype=literal.datatype).ill_typed)
    return bool(literal.ill_typed)


def ill_typed_finding(graph: Graph, s: Any, p: Any, o: Any) -> Finding:
    """The violation for an ill-typed literal ``o`` in ``(s, p, o)`` (both engines)."""
    return Finding(
        severity="Violation",
        focus=str(s),
        focus_label=cg_graph.label(graph, s),
        path=p.n3(graph.namespace_manager),
        message=f"{str(o)!r} is not a valid {_n3(o.datatype, graph)} value",
        value=str(o),
        shape="",
    )


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
                focus_label=cg_graph.label(data, focus) if focus is not None else "",
                path=_path_text(results, result, data),
                message=english[0] if english else "",
                value=str(value) if value is not None else "",
                shape=str(results.value(result, SH.sourceShape) or ""),
            )
        )
    return found


def _n3(term: Any, graph: Graph) -> str:
    return str(term.n3(graph.namespace_manager)) if term is not None else ""


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
    merged = cg_graph.load_graph(data, store=store)
    return merged, validate(merged, engine=engine)
