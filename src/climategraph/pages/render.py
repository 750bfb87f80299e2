"""Rendering a network page: one self-contained HTML file, drawn by pyvis.

The page opens from the file system with no network at all: vis-network's script and
style (the copies bundled with pyvis) are inlined, and the page is rendered from the
project's own Jinja template (``templates/network.html``) with autoescaping. Text from
the data reaches the page only as escaped HTML or as JSON (``tojson``: ``<``, ``>``,
``&`` and ``'`` written as ``\\u00XX``), and the page's script builds tooltips from DOM
text nodes, so a label such as ``<img src=x onerror=alert(1)>`` shows as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph.pages.data import build, page_data
from climategraph.pages.spec import STABILISATION, PageSpec

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph


TEMPLATES = Path(__file__).resolve().parent / "templates"


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
    from climategraph.pages import layout, texts

    return template.render(
        **data,
        vis_nodes=net.nodes,
        vis_edges=net.edges,
        options=layout.options(data["physics"], STABILISATION),
        text=texts.texts(spec, G, data),
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
    the network drawn (:class:`Page` shows the page in Jupyter).

    Examples
    --------
    >>> import tempfile
    >>> from climategraph.store.load import load_graph
    >>> folder = tempfile.mkdtemp()
    >>> path, G = write_page(load_graph(), f"{folder}/incheon.html", PageSpec(focus="Incheon"))
    >>> path.name, "Incheon Metropolitan City" in path.read_text(encoding="utf-8")
    ('incheon.html', True)
    """
    from climategraph.fileio import atomic_write

    G = build(graph, spec)
    return atomic_write(path, render(G, spec).encode("utf-8")), G


@dataclass(frozen=True)
class Page:
    """A written page, shown inline by Jupyter: an ``<iframe>`` whose ``srcdoc`` is the
    page, HTML-escaped (a page's own ``<script>`` does not run in a notebook's output).

    The iframe is sandboxed: the page's scripts run, but apart from the notebook's
    origin, as when the file is opened on its own.

    >>> page = Page('<p title="a&b">x</p>')
    >>> page._repr_html_().split(" sandbox=")[0]
    '<iframe srcdoc="&lt;p title=&quot;a&amp;b&quot;&gt;x&lt;/p&gt;"'
    """

    html: str = field(repr=False)
    height: int = 640

    @classmethod
    def open(cls, path: str | Path) -> Page:
        """The page written at ``path`` (by :func:`write_page` or ``climategraph viz``)."""
        return cls(Path(path).read_text(encoding="utf-8"))

    def _repr_html_(self) -> str:
        from html import escape

        return (
            f'<iframe srcdoc="{escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width: 100%; height: {int(self.height)}px; border: 0"></iframe>'
        )


def describe(graph: Graph) -> str:
    """Where the data comes from, for the heading: the number of source articles."""
    from rdflib import RDF

    from climategraph.namespaces import CG

    count = len(set(graph.subjects(RDF.type, CG.Article)))
    return f"the knowledge graph of {count} source article(s)"
