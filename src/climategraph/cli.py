"""The ``climategraph`` command line: each command parses, calls one library function,
formats. Heavy libraries are imported inside the commands, so ``--help`` is fast.

Exit codes (as pySHACL's): 0 success / conforms, 1 the data does not conform,
2 bad input or runtime error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

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
    """``--data`` (repeatable) and ``--store`` for every command that reads the graph."""
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

# --- network analysis (issue 4) ----------------------------------------------

# --- network pages (issue 5) -------------------------------------------------

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
