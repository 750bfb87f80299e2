"""Synthetic graphs for benchmarks."""

from __future__ import annotations

from pathlib import Path

import click

from climategraph.cli.base import cli, out_option


@cli.command()
@click.option("--triples", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="About how many triples to write.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed writes the same bytes.")
@out_option(Path("out/synthetic"), "Folder for synthetic.nt.", folder=True)
def generate(triples: int, seed: int, out: Path) -> None:
    """Write a synthetic graph in the project's ontology (for benchmarks): local
    governments, bodies, events, partner cities, agreements, people, posts, every
    record citing a synthetic article. Load it with --data OUT.

    \b
    Example:
        climategraph generate --triples 1000000 --seed 1 --out out/syn-1e6
        climategraph validate --data out/syn-1e6
    """
    from climategraph.synthetic.generator import generate as make

    result = make(triples, seed, out)
    click.echo(
        f"wrote {result.path} ({result.triples} triples, {result.local_governments} "
        f"local governments, {result.events} events; seed {result.seed})"
    )
