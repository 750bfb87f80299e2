"""The main job (``make run`` / ``climategraph run``): build, engine, then every
stage that writes a product under the output folder.

A stage is a function ``(graph, out_dir) -> list[Output]``; later features add
theirs to :data:`STAGES`. The library returns what it wrote; the CLI prints it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.choices import DEFAULT_SEED
from climategraph.errors import NotConformingError, ParameterError
from climategraph.network.analysis import analyze
from climategraph.pages.render import describe, write_page
from climategraph.pages.spec import PageSpec
from climategraph.sparql.results import to_csv, to_markdown

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass(frozen=True)
class Output:
    """A file the job wrote, and what it holds."""

    path: Path
    what: str


Stage = Callable[["Graph", Path], list[Output]]


def _validation_stage(graph: Graph, out_dir: Path) -> list[Output]:
    from climategraph import fileio
    from climategraph.shacl import engine

    report = engine.validate(graph)
    path = fileio.atomic_write(
        out_dir / "validation.json",
        json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode() + b"\n",
    )
    if not report.passes:
        raise NotConformingError(
            f"the data does not conform ({report.count('Violation')} violation(s)); "
            f"see {path} or run 'climategraph validate'"
        )
    return [
        Output(path, f"validation report: conforms, {report.count('Warning')} warning(s)")
    ]


def _graph_stage(graph: Graph, out_dir: Path) -> list[Output]:
    from climategraph.formats import rdf
    from climategraph.store.backend import version

    path = rdf.write_graph(graph, out_dir / "climategraph.ttl")
    # the job's graph has a store of its own (load_graph), whose count is the graph's:
    # len(graph) would count it again with a SPARQL COUNT (2 s at 10^6)
    return [Output(path, f"merged graph, Turtle ({version(graph)[0]} triples)")]


#: the job's stages, in order
STAGES: list[Stage] = [_validation_stage, _graph_stage]


def _analysis_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """Network analysis: out/analysis.json and out/analysis.md."""
    from climategraph import pipeline as analysis

    return [Output(path, what) for path, what in analysis.write_reports(graph, out_dir)]


STAGES.append(_analysis_stage)


def _queries_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """Saved queries: out/queries/NAME.csv for each, out/queries/README.md."""
    from climategraph import pipeline as queries

    return [Output(p, what) for p, what in queries.write_results(graph, out_dir / "queries")]


STAGES.append(_queries_stage)


def _actor_page_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """The actor network page: out/network.html (coloured by community)."""
    return [Output(path, what) for path, what in write_pages(graph, out_dir, ["network.html"])]


def _bipartite_page_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """The bipartite network page: out/network-bipartite.html (coloured by kind)."""
    return [Output(path, what)
            for path, what in write_pages(graph, out_dir, ["network-bipartite.html"])]


STAGES += [_actor_page_stage, _bipartite_page_stage]


def _ontology_doc_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """The ontology's bilingual documentation page: out/ontology.html."""
    from climategraph.pages.ontology_doc import write_ontology_page

    path = write_ontology_page(out_dir / "ontology.html")
    return [Output(path, "ontology documentation, English and Korean (offline page)")]


STAGES.append(_ontology_doc_stage)


def _jsonld_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """The merged graph as JSON-LD: out/climategraph.jsonld."""
    from climategraph import fileio
    from climategraph.formats import rdf

    path = fileio.atomic_write(out_dir / "climategraph.jsonld", rdf.to_jsonld(graph))
    return [Output(path, "merged graph, JSON-LD (keys from ontology/context.jsonld)")]


def _graphml_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """The actor network for Gephi: out/network-actor.graphml."""
    from climategraph import fileio
    from climategraph.formats import network_files

    path = fileio.atomic_write(  # written part by part, never whole in memory
        out_dir / "network-actor.graphml", network_files.network_parts(graph, "graphml", "actor")
    )
    return [Output(path, "actor network, GraphML with labels and metrics")]


STAGES += [_jsonld_stage, _graphml_stage]


#: graphs of at least this many triples run in two processes (:data:`SECOND_LANE`
#: in a forked child): below it a fork saves nothing
PARALLEL_TRIPLES = 10**5
#: the stages the second process runs (by :func:`stage_name`), after validating the
#: data; the rest, which share the actor network and its metrics, run in this one
SECOND_LANE = ("queries", "bipartite_page", "ontology_doc", "jsonld", "world")


