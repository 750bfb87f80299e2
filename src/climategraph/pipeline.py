"""The main job (``make run`` / ``climategraph run``): build, validate, then every
stage that writes a product under the output folder.

A stage is a function ``(graph, out_dir) -> list[Output]``; later features add
theirs to :data:`STAGES`. The library returns what it wrote; the CLI prints it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.errors import NotConformingError

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass(frozen=True)
class Output:
    """A file the job wrote, and what it holds."""

    path: Path
    what: str


Stage = Callable[["Graph", Path], list[Output]]


def _validation_stage(graph: Graph, out_dir: Path) -> list[Output]:
    from climategraph import export, validate

    report = validate.validate(graph)
    path = export.atomic_write(
        out_dir / "validation.json",
        json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode() + b"\n",
    )
    if not report.conforms:
        raise NotConformingError(
            f"the data does not conform ({report.count('Violation')} violation(s)); "
            f"see {path} or run 'climategraph validate'"
        )
    return [
        Output(path, f"validation report: conforms, {report.count('Warning')} warning(s)")
    ]


def _graph_stage(graph: Graph, out_dir: Path) -> list[Output]:
    from climategraph import export

    path = export.write_graph(graph, out_dir / "climategraph.ttl")
    return [Output(path, f"merged graph, Turtle ({len(graph)} triples)")]


#: the job's stages, in order
STAGES: list[Stage] = [_validation_stage, _graph_stage]


def _analysis_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """Network analysis (issue 4): out/analysis.json and out/analysis.md."""
    from climategraph import analysis

    return [Output(path, what) for path, what in analysis.write_reports(graph, out_dir)]


STAGES.append(_analysis_stage)


def _queries_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """Saved queries (issue 3): out/queries/NAME.csv for each, out/queries/README.md."""
    from climategraph import queries

    return [Output(p, what) for p, what in queries.write_results(graph, out_dir / "queries")]


STAGES.append(_queries_stage)


def _pages_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """Network pages (issue 5): out/network.html (actor network by community) and
    out/network-bipartite.html."""
    from climategraph import viz

    return [Output(path, what) for path, what in viz.write_pages(graph, out_dir)]


STAGES.append(_pages_stage)


def _export_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """Exports (issue 6): out/climategraph.jsonld and out/network-actor.graphml (Gephi)."""
    from climategraph import export

    jsonld = export.atomic_write(out_dir / "climategraph.jsonld", export.to_jsonld(graph))
    graphml = export.atomic_write(
        out_dir / "network-actor.graphml", export.to_network(graph, "graphml", "actor")
    )
    return [
        Output(jsonld, "merged graph, JSON-LD (keys from ontology/context.jsonld)"),
        Output(graphml, "actor network, GraphML with labels and metrics"),
    ]


STAGES.append(_export_stage)


def run(
    out_dir: str | Path = "out",
    data: Sequence[str | Path] | None = None,
    *,
    store: str | None = None,
) -> list[Output]:
    """Run every stage on the graph loaded from ``data``; return what was written."""
    from climategraph.graph import load_graph

    graph = load_graph(data, store=store)
    out = Path(out_dir)
    written: list[Output] = []
    for stage in STAGES:
        written += stage(graph, out)
    return written
