"""Build, validate, count, and the main job."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from climategraph.cli.base import (
    NotConforming,
    cli,
    data_list,
    data_options,
    format_option,
    lang_option,
    out_option,
)

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
    if not report.conforms and not force:
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
    type=click.Choice(["auto", "fast", "pyshacl"]),
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
    the shipped data). Exit 0 when the data conforms, 1 on violations, 2 on
    input that cannot be read. Warnings do not fail validation.

    \b
    Example:
        climategraph validate
        climategraph validate my-city.ttl --format json
        climategraph validate --engine pyshacl
    """
    from climategraph.shacl import engine as validate

    _, report = validate.validate_paths(data_list(paths + data), store=store, engine=engine)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report_text(report))
    if not report.conforms:
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
def run(data: tuple[Path, ...], store: str | None, out: Path) -> None:
    """Run the main job: build and validate the graph, then write every product
    (graph, query results, analysis, network pages, exports) under OUT.

    Exit 1 (and nothing but the validation report written) when the data does
    not conform.

    \b
    Example:
        climategraph run --out out
    """
    from climategraph import pipeline

    outputs = pipeline.run(out, data_list(data), store=store)
    for output in outputs:
        click.echo(f"{output.path}  {output.what}")
    click.echo(f"\n{len(outputs)} file(s) written under {out}/", err=True)


def summary(report: Report) -> str:
    """'N violation(s), N warning(s), N info'."""
    return (
        f"{report.count('Violation')} violation(s), {report.count('Warning')} warning(s), "
        f"{report.count('Info')} info"
    )


def report_text(report: Report) -> str:
    """The validation report for the terminal, grouped by focus node."""
    groups = report.by_focus()
    verdict = "conforms" if report.conforms else "does not conform"
    if not groups and report.conforms:
        return f"{verdict}: {summary(report)}"
    lines = [f"{verdict}: {summary(report)} on {len(groups)} node(s)"]
    for focus, findings in groups.items():
        lines.append(f"\n{findings[0].focus_label} <{focus}>")
        for finding in findings:
            where = f" {finding.path}" if finding.path else ""
            value = f" [value: {finding.value}]" if finding.value else ""
            lines.append(f"  {finding.severity}{where}: {finding.message}{value}")
    return "\n".join(lines)