def run(
    out_dir: str | Path = "out",
    data: Sequence[str | Path] | None = None,
    *,
    store: str | None = None,
    progress: Callable[[str], AbstractContextManager[object]] | None = None,
    parallel: bool | None = None,
) -> list[Output]:
    """Run every stage on the graph loaded from ``data``; return what was written.

    Validation comes first: when the data does not conform nothing else is
    written. With ``parallel`` (default: when the graph has
    :data:`PARALLEL_TRIPLES` triples and the system can fork) a forked child,
    sharing the loaded graph, validates and then runs the stages of
    :data:`SECOND_LANE`; meanwhile this process builds the actor network and its
    metrics (:func:`prepare`), waits for the child's verdict, and runs the other
    stages. The files written are the same either way; so is the returned list,
    in :data:`STAGES` order.

    ``progress(name)``, when given, is a context manager around the loading and
    each stage (the CLI shows the stage's start and elapsed time with it); the
    second process's stages are reported as one, ``in parallel: graph, ...``.
    """
    from climategraph.processes import can_fork
    from climategraph.store.backend import version
    from climategraph.store.load import load_graph

    around = progress or (lambda _name: nullcontext())
    with around("load"):
        graph = load_graph(data, store=store)
    out = Path(out_dir)
    first, *rest = STAGES + (SHIPPED_STAGES if data is None else [])
    if parallel is None:
        parallel = can_fork() and version(graph)[0] >= PARALLEL_TRIPLES
    if parallel:
        written, done = _in_two_lanes(graph, out, first, rest, around)
    else:
        written = _timed(first, graph, out, around)
        done = {stage: _timed(stage, graph, out, around) for stage in rest}
    return written + [o for stage in rest for o in done[stage]]


def prepare(graph: Graph) -> None:
    """Compute what the stages outside :data:`SECOND_LANE` share, writing nothing:
    the actor network and its metrics (kept with the network for the analysis,
    the actor page and the GraphML)."""
    from climategraph.network.analysis import node_metrics
    from climategraph.network.build import build_network

    node_metrics(build_network(graph, "actor", shared=True))


def _timed(stage: Stage, graph: Graph, out: Path,
           around: Callable[[str], AbstractContextManager[object]]) -> list[Output]:
    with around(stage_name(stage)):
        return stage(graph, out)


def _in_two_lanes(graph: Graph, out: Path, gate: Stage, stages: list[Stage],
                  around: Callable[[str], AbstractContextManager[object]]
                  ) -> tuple[list[Output], dict[Stage, list[Output]]]:
    """Run ``gate`` (validation) then the :data:`SECOND_LANE` ``stages`` in a
    forked child, and the other stages here once the gate has passed; the gate's
    outputs and the stages' outputs by stage."""
    from climategraph.processes import Telling

    second = [s for s in stages if stage_name(s) in SECOND_LANE]
    here = [s for s in stages if s not in second]

    def child_lane(tell: Callable[[list[Output]], None]) -> list[list[Output]]:
        tell(gate(graph, out))
        return [s(graph, out) for s in second]

    with around(f"{stage_name(gate)}, in parallel with preparing the actor network"):
        child = Telling(child_lane)
        try:
            try:
                prepare(graph)
            except Exception:
                child.told()  # when the data does not conform, that is the error
                raise
            passed = child.told()
        except BaseException:
            child.cancel()
            raise
    with around("in parallel: " + ", ".join(map(stage_name, second))):
        try:
            done = {stage: _timed(stage, graph, out, around) for stage in here}
        except BaseException:
            child.cancel()
            raise
        done.update(zip(second, child.result()))
    return passed, done


def stage_name(stage: Stage) -> str:
    """A stage's short name: ``_queries_stage`` -> ``queries``."""
    return stage.__name__.strip("_").removesuffix("_stage")


