"""Exports: RDF serialisations and the networks for Gephi."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from climategraph.cli.base import (
    cli,
    data_list,
    data_options,
    format_option,
    network_option,
    out_option,
)

EXPORT_FORMATS = ("turtle", "json-ld", "nt", "trig", "graphml", "gexf", "cyjs", "csv")
NETWORK_FORMATS = ("graphml", "gexf", "cyjs", "csv")
EXPORT_INCLUDES = ("data", "ontology", "inferred")


@cli.command(name="export")
@data_options
@format_option(*EXPORT_FORMATS)
@out_option(None, "File to write (atomically); default: standard output.")
@click.option(
    "--include",
    multiple=True,
    type=click.Choice(EXPORT_INCLUDES),
    help="What to export (repeatable; default: data and ontology, as build writes). "
    "'inferred' adds the RDFS/OWL-RL entailments: in TriG in their own graph; in "
    "Turtle, JSON-LD and N-Triples merged into the output, so export them alone "
    "(--include inferred) to keep them apart. RDF formats only.",
)
@network_option("The network written as GraphML, GEXF, cyjs or csv (those formats only).")
def export_cmd(
    data: tuple[Path, ...],
    store: str | None,
    fmt: str,
    out: Path | None,
    include: tuple[str, ...],
    network: str,
) -> None:
    """Export the graph as Turtle, JSON-LD, N-Triples or TriG, or its cooperation
    network as GraphML (networkx, igraph, yEd), GEXF 1.3 (Gephi), cyjs (Cytoscape.js
    JSON, for Cytoscape) or csv (a zip of nodes.csv and edges.csv, for spreadsheets).
    The same graph always gives the same bytes.

    TriG puts each source article's triples in a named graph called by the
    article's IRI, the shared files in .../graph/common, the ontology in
    .../graph/ontology and entailments in .../graph/inferred.

    \b
    Example:
        climategraph export --format json-ld --out out/climategraph.jsonld
        climategraph export --format trig --include data --include inferred
        climategraph export --format graphml --network country --out country.graphml
        climategraph export --format csv --out actors.zip
    """
    from climategraph import fileio
    from climategraph.formats import export, named_graphs

    ctx = click.get_current_context()
    if fmt in NETWORK_FORMATS and include:
        raise click.UsageError(f"--include applies to RDF formats, not {fmt}")
    explicit_network = ctx.get_parameter_source("network") == ParameterSource.COMMANDLINE
    if fmt not in NETWORK_FORMATS and explicit_network:
        raise click.UsageError(f"--network applies to {', '.join(NETWORK_FORMATS)}, not {fmt}")
    result = export.export(
        data_list(data),
        fmt,
        include or named_graphs.DEFAULT_INCLUDE,
        store=store,
        network=network,
    )
    if out is None:
        click.echo(result, nl=False)
    else:
        fileio.atomic_write(out, result)
        click.echo(f"wrote {out} ({fmt}, {len(result)} bytes)", err=True)
