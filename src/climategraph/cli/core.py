"""Build, validate, count, and the main job."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from climategraph import choices
from climategraph.cli import terminal
from climategraph.cli.base import (
    cli,
    data_list,
    data_options,
    format_option,
    lang_option,
    out_option,
)
from climategraph.cli.failures import NotConforming

if TYPE_CHECKING:
    from climategraph.shacl.report import Report


@cli.command()
@data_options
@out_option(Path("out/climategraph.ttl"), "Where to write the merged graph (Turtle).")
@click.option("--force", is_flag=True, help="Write even when validation finds violations.")
def build(data: tuple[Path, ...], store: str | None, out: Path, force: bool) -> None:
    """Load the ontology and data, validate, and write the merged graph.

    Refuses to write when validation finds violations (exit 1), unless --force.

    \b
    Example:
        climategraph build --out out/climategraph.ttl
    """
    from climategraph.formats import rdf
    from climategraph.shacl import engine as validate

    graph, report = validate.validate_paths(data_list(data), store=store)
    if not report.passes and not force:
        click.echo(report_text(report), err=True)
        raise NotConforming(
            f"not written: {report.count('Violation')} violation(s); fix them or use --force"
        )
    rdf.write_graph(graph, out)
    click.echo(f"wrote {out} ({len(graph)} triples; {summary(report)})")


@cli.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@data_options
@format_option("text", "json")
@click.option(
    "--engine",
    type=click.Choice(choices.ENGINES),
    default="auto",
    show_default=True,
    help="fast: the shapes compiled to SPARQL on Oxigraph; pyshacl: the reference; "
    "auto: fast on the Oxigraph store when every shape compiles. Same report.",
)
def validate_cmd(
    paths: tuple[Path, ...], data: tuple[Path, ...], store: str | None, fmt: str, engine: str
) -> None:
    """Validate data against the project's ontology and SHACL shapes.

    PATHS are files or folders validated together with the ontology (default:
    the shipped data). Exit 0 when the data passes (no violation), 1 on
    violations, 2 on input that cannot be read. Warnings do not fail validation,
    but, as in SHACL, the data then does not conform: the JSON report has both
    "conforms" (SHACL's sh:conforms, false on any result) and "passes" (no
    violation, what the exit code follows).

    \b
    Example:
        climategraph validate
        climategraph validate my-city.ttl --format json
        climategraph validate --engine pyshacl
    """
    from climategraph.shacl import engine as validate

    with terminal.stage("validate"):
        _, report = validate.validate_paths(
            data_list(paths + data), store=store, engine=engine
        )
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report_text(report))
    if not report.passes:
        raise SystemExit(1)


@cli.command()
@data_options
@format_option("table", "json")
@lang_option()
def stats(data: tuple[Path, ...], store: str | None, fmt: str, lang: str) -> None:
    """Counts per class, per source article and per country.

    \b
    Example:
        climategraph stats --lang ko
    """
    from climategraph.sparql import stats as cg_stats
    from climategraph.store import load
    from climategraph.text import render_table

    result = cg_stats.compute(load.load_graph(data_list(data), store=store), lang)
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
@out_option(Path("out"), "Folder for everything the job writes.", folder=True)
@click.option("--parallel/--sequential", default=None,
              help="Run the job in two processes (one validates while the other "
                   "builds the actor network, then each writes its share), or in one. "
                   "Default: two from 100,000 triples (the files are the same).")
def run(data: tuple[Path, ...], store: str | None, out: Path, parallel: bool | None) -> None:
    """Run the main job: build and validate the graph, then write every product
    (graph, query results, analysis, network pages, exports) under OUT.

    Exit 1 (and nothing but the validation report written) when the data does
    not conform.

    \b
    Example:
        climategraph run --out out
        climategraph run --data out/syn-1e6 --out out/syn-run --sequential
    """
    from climategraph import pipeline

    outputs = pipeline.run(out, data_list(data), store=store, progress=terminal.stage,
                           parallel=parallel)
    for output in outputs:
        click.echo(f"{output.path}  {output.what}")
    terminal.note(f"\n{len(outputs)} file(s) written under {out}/")


def summary(report: Report) -> str:
    """'N violation(s), N warning(s), N info'."""
    return (
        f"{report.count('Violation')} violation(s), {report.count('Warning')} warning(s), "
        f"{report.count('Info')} info"
    )


def verdict(report: Report) -> str:
    """SHACL's verdict and the exit code's: 'conforms' (no result), 'does not conform,
    passes' (warnings or infos only: exit 0), 'does not conform, fails' (violations:
    exit 1)."""
    if report.conforms:
        return "conforms"
    return "does not conform, passes" if report.passes else "does not conform, fails"


def report_text(report: Report) -> str:
    """The validation report for the terminal, grouped by focus node."""
    groups = report.by_focus()
    if not groups:
        return f"{verdict(report)}: {summary(report)}"
    lines = [f"{verdict(report)}: {summary(report)} on {len(groups)} node(s)"]
    for focus, findings in groups.items():
        lines.append(f"\n{findings[0].focus_label} <{focus}>")
        for finding in findings:
            where = f" {finding.path}" if finding.path else ""
            value = f" [value: {finding.value}]" if finding.value else ""
            lines.append(f"  {finding.severity}{where}: {finding.message}{value}")
    return "\n".join(lines)
