"""Saved SPARQL queries: list them, run one."""

from __future__ import annotations

import json
from pathlib import Path

import click

from climategraph.cli.base import cli, data_list, data_options, format_option, lang_option


@cli.command(name="queries")
@format_option("table", "json")
def queries_cmd(fmt: str) -> None:
    """List the saved queries (queries/*.rq) with their title and parameters.

    \b
    Example:
        climategraph queries
    """
    from climategraph.sparql import saved as sparql_saved
    from climategraph.text import render_table

    saved = sparql_saved.discover()
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
    help="A parameter value (each key once): a label in English or Korean, a slug, an "
    "IRI, or a date YYYY, YYYY-MM or YYYY-MM-DD.",
)
@data_options
@format_option("table", "csv", "tsv", "json", "md")
@lang_option()
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
    from climategraph.sparql import params as sparql_params
    from climategraph.sparql import results, run
    from climategraph.sparql import saved as sparql_saved
    from climategraph.store import load

    saved = sparql_saved.get(name)
    values = sparql_params.parse_assignments(params)
    result = run.run_query(
        load.load_graph(data_list(data), store=store), saved, values, lang
    )
    click.echo(results.render(result, fmt), nl=fmt in ("table", "json", "md"))
