"""The validation report: findings, their order, the literals that do not fit their
datatype, and the project's shapes. Both engines (:mod:`~climategraph.shacl.engine`
and :mod:`~climategraph.shacl.sparql_engine`) build the same :class:`Report`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph.store import labels, load, project

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


def _sort_key(finding: Finding) -> tuple[int, str, str, str, str, str]:
    return (SEVERITIES.index(finding.severity), finding.focus, finding.path, finding.message,
            finding.value, finding.shape)


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
        focus_label=labels.label(graph, s),
        path=p.n3(graph.namespace_manager),
        message=f"{str(o)!r} is not a valid {_n3(o.datatype, graph)} value",
        value=str(o),
        shape="",
    )


def _n3(term: Any, graph: Graph) -> str:
    return str(term.n3(graph.namespace_manager)) if term is not None else ""


def load_shapes(path: str | Path | None = None) -> Graph:
    """The project's shapes (or the given shapes file)."""
    return load.load_files([path or project.shapes_file()], store="memory")
