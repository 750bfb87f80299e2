"""Interactive network pages."""

from __future__ import annotations

from pathlib import Path

import click

from climategraph.cli.base import cli, data_list, data_options, lang_option, out_option


@cli.command()
@data_options
@click.option("--network", type=click.Choice(["actor", "bipartite", "full"]), default="actor",
              show_default=True, help="Actors tied by events/partners/agreements; actors and "
              "events; or every entity and link.")
@out_option(Path("out/network.html"), "The HTML file to write.")
@click.option("--focus", help="Show only this entity (English/Korean name, slug or IRI) ...")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="... and what lies within this many steps of it.")
@click.option("--color-by", type=click.Choice(["kind", "country", "community"]), default="kind",
              show_default=True)
@click.option("--size-by", type=click.Choice(["degree", "betweenness", "pagerank"]),
              default="degree", show_default=True)
@lang_option("Language of the node labels and the page.")
@click.option("--layout", type=click.Choice(["physics", "geo"]), default="physics",
              show_default=True, help="geo: local governments by their coordinates.")
@click.option("--from", "start", help="Only events from this date (YYYY[-MM[-DD]]).")
@click.option("--to", "end", help="Only events up to this date (YYYY[-MM[-DD]]).")
@click.option("--max-edges", type=click.IntRange(min=0), default=20_000, show_default=True,
              help="Draw at most this many ties: the strongest, each node's strongest "
              "included; 0 draws all (a browser struggles beyond a few 10^4).")
def viz(data: tuple[Path, ...], store: str | None, network: str, out: Path, focus: str | None,
        depth: int, color_by: str, size_by: str, lang: str, layout: str, start: str | None,
        end: str | None, max_edges: int) -> None:
    """Write an interactive network page: one HTML file that opens offline.

    Tooltips give both names, kind, country, metrics and source articles; the page
    has a search box, kind/country filters and a legend. Text from the data is
    always escaped.

    \b
    Example:
        climategraph viz --out out/network.html --color-by community
        climategraph viz --focus Incheon --depth 2 --lang ko --out incheon.html
        climategraph viz --layout geo --from 2023 --to 2024 --out geo.html
        climategraph viz --data out/syn-1e6 --max-edges 50000 --out big.html
    """
    from climategraph.pages import render
    from climategraph.pages import spec as pages_spec
    from climategraph.store import load

    source = ", ".join(str(p) for p in data) if data else "the shipped data"
    spec = pages_spec.PageSpec(network=network, focus=focus, depth=depth, color_by=color_by,
                           size_by=size_by, lang=lang, layout=layout, start=start, end=end,
                           source=source, max_edges=max_edges or None)
    g = load.load_graph(data_list(data), store=store)
    path, drawn = render.write_page(g, out, spec)
    edges = drawn.number_of_edges()
    shown = drawn.graph.get("drawn_edges", edges)
    click.echo(f"wrote {path} ({drawn.number_of_nodes()} nodes, {edges} edges"
               + (f", the {shown} strongest drawn)" if shown < edges else ")"))
