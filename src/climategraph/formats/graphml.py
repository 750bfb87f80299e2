"""GraphML in one pass, byte for byte what networkx's writer gives (which stays the
reference, in the tests), for the large network exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # type: ignore[attr-defined]

from climategraph.formats.jsonld import _STRING

if TYPE_CHECKING:
    import networkx as nx


# --- GraphML -------------------------------------------------------------------


def graphml(network: nx.Graph) -> bytes:
    """GraphML of ``network``: the bytes ``networkx.write_graphml_xml`` writes for its
    :func:`climategraph.network.build.exportable` copy with nodes sorted by ``str`` and
    edges sorted by ``(str(u), str(v)[, str(key)])``, in one pass.

    Key ids are numbered in order of first use (graph, then node, then edge
    attributes) and declared in reverse; ``attr.type`` follows networkx's table
    (``int`` is ``long``, ``float`` is ``double``); edges of a multigraph carry their
    key as ``id``; values are ``str(value)``, escaped as ElementTree escapes them;
    the graph's own ``<data>`` come after its nodes and edges. No key has a
    ``<default>``: networkx takes them from ``node_default``/``edge_default`` dicts in
    the graph's attributes, which the exportable copy has turned into strings.

    >>> import networkx as nx
    >>> G = nx.Graph(name="g")
    >>> G.add_edge("b", "a", weight=2)
    >>> print(graphml(G).decode())  # doctest: +ELLIPSIS
    <?xml version='1.0' encoding='utf-8'?>
    <graphml xmlns=... xsi:schemaLocation=...>
      <key id="d1" for="edge" attr.name="weight" attr.type="long" />
      <key id="d0" for="graph" attr.name="name" attr.type="string" />
      <graph edgedefault="undirected">
        <node id="a" />
        <node id="b" />
        <edge source="a" target="b">
          <data key="d1">2</data>
        </edge>
        <data key="d0">g</data>
      </graph>
    </graphml>
    <BLANKLINE>
    """
    attrs = {k: _exportable(v) for k, v in network.graph.items()}
    graph_id = attrs.pop("id", None)
    keys = _Keys()
    graph_data = keys.data("graph", {k: v for k, v in attrs.items()
                                     if k not in ("node_default", "edge_default")})
    nodes = sorted(network.nodes(data=True), key=lambda n: str(n[0]))
    ids = {node: _escape_attrib(str(node)) for node, _ in nodes}
    children = [_element("node", ' id="' + ids[node] + '"', keys.data("node", data))
                for node, data in nodes]
    multi = network.is_multigraph()
    for u, v, key, data in _ordered_edges(network, list(ids)):
        ends = ' source="' + ids[u] + '" target="' + ids[v] + '"'
        if multi:
            ends += ' id="' + _escape_attrib(str(key)) + '"'
        children.append(_element("edge", ends, keys.data("edge", data)))
    head = ' edgedefault="' + ("directed" if network.is_directed() else "undirected") + '"'
    if graph_id is not None:
        head += ' id="' + _escape_attrib(graph_id) + '"'
    return _document(keys.declarations(), head, children + graph_data)


def _document(declarations: list[str], head: str, children: list[str]) -> bytes:
    """The whole file: declaration, ``<graphml>``, keys, ``<graph>`` and its children."""
    out = ["<?xml version='1.0' encoding='utf-8'?>\n<graphml", _GRAPHML, ">"]
    for declaration in declarations:
        out += ("\n  ", declaration)
    out += ("\n  <graph", head)
    if children:
        out += (">\n    ", "\n    ".join(children), "\n  </graph>")
    else:
        out.append(" />")
    out.append("\n</graphml>\n")
    return "".join(out).encode()


_GRAPHML = (
    ' xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"'
)
_PLAIN = (str, int, float, bool)


def _exportable(value: Any) -> Any:
    """``netviews._safe`` (what :func:`climategraph.network.build.exportable` does to each
    value), with the common cases first: strings and numbers as they are, a list of
    strings as ``json.dumps`` writes it."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        try:
            return "[" + ", ".join(map(_STRING, value)) + "]"
        except TypeError:  # not only strings
            pass
    from climategraph.network.transform import _safe

    return _safe(value)


