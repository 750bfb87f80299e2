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
    record citing a synthetic article. Load it with --data OUT. Sizes past
    CLIMATEGRAPH_MAX_TRIPLES (default 20,000,000), or that the disk under OUT
    cannot hold, are refused before any work.

    \b
    Example:
        climategraph generate --triples 1000000 --seed 1 --out out/syn-1e6
        climategraph validate --data out/syn-1e6
    """
    from climategraph.synthetic.generator import generate as make

    check_size(triples, out)
    result = make(triples, seed, out)
    click.echo(
        f"wrote {result.path} ({result.triples} triples, {result.local_governments} "
        f"local governments, {result.events} events; seed {result.seed})"
    )


#: bytes per generated N-Triples line, an upper estimate (full IRIs, long literals)
BYTES_PER_TRIPLE = 200


def check_size(triples: int, out: Path) -> None:
    """Refuse, before any work, a size past the limit or one the disk cannot hold."""
    import shutil

    from climategraph.limits import MAX_TRIPLES

    MAX_TRIPLES.check(triples, "--triples")
    folder = next((p for p in (out, *out.absolute().parents) if p.exists()), Path("."))
    need = triples * BYTES_PER_TRIPLE
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if need > free:
        raise click.BadParameter(
            f"about {need:,} bytes needed, {free:,} free under {folder}", param_hint="--triples"
        )
