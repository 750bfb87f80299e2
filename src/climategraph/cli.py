"""The ``climategraph`` command line: each command parses, calls one library function,
formats. Heavy libraries are imported inside the commands, so ``--help`` is fast.

Exit codes (as pySHACL's): 0 success / conforms, 1 the data does not conform,
2 bad input or runtime error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from climategraph.errors import ClimateGraphError

F = TypeVar("F", bound=Callable[..., Any])


class CommandError(click.ClickException):
    """A library error shown as one line, exit code 2."""

    exit_code = 2


class Group(click.Group):
    """Turns library exceptions into :class:`CommandError` for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClimateGraphError as exc:
            raise CommandError(str(exc)) from None


def data_options(func: F) -> F:
    """``--data`` (repeatable) and ``--store`` for every command that reads the graph,
    and ``--endpoint``/``--timeout`` (issue 7): with an endpoint, every
    ``graph.load_graph()`` the command makes (without data) reads from the server.
    """
    func = _endpoint_options(func)
    func = click.option(
        "--store",
        type=click.Choice(["oxigraph", "memory"]),
        default=None,
        help="Triple store behind rdflib (default: oxigraph).",
    )(func)
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Data file or folder to read (repeatable; default: the shipped data/).",
    )(func)


def _endpoint_options(func: F) -> F:
    """``--endpoint URL`` (or ``CLIMATEGRAPH_ENDPOINT``) and ``--timeout``: run the
    command inside :func:`climategraph.graph.reading_from` the server (issue 7)."""

    @functools.wraps(func)
    def wrapper(*args: Any, endpoint: str | None, timeout: float | None, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        from_env = ctx.get_parameter_source("endpoint") == ParameterSource.ENVIRONMENT
        if not endpoint or (from_env and kwargs.get("data")):
            return func(*args, **kwargs)
        if kwargs.get("data"):
            raise click.UsageError("give --data or --endpoint, not both")
        from climategraph import endpoint as cg_endpoint
        from climategraph.graph import reading_from

        with reading_from(cg_endpoint.source(endpoint, timeout=timeout)):
            return func(*args, **kwargs)

    wrapped = click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="Seconds to wait for the server's answer (with --endpoint; default 30).",
    )(wrapper)
    return click.option(  # type: ignore[return-value]
        "--endpoint",
        envvar="CLIMATEGRAPH_ENDPOINT",
        metavar="URL",
        default=None,
        help="Read from this SPARQL query URL instead of the files "
        "(env CLIMATEGRAPH_ENDPOINT), e.g. http://127.0.0.1:7878/query.",
    )(wrapped)


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format`` with the given choices, the first being the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


@click.group(cls=Group)
@click.version_option(package_name="climategraph")
def cli() -> None:
    """A knowledge graph of climate cooperation between local governments,
    international bodies and events.

    \b
    Example:
        climategraph validate
        climategraph build --out out/climategraph.ttl
    """


@cli.command()
@data_options
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/climategraph.ttl"),
    show_default=True,
    help="Where to write the merged graph (Turtle).",
)
@click.option("--force", is_flag=True, help="Write even when validation finds violations.")
def build(data: tuple[Path, ...], store: str | None, out: Path, force: bool) -> None:
    """Load the ontology and data, validate, and write the merged graph.

    Refuses to write when validation finds violations, unless --force.

    \b
    Example:
        climategraph build --out out/climategraph.ttl
    """
    from climategraph import export, validate

    graph, report = validate.validate_paths(list(data) or None, store=store)
    if not report.conforms and not force:
        click.echo(_report_text(report), err=True)
        raise CommandError(
            f"not written: {report.count('Violation')} violation(s); fix them or use --force"
        )
    export.write_graph(graph, out)
    click.echo(f"wrote {out} ({len(graph)} triples; {_summary(report)})")


@cli.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@data_options
@format_option("text", "json")
def validate_cmd(
    paths: tuple[Path, ...], data: tuple[Path, ...], store: str | None, fmt: str
) -> None:
    """Validate data against the project's ontology and SHACL shapes.

    PATHS are files or folders validated together with the ontology (default:
    the shipped data). Exit 0 when the data conforms, 1 on violations, 2 on
    input that cannot be read. Warnings do not fail validation.

    \b
    Example:
        climategraph validate
        climategraph validate my-city.ttl --format json
    """
    from climategraph import validate

    _, report = validate.validate_paths(list(paths + data) or None, store=store)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_report_text(report))
    if not report.conforms:
        raise SystemExit(1)