def _element(tag: str, attributes: str, children: list[str]) -> str:
    """A node or edge with its (escaped) ``attributes`` as ElementTree writes it after
    networkx's ``indent``: its ``<data>`` one a line."""
    if not children:
        return "<" + tag + attributes + " />"
    return ("<" + tag + attributes + ">\n      " + "\n      ".join(children)
            + "\n    </" + tag + ">")


def _ordered_edges(network: nx.Graph, nodes: list[Any]) -> Iterator[tuple[Any, Any, Any, dict]]:  # type: ignore[type-arg]
    """``(u, v, key or None, data)`` in the order networkx hands back the edges of a
    copy with ``nodes`` added first, then the edges sorted as the export sorts them:
    each node's neighbours in order of their first edge, an undirected edge from the
    endpoint that comes first."""
    if network.is_multigraph():
        edges = sorted(network.edges(keys=True, data=True),
                       key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    else:
        edges = sorted(((u, v, None, d) for u, v, d in network.edges(data=True)),
                       key=lambda e: (str(e[0]), str(e[1])))
    directed = network.is_directed()
    adjacency: dict[Any, dict[Any, dict[Any, Any]]] = {node: {} for node in nodes}
    for u, v, key, data in edges:
        keyed = adjacency[u].get(v)
        if keyed is None:
            keyed = adjacency[u][v] = {}
            if not directed:
                adjacency[v][u] = keyed
        keyed[key] = data
    seen: set[Any] = set()
    for node in nodes:
        for neighbour, keyed in adjacency[node].items():
            if neighbour not in seen:
                for key, data in keyed.items():
                    yield node, neighbour, key, data
        if not directed:
            seen.add(node)


class _Keys:
    """networkx's GraphML keys: one per (attribute name, XML type, scope), ``d0``,
    ``d1`` ... in order of first use."""

    def __init__(self) -> None:
        from networkx.readwrite.graphml import GraphML

        types = GraphML()
        types.construct_types()
        self.xml_type: dict[type, str] = types.xml_type
        self.ids: dict[tuple[str, str, str], str] = {}
        self.tags: dict[tuple[str, Any, type], str] = {}

    def data(self, scope: str, data: dict[Any, Any]) -> list[str]:
        """The ``<data>`` elements of one node, edge or graph (values made exportable)."""
        out = []
        tags = self.tags
        for name, value in data.items():
            kind = type(value)
            if kind is not str and kind not in _PLAIN:
                value = _exportable(value)
                kind = type(value)
            tag = tags.get((scope, name, kind))
            if tag is None:
                tag = tags[scope, name, kind] = self._tag(scope, name, value)
            if kind is str:
                out.append(tag + ">" + _escape_cdata(value) + "</data>" if value else tag + " />")
            else:  # a number's text has nothing to escape
                out.append(tag + ">" + str(value) + "</data>")
        return out

    def _tag(self, scope: str, name: Any, value: Any) -> str:
        """The start of the ``<data>`` of this attribute; a new key at its first use."""
        kind = self.xml_type.get(type(value))
        if kind is None:
            import networkx as nx

            raise nx.NetworkXError(f"GraphML writer does not support {type(value)} as data values.")
        key = self.ids.get((str(name), kind, scope))
        if key is None:
            key = self.ids[str(name), kind, scope] = f"d{len(self.ids)}"
        return f'<data key="{key}"'

    def declarations(self) -> list[str]:
        """The ``<key>`` elements, last used first (networkx inserts each at the top)."""
        return [
            f'<key id="{key}" for="{scope}" attr.name="{_escape_attrib(name)}" '
            f'attr.type="{kind}" />'
            for (name, kind, scope), key in reversed(self.ids.items())
        ]
