"""The world layer's products (``layers/world/``, the world's sister-city network
imported from Wikidata): its analysis and its map page, computed on the curated graph
with the layer added. The main job writes them under ``out/world/`` on the shipped
data (:func:`write_layer`); the importer tests call :func:`write_world` on a graph of
their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.network.analysis import analyze
from climategraph.pages.render import describe
from climategraph.pages.spec import PageSpec

if TYPE_CHECKING:
    from rdflib import Graph


#: the shipped layer whose products go to out/world/
WORLD_LAYER = "world"
#: the world page draws at most this many partner links (the rest are in the analysis)
WORLD_EDGES = 6000


def _copy(graph: Graph) -> Graph:
    from climategraph.store.backend import new_graph

    copy = new_graph()
    copy.addN((s, p, o, copy) for s, p, o in graph)
    return copy


def write_layer(graph: Graph, out_dir: str | Path) -> list[tuple[Path, str]]:
    """:func:`write_world` on ``graph`` plus the shipped layer's files, under
    ``out_dir``; nothing (an empty list) when the layer is not shipped."""
    from climategraph.store.load import parse_into
    from climategraph.store.project import project_root

    files = sorted((project_root() / "layers" / WORLD_LAYER).glob("*.ttl"))
    if not files:
        return []
    world = _copy(graph)
    for path in files:
        parse_into(world, path)
    return write_world(world, out_dir)


def write_world(graph: Graph, out_dir: str | Path) -> list[tuple[Path, str]]:
    """Analysis and page of the partner-city network of ``graph`` under ``out_dir``."""
    from climategraph.fileio import atomic_write
    from climategraph.network.report import markdown

    out = Path(out_dir)
    result = analyze(graph, "actor", edge_kinds=("partner-city",))
    text = json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"
    what = (f"{len(result.nodes)} local governments, {result.edges} partner links, "
            f"{len(result.communities)} communities")
    written = [
        (atomic_write(out / "analysis.json", text.encode()), f"world network analysis ({what})"),
        (atomic_write(out / "analysis.md", markdown(result).encode()),
         "world network analysis, Markdown report"),
    ]
    return [*written, write_world_page(graph, out / "network.html")]


def write_world_page(graph: Graph, path: Path) -> tuple[Path, str]:
    """The partner-city network on the map: local governments placed by their
    coordinates, coloured by whether the curated graph has them (an article) or only
    an import does."""
    from climategraph.fileio import atomic_write
    from climategraph.pages.data import build
    from climategraph.pages.render import render

    spec = PageSpec(network="actor", layout="geo", color_by="kind", size_by="degree",
                    source=describe(graph) + " and the world layer", max_edges=WORLD_EDGES)
    G = build(graph, spec)
    G.remove_edges_from([(u, v) for u, v, d in G.edges(data=True)
                         if "partner-city" not in d.get("kinds", ())])
    curated = _curated(graph)
    # the map: places with coordinates and the curated cities (a page of 10^4 nodes with
    # their tooltips opens too slowly; the analysis covers every place)
    G.remove_nodes_from([n for n, d in G.nodes(data=True) if d.get("kind") != "LocalGovernment"
                         or (d.get("lat") is None and n not in curated)])
    for n, d in G.nodes(data=True):
        d["kind"] = "curated city" if n in curated else "imported city"
    placed = sum(1 for _, d in G.nodes(data=True) if d.get("lat") is not None)
    path = atomic_write(path, render(G, spec).encode("utf-8"))
    return path, (f"world network page: {G.number_of_nodes()} local governments "
                  f"({placed} on the map, {len(curated & set(G))} curated), "
                  f"{G.graph.get('drawn_edges')} of {G.number_of_edges()} partner links drawn")


def _curated(graph: Graph) -> set[str]:
    """The local governments some article (not only a dataset) is the source of."""
    from climategraph.store.backend import select

    rows = select(graph, """
        PREFIX cg: <https://w3id.org/climategraph/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT DISTINCT ?city WHERE {
            ?city a cg:LocalGovernment ; prov:wasDerivedFrom ?source .
            ?source a cg:Article .
        }""")
    return {str(row[0]) for row in rows}
