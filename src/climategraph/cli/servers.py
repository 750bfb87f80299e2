"""SPARQL servers: push the graph to one, or serve it read-only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from climategraph import choices
from climategraph.cli import terminal
from climategraph.cli.base import cli, data_list, endpoint_url, timeout_option
from climategraph.cli.core import report_text
from climategraph.cli.failures import CommandError, NotConforming


def _data_option(verb: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        help=f"Data file or folder to {verb} (repeatable; default: the shipped data/).",
    )


@cli.command()
@click.option(
    "--endpoint",
    envvar="CLIMATEGRAPH_ENDPOINT",
    required=True,
    metavar="URL",
    help="The server's SPARQL query URL (env CLIMATEGRAPH_ENDPOINT).",
)
@_data_option("load")
@click.option("--store", type=click.Choice(choices.STORES), default=None, hidden=True)
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
@click.option(
    "--default-graph",
    "default_copy",
    type=click.Choice(choices.DEFAULT_GRAPH_MODES),
    default="auto",
    show_default=True,
    help="Also write the union of the graphs into the default graph (replacing it), so "
    "plain clients see the data: auto when the server's default graph is not already "
    "the union (Oxigraph without --union-default-graph), always, or never.",
)
@click.option("--force", is_flag=True, help="Load even when validation finds violations.")
@click.option("--update-url", metavar="URL", help="SPARQL Update URL (default: from --endpoint).")
@click.option(
    "--store-url",
    metavar="URL",
    help="Graph Store Protocol URL: when given, data goes by HTTP PUT/POST per graph.",
)
@timeout_option("Seconds to wait for each answer of the server (default 30).")
def load(
    endpoint: str,
    data: tuple[Path, ...],
    store: str | None,
    target: str | None,
    replace: bool,
    default_copy: str,
    force: bool,
    update_url: str | None,
    store_url: str | None,
    timeout: float | None,
) -> None:
    """Validate the graph and push it to a SPARQL server.

    One named graph per source article (see README), and, when the server's
    default graph is not their union (Oxigraph started without
    --union-default-graph), their union in the default graph too, so that any
    client's queries see the data (--default-graph). Refuses data that fails
    validation (exit 1) unless --force. Credentials come from CLIMATEGRAPH_USER
    and CLIMATEGRAPH_PASSWORD, never from the command line; every URL and --graph
    must be a valid http(s) IRI (checked before any request); a redirect to another
    host is not followed; success is reported only when the server answers 2xx.

    \b
    Example:
        climategraph load --endpoint http://127.0.0.1:7878/query
        climategraph load --endpoint http://127.0.0.1:3030/ds/query --graph default --merge
    """
    from climategraph.server import client
    from climategraph.server import load as loading
    from climategraph.shacl import engine

    for value, option in ((endpoint, "--endpoint"), (update_url, "--update-url"),
                          (store_url, "--store-url")):
        endpoint_url(value, option)
    if target is not None and target != "default":
        client.check_iri(target, "--graph")
    ep = client.Endpoint.from_url(
        endpoint, update_url=update_url, store_url=store_url, timeout=timeout
    )
    _, report = engine.validate_paths(data_list(data), store=store)
    if not report.passes and not force:
        click.echo(report_text(report), err=True)
        raise NotConforming(
            f"not loaded: {report.count('Violation')} violation(s); fix them or use --force"
        )
    if not report.passes:
        click.echo(f"loading despite {report.count('Violation')} violation(s) (--force)", err=True)
    parts = loading.parts_for(data_list(data), target)
    result = loading.load(
        ep, parts, replace=replace, protocol="store" if store_url else None,
        default_copy=default_copy,
    )
    verb = "replaced" if replace else "merged"
    copy = "; their union also in the default graph" if result.default_copy else ""
    click.echo(
        f"{verb} {result.triples} triples in {len(result.graphs)} graph(s) at {endpoint} "
        f"(SPARQL {'Update' if result.protocol == 'update' else 'Graph Store'}"
        f"{f'; dropped {len(result.dropped)} stale graph(s)' if result.dropped else ''}{copy})"
    )
    if result.union_default is False and not result.default_copy:
        terminal.note(
            "note: this server's default graph is not the union of its graphs, so plain "
            "queries see none of these triples; load with --default-graph auto, or start "
            "Oxigraph with 'oxigraph serve --union-default-graph'"
        )


@cli.command()
@_data_option("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
def serve(data: tuple[Path, ...], port: int) -> None:
    """Serve the graph read-only over SPARQL (a local Oxigraph server) until Ctrl-C
    (exit 130) or SIGTERM (exit 0).

    Prints the query URL for other tools (YASGUI, notebooks, climategraph
    --endpoint). Queries see all graphs as the default graph. Queries with
    SERVICE are refused (the server fetches no URL for a client), each query stops
    after CLIMATEGRAPH_QUERY_TIMEOUT seconds, and the Oxigraph process ends with
    this command, even when it is killed.

    \b
    Example:
        climategraph serve --port 7878
    """
    import signal

    from climategraph.server import oxigraph
    from climategraph.server.load import parts_for

    def stop(*_: object) -> None:
        raise _Stopped  # SIGTERM: a normal stop (exit 0); Ctrl-C exits 130

    parts = parts_for(data_list(data))
    triples = sum(len(graph) for _, graph in parts)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with oxigraph.serve(parts, port=port) as running:
            click.echo(f"serving {triples} triples read-only at {running.url}")
            terminal.note("stop with Ctrl-C")
            running.process.wait()
    except _Stopped:
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    raise CommandError("the oxigraph server stopped")


class _Stopped(Exception):
    """SIGTERM arrived: stop serving."""