@cli.command()
@data_options
@format_option("table", "json")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True)
def stats(data: tuple[Path, ...], store: str | None, fmt: str, lang: str) -> None:
    """Counts per class, per source article and per country.

    \b
    Example:
        climategraph stats --lang ko
    """
    from climategraph import graph as cg_graph
    from climategraph import stats as cg_stats
    from climategraph.tables import render_table

    result = cg_stats.compute(cg_graph.load_graph(list(data) or None, store=store), lang)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.triples} triples\n")
    for title, counts in (
        ("class", result.classes),
        ("source article", result.sources),
        ("country", result.countries),
    ):
        click.echo(render_table([title, "count"], list(counts.items())) + "\n")


@cli.command()
@data_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for everything the job writes.",
)
def run(data: tuple[Path, ...], store: str | None, out: Path) -> None:
    """Run the main job: build and validate the graph, then write every product
    (graph, query results, analysis, network pages) under OUT.

    \b
    Example:
        climategraph run --out out
    """
    from climategraph import pipeline

    for output in pipeline.run(out, list(data) or None, store=store):
        click.echo(f"{output.path}  {output.what}")


# --- saved queries (issue 3) -------------------------------------------------


@cli.command(name="queries")
@format_option("table", "json")
def queries_cmd(fmt: str) -> None:
    """List the saved queries (queries/*.rq) with their title and parameters.

    \b
    Example:
        climategraph queries
    """
    from climategraph import queries
    from climategraph.tables import render_table

    saved = queries.discover()
    if fmt == "json":
        listing = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "params": [
                    {"name": p.name, "kind": p.kind, "default": p.default} for p in q.params
                ],
            }
            for q in saved.values()
        ]
        click.echo(json.dumps(listing, ensure_ascii=False, indent=2))
        return
    rows = [
        [q.name, q.title, "; ".join(p.describe() for p in q.params) or "-"]
        for q in saved.values()
    ]
    click.echo(render_table(["name", "title", "parameters"], rows))


@cli.command()
@click.argument("name")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value (repeatable): a label in English or Korean, a slug, an IRI, "
    "or a date YYYY-MM-DD.",
)
@data_options
@format_option("table", "csv", "tsv", "json", "md")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True)
def query(
    name: str,
    params: tuple[str, ...],
    data: tuple[Path, ...],
    store: str | None,
    fmt: str,
    lang: str,
) -> None:
    """Run a saved query by NAME (see 'climategraph queries') or a FILE.rq.

    Formats: json, csv and tsv are the W3C SPARQL 1.1 results formats; table is
    for the terminal; md is a Markdown table. Queries are read-only.

    \b
    Example:
        climategraph query sister-cities --param city=인천
        climategraph query timeline --param from=2021-01-01 --format csv
        climategraph query events-hosted-by --param city=Incheon --lang ko
    """
    from climategraph import graph as cg_graph
    from climategraph import queries, results

    saved = queries.get(name)
    values = queries.parse_assignments(params)
    result = queries.run_query(
        cg_graph.load_graph(list(data) or None, store=store), saved, values, lang
    )
    click.echo(results.render(result, fmt), nl=fmt in ("table", "json", "md"))

# --- network analysis (issue 4) ----------------------------------------------


def network_filters(func: F) -> F:
    """``--from/--to``, ``--edge-kind``, ``--source`` and ``--exclude`` (issue 4)."""
    for option in reversed(
        [
            click.option("--from", "start", help="Window start: YYYY, YYYY-MM or YYYY-MM-DD."),
            click.option("--to", "end", help="Window end (inclusive): the network as it stood."),
            click.option(
                "--edge-kind",
                "edge_kinds",
                multiple=True,
                type=click.Choice(["shared-event", "partner-city", "agreement"]),
                help="Tie kinds to keep (repeatable; default: all).",
            ),
            click.option("--source", "sources", multiple=True,
                         help="Only facts from this article (slug or label; repeatable)."),
            click.option("--exclude", multiple=True,
                         help="Leave this actor out, e.g. a mega-node (repeatable)."),
        ]
    ):
        func = option(func)
    return func


