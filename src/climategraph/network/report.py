"""Text forms of a network analysis: terminal table, CSV, Markdown report, paths."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from climategraph.text import render_markdown, render_table

if TYPE_CHECKING:
    from climategraph.network.analysis import Analysis
    from climategraph.network.paths import Step


#: columns of the node table and CSV, in order
COLUMNS = (
    "id", "label", "label_ko", "kind", "country", "degree", "weighted_degree",
    "betweenness", "pagerank", "clustering", "core", "community", "participation",
    "country_participation", "broker",
)
_SHORT = ("label", "kind", "country", "degree", "weighted_degree", "betweenness",
          "pagerank", "community", "broker")

#: metrics the Markdown report ranks actors by
RANKED = ("degree", "weighted_degree", "betweenness", "pagerank")


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def approximation(result: Analysis) -> str:
    """``""``, or a sentence saying the betweenness is sampled, hence approximate."""
    k = result.betweenness_k
    return "" if k is None else f" Betweenness is APPROXIMATE: sampled from {k} sources."


def nodes_table(result: Analysis) -> str:
    """The nodes and the communities as terminal tables."""
    rows = [[_fmt(n[c]) for c in _SHORT] for n in result.nodes]
    head = (f"{result.network} network: {len(result.nodes)} node(s) shown, "
            f"{result.edges} edge(s), {len(result.communities)} communities"
            + (f"\n{approximation(result).strip()}" if result.betweenness_k else ""))
    groups = [[c["id"], c["size"], ", ".join(m["label"] for m in c["members"])]
              for c in result.communities]
    return "\n\n".join([head, render_table(_SHORT, rows),
                        render_table(["community", "size", "members"], groups)])


def nodes_csv(result: Analysis, *, exact: bool | None = None) -> str:
    """One CSV row per node, every metric (floats rounded to 6 digits). Text cells
    that start like a spreadsheet formula get a leading ``'`` unless ``exact``
    (default: exact only with ``CLIMATEGRAPH_CSV=exact``)."""
    import os

    from climategraph.text import spreadsheet_cell

    if exact is None:
        exact = os.environ.get("CLIMATEGRAPH_CSV", "").strip().lower() == "exact"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for node in result.as_dict()["nodes"]:
        cells = [node.get(c, "") for c in COLUMNS]
        if not exact:
            cells = [spreadsheet_cell(c) if isinstance(c, str) else c for c in cells]
        writer.writerow(cells)
    return buf.getvalue()


def _names(refs: Sequence[dict[str, str]]) -> str:
    return ", ".join(r["label"] for r in refs) or "none"


def markdown(result: Analysis, top: int = 10) -> str:
    """The report ``make run`` writes: top actors per metric, communities, brokers."""
    f = result.filters
    window = f"{f.get('from') or 'start'} to {f.get('to') or 'now'}"
    lines = [
        f"# Cooperation network analysis ({result.network} network)",
        "",
        f"{len(result.nodes)} actors, {result.edges} connected pairs "
        f"({', '.join(f'{k}: {v}' for k, v in result.edges_by_kind.items()) or 'no ties'}); "
        f"window: {window}. Sessions count towards their parent event.{approximation(result)}",
        "",
    ]
    for metric in RANKED:
        ranked = sorted(result.nodes, key=lambda n: (-n[metric], n["label"]))[:top]
        lines += [f"## Top {len(ranked)} by {metric.replace('_', ' ')}", ""]
        lines.append(render_markdown(["actor", "kind", "country", metric],
                                     [[n["label"], n["kind"], n["country"], _fmt(n[metric])]
                                      for n in ranked]))
        lines.append("")
    lines += ["## Communities (Louvain, seed 42)", ""]
    lines.append(render_markdown(["community", "size", "members"],
                                 [[c["id"], c["size"], _names(c["members"])]
                                  for c in result.communities]))
    lines += ["", "## Brokers", "",
              "Actors on shortest paths whose ties spread over communities or countries "
              "(participation coefficient >= 0.5).", ""]
    lines.append(render_markdown(
        ["actor", "betweenness", "participation", "country participation"],
        [[n["label"], _fmt(n["betweenness"]), _fmt(n["participation"]),
          _fmt(n["country_participation"])] for n in result.brokers]))
    lines += ["", "## Structure", "",
              f"- Articulation points (removing one splits its component): "
              f"{_names(result.articulation_points)}",
              f"- Main k-core: {_names(result.main_core)}", ""]
    return "\n".join(lines)


def path_table(steps: Sequence[Step]) -> str:
    """A path as a table: one row per tie of each step."""
    rows = []
    for i, step in enumerate(steps, 1):
        for tie in step.ties:
            via = "; ".join(v["label"] for v in tie.via)
            rows.append([i, step.source_label, tie.kind, via, step.target_label])
    head = f"{steps[0].source_label} -> {steps[-1].target_label}: {len(steps)} step(s)"
    return head + "\n\n" + render_table(["step", "from", "tie", "via", "to"], rows)
