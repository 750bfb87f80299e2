"""Interactive network pages: one self-contained HTML file per network, drawn by pyvis.

The page opens from the file system with no network at all: vis-network's script and
style (the copies bundled with pyvis) are inlined, and the page is rendered from the
project's own Jinja template (``templates/network.html``) with autoescaping. Text from
the data reaches the page only as escaped HTML or as JSON (``tojson``: ``<``, ``>``,
``&`` and ``'`` written as ``\\u00XX``), and the page's script builds tooltips from DOM
text nodes, so a label such as ``<img src=x onerror=alert(1)>`` shows as text.

Pages are deterministic: sorted nodes and edges, a fixed layout seed, no timestamp
(the heading gives the data's date range instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph.errors import ParameterError

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

NETWORKS = ("actor", "bipartite", "full")
COLOR_BY = ("kind", "country", "community")
SIZE_BY = ("degree", "betweenness", "pagerank")
LAYOUTS = ("physics", "geo")
#: above this many nodes positions are precomputed (networkx) and physics is off
LARGE = 1000
#: physics stabilisation is bounded to this many iterations, then physics stops
STABILISATION = 400
#: a page draws at most this many ties by default (the strongest; see
#: :func:`climategraph.vizlayout.strongest`): a browser draws 2 * 10^4 edges at
#: once, 7.5 * 10^5 not at all
MAX_EDGES = 20_000
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Tableau 20: colours for categories, assigned in sorted order
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6",
    "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
)  # fmt: skip
NO_VALUE = "#c8c8c8"
TIE_COLOURS = {"shared-event": "#4e79a7", "partner-city": "#e15759", "agreement": "#59a14f"}
SEVERAL = "#7f7f7f"


@dataclass(frozen=True)
class PageSpec:
    """What a page shows and how (the ``climategraph viz`` options)."""

    network: str = "actor"
    focus: str | None = None
    depth: int = 1
    color_by: str = "kind"
    size_by: str = "degree"
    lang: str = "en"
    layout: str = "physics"
    start: str | None = None
    end: str | None = None
    source: str = "the shipped data"
    #: draw at most this many ties (the strongest), ``None``: all
    max_edges: int | None = MAX_EDGES

    def check(self) -> PageSpec:
        """Raise :class:`ParameterError` for an unknown choice; return self."""
        for name, value, choices in (
            ("network", self.network, NETWORKS),
            ("color-by", self.color_by, COLOR_BY),
            ("size-by", self.size_by, SIZE_BY),
            ("layout", self.layout, LAYOUTS),
            ("lang", self.lang, ("en", "ko")),
        ):
            if value not in choices:
                raise ParameterError(
                    f"unknown --{name} {value!r}; choose from {', '.join(choices)}"
                )
        if self.depth < 0:
            raise ParameterError("--depth must be 0 or more")
        if self.max_edges is not None and self.max_edges < 0:
            raise ParameterError("--max-edges must be 0 or more")
        return self


# --- the network --------------------------------------------------------------------


def build(graph: Graph, spec: PageSpec) -> nx.Graph:
    """The simple graph a page draws: ``spec.network``, time-filtered and focused.

    Edges carry ``kinds``, ``events``, ``links``, ``sources`` (IRIs); ``G.graph["labels"]``
    maps event, link and article IRIs to ``(en, ko)``; ``G.graph["period"]`` is the
    data's date range ``(first, last)`` (or ``None``s).
    """
    import networkx as nx

    from climategraph import networks
    from climategraph.fullnet import full_network

    spec.check()
    if spec.network == "full":
        G = full_network(graph, start=spec.start, end=spec.end)
    else:
        raw = networks.build_network(graph, spec.network, shared=True, start=spec.start,
                                     end=spec.end)
        G = networks.combine(raw)
        if not raw.is_multigraph():
            for u, v, data in raw.edges(data=True):
                G[u][v]["roles"] = data.get("roles", [])
    if spec.focus:
        from climategraph.graph import resolve

        node = str(resolve(graph, spec.focus))
        if node not in G:
            raise ParameterError(
                f"{spec.focus!r} is not in the {spec.network} network; try --network full"
            )
        G = nx.ego_graph(G, node, radius=spec.depth)
    _add_context(graph, G)
    return G


def _add_context(graph: Graph, G: nx.Graph) -> None:
    """Labels of the events, links and articles the page cites, and the date range."""
    from rdflib import URIRef

    from climategraph.graph import label
    from climategraph.namespaces import CG
    from climategraph.networks import normalise_date

    labels = dict(G.graph.get("labels", {}))
    edges = [data for _, _, data in G.edges(data=True)]
    events: set[str] = set().union(*(d.get("events", ()) for d in edges))
    cited = {s for _, d in G.nodes(data=True) for s in d.get("sources", ())}
    cited = cited.union(events, *(d.get("links", ()) for d in edges),
                        *(d.get("sources", ()) for d in edges))
    events |= {str(n) for n in G}  # events drawn as nodes (bipartite, full)
    for iri in sorted(cited - set(labels)):
        labels[iri] = (label(graph, URIRef(iri), "en"), label(graph, URIRef(iri), "ko"))
    days: list[str] = []
    for iri in events:
        for prop in (CG.startDate, CG.plannedYear, CG.startTime):
            value = graph.value(URIRef(iri), prop)
            if value is not None:
                days.append(normalise_date(value) or "")
                break
    G.graph["labels"] = labels
    G.graph["period"] = (min(days), max(days)) if days else (None, None)


# --- page data ---------------------------------------------------------------------


def _palette(values: Sequence[str]) -> dict[str, str]:
    """Category -> colour, in sorted order; the empty category is grey."""
    named = sorted({v for v in values if v != ""}, key=_natural)
    colours = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(named)}
    colours[""] = NO_VALUE
    return colours


def _natural(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (1 << 30, value)


def _sizes(values: dict[str, float]) -> dict[str, float]:
    lo, hi = min(values.values(), default=0.0), max(values.values(), default=0.0)
    if hi <= lo:
        return {n: 18.0 for n in values}
    return {n: round(10 + 30 * (v - lo) / (hi - lo), 2) for n, v in values.items()}


def _label(labels: dict[str, Any], iri: str, lang: str) -> str:
    pair = labels.get(iri)
    if pair:
        return str(pair[1] if lang == "ko" else pair[0])
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def metrics(G: nx.Graph) -> dict[str, dict[str, Any]]:
    """Degree, betweenness, PageRank and community per node (issue 4's analysis)."""
    from climategraph.analysis import node_metrics

    return node_metrics(G, seed=42)  # type: ignore[no-any-return]


def page_data(G: nx.Graph, spec: PageSpec) -> dict[str, Any]:
    """Everything the template needs: vis nodes and edges, tooltips, legend, texts."""
    from climategraph import vizlayout

    spec.check()
    labels = G.graph.get("labels", {})
    nodes = sorted(G.nodes, key=str)
    values = metrics(G)
    category = {
        n: str(values[n]["community"])
        if spec.color_by == "community"
        else str(G.nodes[n].get(spec.color_by) or "")
        for n in nodes
    }
    colours = _palette(list(category.values()))
    sizes = _sizes({n: float(values[n][spec.size_by]) for n in nodes})
    positions, physics = vizlayout.positions(G, spec.layout, large=LARGE)
    vis_nodes, info = [], {}
    for n in nodes:
        d = G.nodes[n]
        shown = d.get("label_ko" if spec.lang == "ko" else "label_en") or _label({}, n, "en")
        node: dict[str, Any] = {"id": n, "label": shown, "color": colours[category[n]],
                                "size": sizes[n]}
        if n in positions:
            node.update(x=positions[n][0], y=positions[n][1], physics=False)
        vis_nodes.append(node)
        info[n] = _node_info(G, n, values[n], labels, spec.lang)
    vis_edges, edge_info = [], []
    pairs = vizlayout.strongest(G, spec.max_edges)
    G.graph["drawn_edges"] = len(pairs)
    for i, (u, v) in enumerate(pairs):
        e = G[u][v]
        kinds = list(e.get("kinds", ()))
        colour = TIE_COLOURS.get(kinds[0], SEVERAL) if len(kinds) == 1 else SEVERAL
        vis_edges.append({"id": i, "from": u, "to": v, "color": colour,
                          "width": round(1 + min(float(e.get("weight", 1)), 10) / 2, 2)})
        edge_info.append(_edge_info(G, u, v, labels, spec.lang))
    return {
        "spec": spec,
        "nodes": vis_nodes,
        "edges": vis_edges,
        "info": info,
        "edge_info": edge_info,
        "physics": physics,
        "legend": _legend(category, colours, G, spec),
        "kinds": sorted({str(G.nodes[n].get("kind") or "") for n in nodes} - {""}),
        "countries": sorted({str(G.nodes[n].get("country") or "") for n in nodes} - {""}),
        "size_range": _range([float(values[n][spec.size_by]) for n in nodes]),
        "period": G.graph.get("period", (None, None)),
    }


def _range(values: list[float]) -> tuple[str, str]:
    if not values:
        return ("0", "0")
    return (f"{min(values):.3g}", f"{max(values):.3g}")


def _node_info(
    G: nx.Graph, n: str, m: dict[str, Any], labels: dict[str, Any], lang: str
) -> dict[str, Any]:
    d = G.nodes[n]
    row = G._adj[n]
    sources = set(d.get("sources", ())).union(*(row[nb].get("sources", ()) for nb in row))
    return {
        "en": str(d.get("label_en") or ""),
        "ko": str(d.get("label_ko") or ""),
        "kind": str(d.get("kind") or ""),
        "country": str(d.get("country") or ""),
        "degree": m["degree"],
        "betweenness": round(float(m["betweenness"]), 4),
        "pagerank": round(float(m["pagerank"]), 4),
        "community": m["community"],
        "sources": [_label(labels, s, lang) for s in sorted(sources)],
    }


def _edge_info(G: nx.Graph, u: str, v: str, labels: dict[str, Any], lang: str) -> dict[str, Any]:
    e = G[u][v]
    name = {n: str(G.nodes[n].get("label_ko" if lang == "ko" else "label_en") or n) for n in (u, v)}
    return {
        "ends": [name[u], name[v]],
        "kinds": list(e.get("kinds", ())),
        "roles": list(e.get("roles", ())),
        "weight": e.get("weight", 1),
        "events": [_label(labels, x, lang) for x in e.get("events", ())],
        "links": [_label(labels, x, lang) for x in e.get("links", ())],
        "sources": [_label(labels, x, lang) for x in e.get("sources", ())],
    }


def _legend(
    category: dict[str, str], colours: dict[str, str], G: nx.Graph, spec: PageSpec
) -> list[tuple[str, str, int]]:
    """(category, colour, number of nodes) for the colour legend, sorted."""
    counts: dict[str, int] = {}
    for value in category.values():
        counts[value] = counts.get(value, 0) + 1
    return [(value, colours[value], counts[value]) for value in sorted(counts, key=_natural)]


# --- the page ----------------------------------------------------------------------


def _inline(name: str) -> Any:
    """A file bundled with pyvis, safe to inline in a <script> or <style> element."""
    import pyvis
    from markupsafe import Markup

    text = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")
    text = text.replace("//# sourceMappingURL=vis-network.min.js.map", "")
    if "</script" in text.lower() or "</style" in text.lower():  # would end the element
        raise RuntimeError(f"pyvis's {name} cannot be inlined as it is")
    return Markup(text)


def render(G: nx.Graph, spec: PageSpec) -> str:
    """The page for ``G`` (already built) as one HTML document."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from pyvis.network import Network

    data = page_data(G, spec)
    net = Network(height="100%", width="100%", cdn_resources="in_line")
    net.node_ids = _Ids()  # add_node's duplicate check, in constant time
    for node in data["nodes"]:
        net.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    net.edges = list(data["edges"])  # add_edge's duplicate check is quadratic
    net.set_template_dir(str(TEMPLATES) + "/", "network.html")
    net.templateEnv = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined
    )
    template = net.templateEnv.get_template(net.path)
    from climategraph import vizlayout

    return template.render(
        **data,
        vis_nodes=net.nodes,
        vis_edges=net.edges,
        options=vizlayout.options(data["physics"], STABILISATION),
        text=vizlayout.texts(spec, G, data),
        vis_js=_inline("vis-network.min.js"),
        vis_css=_inline("vis-network.css"),
    )


class _Ids(list):  # type: ignore[type-arg]
    """pyvis's list of node ids, with a set beside it for ``in`` (pyvis's
    ``add_node`` checks ``n_id not in self.node_ids``: quadratic for 10^4 nodes)."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._seen.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._seen