@cli.command()
@data_options
@network_filters
@click.option(
    "--network",
    type=click.Choice(["actor", "bipartite", "country"]),
    default="actor",
    show_default=True,
    help="Which network to analyse.",
)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Show the top N nodes.")
@click.option("--seed", type=int, default=42, show_default=True, help="Louvain seed.")
@format_option("table", "json", "csv")
def analyze(
    data: tuple[Path, ...], store: str | None, network: str, top: int | None, seed: int,
    fmt: str, **filters: Any,
) -> None:
    """Centrality, brokers and communities of the cooperation network.

    Nodes are ranked by PageRank; metrics are networkx's own on the network
    with weights summed over tie kinds. Sessions count towards their parent event.

    \b
    Example:
        climategraph analyze --top 10
        climategraph analyze --network country --format json
        climategraph analyze --to 2021 --exclude ICLEI --format csv
    """
    from climategraph import analysis, analysis_report
    from climategraph import graph as cg_graph

    g = cg_graph.load_graph(list(data) or None, store=store)
    result = analysis.analyze(g, network, top=top, seed=seed, **filters)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(analysis_report.nodes_csv(result), nl=False)
    else:
        click.echo(analysis_report.nodes_table(result))


@cli.command()
@click.argument("a")
@click.argument("b")
@data_options
@network_filters
@format_option("table", "json")
def path(
    a: str, b: str, data: tuple[Path, ...], store: str | None, fmt: str, **filters: Any
) -> None:
    """The shortest connection between actors A and B, with the event or link
    (partner relation, agreement) behind each step.

    Exit 0 with the path, 1 when A and B are not connected, 2 for an unknown name.

    \b
    Example:
        climategraph path Gwangmyeong UNESCAP
        climategraph path 광명시 ICLEI --format json
    """
    from climategraph import analysis, analysis_report
    from climategraph import graph as cg_graph

    g = cg_graph.load_graph(list(data) or None, store=store)
    try:
        steps = analysis.shortest_path(g, a, b, **filters)
    except analysis.NoPathError as exc:
        click.echo(f"Not connected: {exc}", err=True)
        raise SystemExit(1) from None
    if fmt == "json":
        doc = {"from": steps[0].source, "to": steps[-1].target,
               "steps": [s.as_dict() for s in steps]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        click.echo(analysis_report.path_table(steps))

# --- network pages (issue 5) -------------------------------------------------


@cli.command()
@data_options
@click.option("--network", type=click.Choice(["actor", "bipartite", "full"]), default="actor",
              show_default=True, help="Actors tied by events/partners/agreements; actors and "
              "events; or every entity and link.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/network.html"), show_default=True, help="The HTML file to write.")
@click.option("--focus", help="Show only this entity (English/Korean name, slug or IRI) ...")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="... and what lies within this many steps of it.")
@click.option("--color-by", type=click.Choice(["kind", "country", "community"]), default="kind",
              show_default=True)
@click.option("--size-by", type=click.Choice(["degree", "betweenness", "pagerank"]),
              default="degree", show_default=True)
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the node labels and the page.")
@click.option("--layout", type=click.Choice(["physics", "geo"]), default="physics",
              show_default=True, help="geo: local governments by their coordinates.")
@click.option("--from", "start", help="Only events from this date (YYYY[-MM[-DD]]).")
@click.option("--to", "end", help="Only events up to this date (YYYY[-MM[-DD]]).")
def viz(data: tuple[Path, ...], store: str | None, network: str, out: Path, focus: str | None,
        depth: int, color_by: str, size_by: str, lang: str, layout: str, start: str | None,
        end: str | None) -> None:
    """Write an interactive network page: one HTML file that opens offline.

    Tooltips give both names, kind, country, metrics and source articles; the page
    has a search box, kind/country filters and a legend. Text from the data is
    always escaped.

    \b
    Example:
        climategraph viz --out out/network.html --color-by community
        climategraph viz --focus Incheon --depth 2 --lang ko --out incheon.html
        climategraph viz --layout geo --from 2023 --to 2024 --out geo.html
    """
    from climategraph import graph as cg_graph
    from climategraph import viz as cg_viz

    source = ", ".join(str(p) for p in data) if data else "the shipped data"
    spec = cg_viz.PageSpec(network=network, focus=focus, depth=depth, color_by=color_by,
                           size_by=size_by, lang=lang, layout=layout, start=start, end=end,
                           source=source)
    g = cg_graph.load_graph(list(data) or None, store=store)
    path, drawn = cg_viz.write_page(g, out, spec)
    click.echo(f"wrote {path} ({drawn.number_of_nodes()} nodes, {drawn.number_of_edges()} edges)")


