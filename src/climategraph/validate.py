"""Validating the graph against the project's SHACL shapes (pySHACL).

:func:`validate` returns a :class:`Report`: plain data, grouped by focus node,
that the CLI prints as text or JSON. Warnings never make a graph non-conforming;
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


def _sort_key(finding: Finding) -> tuple[int, str, str, str]:
    return (SEVERITIES.index(finding.severity), finding.focus, finding.path, finding.message)


def load_shapes(path: str | Path | None = None) -> Graph:
    """The project's shapes (or the given shapes file)."""
    return cg_graph.load_files([path or cg_graph.shapes_file()], store="memory")


def validate(data: Graph, shapes: Graph | None = None) -> Report:
    """Validate ``data`` (already merged with the ontology) against ``shapes``.

    Parameters
    ----------
    data : rdflib.Graph
        The graph to check, normally from :func:`climategraph.graph.load_graph`.
    shapes : rdflib.Graph, optional
        The SHACL shapes; the project's ``ontology/shapes.ttl`` by default.

    Returns
    -------
    Report
        Every result, with the focus node's English label.
    """
    import pyshacl

    shapes = shapes if shapes is not None else load_shapes()
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

    bad = [
        (s, p, o)
        for s, p, o in graph
        if isinstance(o, Literal) and o.datatype is not None and o.ill_typed
    ]
    if not bad:
        return graph, []
    findings = [
        Finding(
            severity="Violation",
            focus=str(s),
            focus_label=cg_graph.label(graph, s),
            path=p.n3(graph.namespace_manager),
            message=f"{str(o)!r} is not a valid {_n3(o.datatype, graph)} value",
            value=str(o),
            shape="",
        )
        for s, p, o in bad
    ]
    clean = Graph()
    clean.namespace_manager = graph.namespace_manager
    clean += graph
    for triple in bad:
        clean.remove(triple)
    return clean, findings


def _findings(results: Graph, data: Graph) -> list[Finding]:
    from rdflib import RDF
    from rdflib.namespace import SH

    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
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
    data: Sequence[str | Path] | None = None, *, store: str | None = None
) -> tuple[Graph, Report]:
    """Load the ontology with ``data`` (default: shipped data) and validate it."""
    merged = cg_graph.load_graph(data, store=store)
    return merged, validate(merged)