def write_page(graph: Graph, path: str | Path, spec: PageSpec) -> tuple[Path, nx.Graph]:
    """Build the network, render the page and write it atomically; return the path and
    the network drawn."""
    from climategraph.fileio import atomic_write

    G = build(graph, spec)
    return atomic_write(path, render(G, spec).encode("utf-8")), G


def describe(graph: Graph) -> str:
    """Where the data comes from, for the heading: the number of source articles."""
    from rdflib import RDF

    from climategraph.namespaces import CG

    count = len(set(graph.subjects(RDF.type, CG.Article)))
    return f"the knowledge graph of {count} source article(s)"


#: the pages ``climategraph run`` writes: file name -> page options
PIPELINE_PAGES = {
    "network.html": PageSpec(network="actor", color_by="community"),
    "network-bipartite.html": PageSpec(network="bipartite", color_by="kind"),
}


def write_pages(graph: Graph, out_dir: str | Path) -> list[tuple[Path, str]]:
    """The pipeline's pages (:data:`PIPELINE_PAGES`) under ``out_dir``: (path, what)."""
    written = []
    for name, spec in PIPELINE_PAGES.items():
        spec = replace(spec, source=describe(graph))
        path, G = write_page(graph, Path(out_dir) / name, spec)
        drawn = G.graph.get("drawn_edges", G.number_of_edges())
        what = (f"network page: {spec.network} network coloured by {spec.color_by} "
                f"({G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
                + (f", the {drawn} strongest drawn)" if drawn < G.number_of_edges() else ")"))
        written.append((path, what))
    return written