# --- export (issue 6) --------------------------------------------------------

EXPORT_FORMATS = ("turtle", "json-ld", "nt", "trig", "graphml", "gexf")
EXPORT_INCLUDES = ("data", "ontology", "inferred")


@cli.command(name="export")
@data_options
@format_option(*EXPORT_FORMATS)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (atomically); default: standard output.",
)
@click.option(
    "--include",
    multiple=True,
    type=click.Choice(EXPORT_INCLUDES),
    help="What to export (repeatable; default: data and ontology, as build writes). "
    "'inferred' adds the RDFS/OWL-RL entailments: in TriG in their own graph; in "
    "Turtle, JSON-LD and N-Triples merged into the output, so export them alone "
    "(--include inferred) to keep them apart.",
)
@click.option(
    "--network",
    type=click.Choice(["actor", "bipartite", "country"]),
    default="actor",
    show_default=True,
    help="The network written as GraphML or GEXF.",
)
def export_cmd(
    data: tuple[Path, ...],
    store: str | None,
    fmt: str,
    out: Path | None,
    include: tuple[str, ...],
    network: str,
) -> None:
    """Export the graph as Turtle, JSON-LD, N-Triples or TriG, or its cooperation
    network as GraphML or GEXF (for Gephi). The same graph always gives the same bytes.

    TriG puts each source article's triples in a named graph called by the
    article's IRI, the shared files in .../graph/common, the ontology in
    .../graph/ontology and entailments in .../graph/inferred.

    \b
    Example:
        climategraph export --format json-ld --out out/climategraph.jsonld
        climategraph export --format trig --include data --include inferred
        climategraph export --format graphml --network country --out country.graphml
    """
    from climategraph import export

    result = export.export(
        list(data) or None,
        fmt,
        include or export.DEFAULT_INCLUDE,
        store=store,
        network=network,
    )
    if out is None:
        click.echo(result, nl=False)
    else:
        export.atomic_write(out, result)
        click.echo(f"wrote {out} ({fmt}, {len(result)} bytes)", err=True)


# --- SPARQL servers (issue 7) ------------------------------------------------