def write_reports(
    graph: Graph, out_dir: str | Path, *, seed: int = DEFAULT_SEED, backend: str | None = None,
    betweenness_k: int | str | None = "auto",
) -> list[tuple[Path, str]]:
    """Write ``analysis.json`` and ``analysis.md`` (actor network) under ``out_dir``."""
    import json

    from climategraph.fileio import atomic_write
    from climategraph.network.report import markdown

    result = analyze(graph, "actor", seed=seed, backend=backend, betweenness_k=betweenness_k)
    out = Path(out_dir)
    text = json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"
    j = atomic_write(out / "analysis.json", text.encode())
    m = atomic_write(out / "analysis.md", markdown(result).encode())
    what = f"{len(result.nodes)} actors, {result.edges} ties, {len(result.communities)} communities"
    return [(j, f"network analysis, JSON ({what})"), (m, "network analysis, Markdown report")]


# --- the main job's product ------------------------------------------------------


def write_results(
    graph: Graph, out_dir: str | Path, folder: str | Path | None = None, lang: str = "en"
) -> list[tuple[Path, str]]:
    """Run every saved query with its defaults; write ``NAME.csv`` (W3C CSV) for each
    and ``README.md`` (a Markdown summary with every result) into ``out_dir``.

    A query whose default names an entity the graph lacks (e.g. ``incheon`` in a
    synthetic graph) is skipped: no ``NAME.csv`` (a stale one is removed) and a note
    in the summary saying why. Returns ``(path, what)`` for each file written.
    """
    from climategraph.fileio import atomic_write
    from climategraph.sparql.run import run_query
    from climategraph.sparql.saved import discover

    out = Path(out_dir)
    written: list[tuple[Path, str]] = []
    summary = [
        "# Saved query results",
        "",
        "Every saved query in `queries/` run on the graph with its default",
        "parameters. Each table is also in `NAME.csv` (W3C SPARQL CSV). Re-run one with",
        "`climategraph query NAME --param key=value`.",
    ]
    for name, saved in discover(folder).items():
        defaults = ", ".join(f"{p.name}={p.default or '(any)'}" for p in saved.params)
        summary += ["", f"## {saved.title} (`{name}`)", "", saved.description, ""]
        try:
            result = run_query(graph, saved, None, lang)
        except ParameterError as exc:
            (out / f"{name}.csv").unlink(missing_ok=True)
            summary.append(
                f"Parameters: {defaults}. **Skipped**: a default does not resolve in "
                f"this graph ({exc}). Run it with `climategraph query {name} "
                f"--param key=value`."
            )
            continue
        path = atomic_write(out / f"{name}.csv", to_csv(result).encode("utf-8"))
        written.append((path, f"query {name}: {len(result.rows)} row(s), W3C CSV"))
        summary += [
            f"Parameters: {defaults or 'none'}. Rows: {len(result.rows)}. File: `{name}.csv`.",
            "",
            to_markdown(result),
        ]
    readme = atomic_write(out / "README.md", ("\n".join(summary) + "\n").encode("utf-8"))
    written.append((readme, f"summary of {len(written)} saved queries, Markdown"))
    return written


#: the pages ``climategraph run`` writes: file name -> page options
PIPELINE_PAGES = {
    "network.html": PageSpec(network="actor", color_by="community"),
    "network-bipartite.html": PageSpec(network="bipartite", color_by="kind"),
}


def write_pages(graph: Graph, out_dir: str | Path,
                names: Sequence[str] | None = None) -> list[tuple[Path, str]]:
    """The pipeline's pages (:data:`PIPELINE_PAGES`, or those ``names`` of them) under
    ``out_dir``: (path, what)."""
    written = []
    for name in names or PIPELINE_PAGES:
        spec = replace(PIPELINE_PAGES[name], source=describe(graph))
        path, G = write_page(graph, Path(out_dir) / name, spec)
        drawn = G.graph.get("drawn_edges", G.number_of_edges())
        what = (f"network page: {spec.network} network coloured by {spec.color_by} "
                f"({G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
                + (f", the {drawn} strongest drawn)" if drawn < G.number_of_edges() else ")"))
        written.append((path, what))
    return written


# --- the world layer's products (climategraph.world) -------------------------------


def _world_stage(graph: Graph, out_dir: Path) -> list[Output]:
    """The world's sister-city network: out/world/analysis.json, analysis.md and
    network.html (see :func:`climategraph.world.write_layer`); nothing without the
    layer."""
    from climategraph import world

    return [Output(p, w) for p, w in world.write_layer(graph, out_dir / world.WORLD_LAYER)]


#: stages run only on the shipped data (the world layer extends the shipped graph)
SHIPPED_STAGES: list[Stage] = [_world_stage]
