"""Saved SPARQL queries: list them, run one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from climategraph import choices
from climategraph.cli.base import cli, data_list, data_options, format_option, lang_option
from climategraph.cli.failures import message_line
from climategraph.errors import QueryError

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


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

    broken: dict[str, QueryError] = {}
    saved = sparql_saved.discover(broken=broken)
    for name, error in broken.items():
        click.echo(message_line(f"warning: query {name!r} left out: {error}"), err=True)
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


def complete_query_name(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion for NAME: the saved queries starting with what was typed
    (with their title as help), or .rq files when a path is being typed."""
    from click.shell_completion import CompletionItem

    from climategraph.sparql import saved as sparql_saved

    if "/" in incomplete or incomplete.startswith("."):
        return [CompletionItem(incomplete, type="file")]
    saved = sparql_saved.discover(broken={})
    return [
        CompletionItem(name, help=q.title)
        for name, q in saved.items()
        if name.startswith(incomplete)
    ]


@cli.command()
@click.argument("name", shell_complete=complete_query_name)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value (each key once): a label in English or Korean, a slug, an "
    "IRI, or a date YYYY, YYYY-MM or YYYY-MM-DD.",
)
@data_options
@format_option(*choices.QUERY_FORMATS)
@click.option(
    "--exact-csv",
    is_flag=True,
    help="With --format csv: exact W3C SPARQL CSV, without the spreadsheet guard "
    "(a leading ' before cells starting with = + - @).",
)
@lang_option()
def query(
    name: str,
    params: tuple[str, ...],
    data: tuple[Path, ...],
    store: str | None,
    fmt: str,
    exact_csv: bool,
    lang: str,
    timeout: float | None = None,
) -> None:
    """Run a saved query by NAME (see 'climategraph queries') or a FILE.rq.

    Formats: json, xml and tsv are the W3C SPARQL results formats; csv is too,
    except that cells a spreadsheet would run as a formula (starting with = + - @)
    get a leading ' unless --exact-csv; table is for the terminal; md is a
    Markdown table. Queries are read-only, and stop after --timeout seconds
    (default 60, env CLIMATEGRAPH_QUERY_TIMEOUT).

    \b
    Example:
        climategraph query sister-cities --param city=인천
        climategraph query timeline --param from=2021-01-01 --format csv
        climategraph query events-hosted-by --param city=Incheon --lang ko
    """
    from climategraph.limits import MAX_PARAM_CHARS, QUERY_TIMEOUT
    from climategraph.sparql import params as sparql_params
    from climategraph.sparql import results, run
    from climategraph.sparql import saved as sparql_saved
    from climategraph.store import load

    for assignment in params:
        MAX_PARAM_CHARS.check(len(assignment), "--param")
    saved = sparql_saved.get(name)
    values = sparql_params.parse_assignments(params)
    graph = load.load_graph(data_list(data), store=store)
    limit = timeout if timeout is not None else float(QUERY_TIMEOUT.get())
    result = run.run_query(graph, saved, values, lang, timeout=limit)
    exact = True if exact_csv else None  # None: CLIMATEGRAPH_CSV decides
    text = results.to_csv(result, exact=exact) if fmt == "csv" else results.render(result, fmt)
    click.echo(text, nl=fmt in ("table", "json", "md"))