@cli.command()
@click.option(
    "--endpoint",
    envvar="CLIMATEGRAPH_ENDPOINT",
    required=True,
    metavar="URL",
    help="The server's SPARQL query URL (env CLIMATEGRAPH_ENDPOINT).",
)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Data file or folder to load (repeatable; default: the shipped data/).",
)
@click.option("--store", type=click.Choice(["oxigraph", "memory"]), default=None, hidden=True)
@click.option(
    "--graph",
    "target",
    metavar="IRI",
    help="Write everything into this one graph ('default': the default graph) "
    "instead of one named graph per source article.",
)
@click.option(
    "--replace/--merge",
    default=True,
    show_default=True,
    help="Replace the graphs written (and drop our graphs no longer written), or add to them.",
)
@click.option("--force", is_flag=True, help="Load even when validation finds violations.")
@click.option("--update-url", metavar="URL", help="SPARQL Update URL (default: from --endpoint).")
@click.option(
    "--store-url",
    metavar="URL",
    help="Graph Store Protocol URL: when given, data goes by HTTP PUT/POST per graph.",
)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None)
def load(
    endpoint: str,
    data: tuple[Path, ...],
    store: str | None,
    target: str | None,
    replace: bool,
    force: bool,
    update_url: str | None,
    store_url: str | None,
    timeout: float | None,
) -> None:
    """Validate the graph and push it to a SPARQL server.

    One named graph per source article (see README); refuses data that fails
    validation unless --force. Credentials come from CLIMATEGRAPH_USER and
    CLIMATEGRAPH_PASSWORD, never from the command line.

    \b
    Example:
        climategraph load --endpoint http://127.0.0.1:7878/query
        climategraph load --endpoint http://127.0.0.1:3030/ds/query --graph default --merge
    """
    from climategraph import endpoint as cg_endpoint
    from climategraph import validate

    ep = cg_endpoint.Endpoint.from_url(
        endpoint, update_url=update_url, store_url=store_url, timeout=timeout
    )
    _, report = validate.validate_paths(list(data) or None, store=store)
    if not report.conforms and not force:
        click.echo(_report_text(report), err=True)
        raise CommandError(
            f"not loaded: {report.count('Violation')} violation(s); fix them or use --force"
        )
    if not report.conforms:
        click.echo(f"loading despite {report.count('Violation')} violation(s) (--force)", err=True)
    parts = cg_endpoint.parts_for(list(data) or None, target)
    result = cg_endpoint.load(
        ep, parts, replace=replace, protocol="store" if store_url else None
    )
    verb = "replaced" if replace else "merged"
    click.echo(
        f"{verb} {result.triples} triples in {len(result.graphs)} graph(s) at {endpoint} "
        f"(SPARQL {'Update' if result.protocol == 'update' else 'Graph Store'}"
        f"{f'; dropped {len(result.dropped)} stale graph(s)' if result.dropped else ''})"
    )


@cli.command()
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Data file or folder to serve (repeatable; default: the shipped data/).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
def serve(data: tuple[Path, ...], port: int) -> None:
    """Serve the graph read-only over SPARQL (a local Oxigraph server) until Ctrl-C.

    Prints the query URL for other tools (YASGUI, notebooks, climategraph
    --endpoint). Queries see all graphs as the default graph.

    \b
    Example:
        climategraph serve --port 7878
    """
    import signal

    from climategraph import endpoint, server

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops the server as Ctrl-C does

    parts = endpoint.parts_for(list(data) or None)
    triples = sum(len(graph) for _, graph in parts)
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with server.serve(parts, port=port) as running:
            click.echo(f"serving {triples} triples read-only at {running.url}")
            click.echo("stop with Ctrl-C", err=True)
            running.process.wait()
    except KeyboardInterrupt:
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    raise CommandError("the oxigraph server stopped")


# --- synthetic data (issue 8) ------------------------------------------------


@cli.command()
@click.option("--triples", type=int, default=10_000, show_default=True,
              help="About how many triples to write.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed writes the same bytes.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out/synthetic"),
    show_default=True,
    help="Folder for synthetic.nt.",
)
def generate(triples: int, seed: int, out: Path) -> None:
    """Write a synthetic graph in the project's ontology (for benchmarks): local
    governments, bodies, events, partner cities, agreements, people, posts, every
    record citing a synthetic article. Load it with --data OUT.

    \b
    Example:
        climategraph generate --triples 1000000 --seed 1 --out out/syn-1e6
        climategraph validate --data out/syn-1e6
    """
    from climategraph.generate import generate as make

    result = make(triples, seed, out)
    click.echo(
        f"wrote {result.path} ({result.triples} triples, {result.local_governments} "
        f"local governments, {result.events} events; seed {result.seed})"
    )


def _summary(report: Any) -> str:
    return (
        f"{report.count('Violation')} violation(s), {report.count('Warning')} warning(s), "
        f"{report.count('Info')} info"
    )


def _report_text(report: Any) -> str:
    groups = report.by_focus()
    verdict = "conforms" if report.conforms else "does not conform"
    lines = [f"{verdict}: {_summary(report)} on {len(groups)} node(s)"]
    for focus, findings in groups.items():
        lines.append(f"\n{findings[0].focus_label} <{focus}>")
        for finding in findings:
            where = f" {finding.path}" if finding.path else ""
            value = f" [value: {finding.value}]" if finding.value else ""
            lines.append(f"  {finding.severity}{where}: {finding.message}{value}")
    return "\n".join(lines)


def main() -> None:
    """Console-script entry point."""
    cli()


if __name__ == "__main__":
    main()
