"""Cooperation-network analysis: centrality, brokers, communities, paths."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from climategraph import choices
from climategraph.cli.base import cli, data_list, data_options, format_option, network_option

F = TypeVar("F", bound=Callable[..., Any])


def network_filters(func: F) -> F:
    """``--from/--to``, ``--edge-kind``, ``--source`` and ``--exclude``."""
    for option in reversed(
        [
            click.option("--from", "start", help="Window start: YYYY, YYYY-MM or YYYY-MM-DD."),
            click.option("--to", "end", help="Window end (inclusive): the network as it stood."),
            click.option(
                "--edge-kind",
                "edge_kinds",
                multiple=True,
                type=click.Choice(choices.EDGE_KINDS),
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
@network_option("Which network to analyse.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Show the top N nodes.")
@click.option("--seed", type=int, default=choices.DEFAULT_SEED, show_default=True,
              help="Seed of Louvain and of the sampled betweenness.")
@click.option(
    "--approx-betweenness", "betweenness_k", type=click.IntRange(min=2), default=None,
    metavar="K",
    help="APPROXIMATE betweenness from K sampled sources (seeded). Default: exact up to "
         "nodes x edges = 5 10^8, sampled above it (the report says so).",
)
@click.option("--exact-betweenness", is_flag=True,
              help="Exact betweenness at any size (slow on large networks).")
@format_option("table", "json", "csv")
def analyze(
    data: tuple[Path, ...], store: str | None, network: str, top: int | None, seed: int,
    betweenness_k: int | None, exact_betweenness: bool, fmt: str, **filters: Any,
) -> None:
    """Centrality, brokers and communities of the cooperation network.

    Nodes are ranked by PageRank; metrics are networkx's definitions (computed by
    igraph where it is faster, with the same values) on the network with weights
    summed over tie kinds. Sessions count towards their parent event. Betweenness
    is exact unless --approx-betweenness K estimates it from K sources.

    \b
    Example:
        climategraph analyze --top 10
        climategraph analyze --network country --format json
        climategraph analyze --to 2021 --exclude ICLEI --format csv
        climategraph analyze --approx-betweenness 200 --data out/syn-1e6
    """
    from climategraph.network import analysis, report
    from climategraph.store import load

    if exact_betweenness and betweenness_k is not None:
        raise click.UsageError("use --approx-betweenness or --exact-betweenness, not both")
    k = None if exact_betweenness else (betweenness_k or "auto")
    g = load.load_graph(data_list(data), store=store)
    result = analysis.analyze(g, network, top=top, seed=seed, betweenness_k=k, **filters)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(report.nodes_csv(result), nl=False)
    else:
        click.echo(report.nodes_table(result))


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
    from climategraph.network import paths, report
    from climategraph.store import load

    g = load.load_graph(data_list(data), store=store)
    try:
        steps = paths.shortest_path(g, a, b, **filters)
    except paths.NoPathError as exc:
        click.echo(f"Not connected: {exc}", err=True)
        raise SystemExit(1) from None
    if fmt == "json":
        doc = {"from": steps[0].source, "to": steps[-1].target,
               "steps": [s.as_dict() for s in steps]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        click.echo(report.path_table(steps))
