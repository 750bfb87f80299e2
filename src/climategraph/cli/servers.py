"""SPARQL servers: push the graph to one, or serve it read-only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from climategraph.cli.base import (
    CommandError,
    NotConforming,
    cli,
    data_list,
    endpoint_url,
    timeout_option,
)
from climategraph.cli.core import report_text


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
@timeout_option("Seconds to wait for each answer of the server (default 30).")
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
    if not report.conforms and not force:
        click.echo(report_text(report), err=True)
        raise NotConforming(
            f"not loaded: {report.count('Violation')} violation(s); fix them or use --force"
        )
    if not report.conforms:
        click.echo(f"loading despite {report.count('Violation')} violation(s) (--force)", err=True)
    parts = client.parts_for(data_list(data), target)
    result = client.load(
        ep, parts, replace=replace, protocol="store" if store_url else None
    )
    verb = "replaced" if replace else "merged"
    click.echo(
        f"{verb} {result.triples} triples in {len(result.graphs)} graph(s) at {endpoint} "
        f"(SPARQL {'Update' if result.protocol == 'update' else 'Graph Store'}"
        f"{f'; dropped {len(result.dropped)} stale graph(s)' if result.dropped else ''})"
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
    """Serve the graph read-only over SPARQL (a local Oxigraph server) until Ctrl-C.

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

    from climategraph.server import client as endpoint
    from climategraph.server import oxigraph

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops the server as Ctrl-C does

    parts = endpoint.parts_for(data_list(data))
    triples = sum(len(graph) for _, graph in parts)
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with oxigraph.serve(parts, port=port) as running:
            click.echo(f"serving {triples} triples read-only at {running.url}")
            click.echo("stop with Ctrl-C", err=True)
            running.process.wait()
    except KeyboardInterrupt:
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    raise CommandError("the oxigraph server stopped")
