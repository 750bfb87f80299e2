"""Fast writers for the two large exports: JSON-LD and GraphML, byte for byte what
rdflib's and networkx's serialisers wrote before.

- :func:`jsonld`: the node objects come from :mod:`climategraph.jsonld` (plain
  strings, rdflib's ``Context`` asked once per term) and the text from
  :func:`dump_json`, not from rdflib's serialiser and ``json.dumps(indent=2)``
  (the pure-Python encoder). :func:`rdflib_jsonld` is the reference, and the
  fallback for contexts the fast path does not follow (containers, ``@language``).
- :func:`graphml`: the network written as text in one pass, in the order and with
  the keys, types and escaping of ``networkx.write_graphml_xml`` on the sorted,
  :func:`climategraph.networks.exportable` copy, without building that copy or an
  ElementTree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # type: ignore[attr-defined]

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

_SORT_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


# --- JSON-LD -------------------------------------------------------------------


def jsonld(graph: Graph, context: dict[str, Any]) -> bytes:
    """JSON-LD of ``graph`` compacted with ``context`` (embedded), nodes sorted by
    ``id``, values and keys sorted: :func:`rdflib_jsonld`'s bytes, in a fraction of
    its time.

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/climategraph/id/a"),
    ...            URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("A", lang="en")))
    >>> print(jsonld(g, {"cgr": "https://w3id.org/climategraph/id/",
    ...                  "label": "http://www.w3.org/2000/01/rdf-schema#label"}).decode())
    {
      "@context": {
        "cgr": "https://w3id.org/climategraph/id/",
        "label": "http://www.w3.org/2000/01/rdf-schema#label"
      },
      "@id": "cgr:a",
      "label": {
        "@language": "en",
        "@value": "A"
      }
    }
    <BLANKLINE>
    """
    from rdflib.plugins.shared.jsonld.context import Context

    from climategraph.jsonld import Compactor, read_triples, supported

    ctx = Context(context)
    if not supported(ctx):
        return rdflib_jsonld(graph, context)
    nodes = Compactor(ctx, *read_triples(graph)).node_objects()
    for node in nodes:
        for key, value in node.items():
            if type(value) is list:
                node[key] = sorted(value, key=_order)
    nodes.sort(key=lambda node: str(node.get("id", "")))
    ids = [str(node.get("id", "")) for node in nodes]
    if len(set(ids)) < len(ids):  # ties are broken on the whole node, as _sorted_json does
        nodes.sort(key=_order)
    tree = dict(nodes[0]) if len(nodes) == 1 else {ctx.get_key("@graph"): nodes}
    tree["@context"] = _sorted_json(context)
    return (dump_json(tree) + "\n").encode()


def rdflib_jsonld(graph: Graph, context: dict[str, Any]) -> bytes:
    """The reference: the canonical triples copied into an rdflib memory graph, rdflib's
    JSON-LD serialiser with ``context``, then nodes, values and keys sorted."""
    from oxrdflib._converter import from_ox
    from rdflib import Graph as RdfGraph

    from climategraph.canonical import sorted_ox_triples

    canonical = RdfGraph()
    for triple in sorted_ox_triples(graph):
        terms = (from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object))
        canonical.add(terms)  # type: ignore[arg-type]
    tree = _sorted_json(json.loads(canonical.serialize(format="json-ld", context=context)))
    return (json.dumps(tree, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _order(value: Any) -> tuple[str, str]:
    """Where a value goes in a sorted JSON-LD array: by ``id``, then by its JSON."""
    node_id = str(value.get("id", "")) if isinstance(value, dict) else ""
    return node_id, _SORT_ENCODER.encode(value)


def _sorted_json(value: Any, key: str | None = None) -> Any:
    """Sort JSON-LD arrays (sets in JSON-LD), except ``@list`` ones, recursively."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if key == "@list" else sorted(items, key=_order)
    return value


def dump_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)``, faster:
    Python's C encoder does not indent, and its Python one is slow.

    >>> value = {"b": [1, 2.5, True, None], "a": {"x": "é\\n"}, "c": {}}
    >>> dump_json(value) == json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    True
    """
    out: list[str] = []
    _dump(value, "\n", out)
    return "".join(out)


def _dump(value: Any, newline: str, out: list[str]) -> None:
    """Append ``value``'s JSON to ``out``; ``newline`` is a newline and the current indent."""
    kind = type(value)
    if (kind is dict or kind is list) and value:
        inner = newline + "  "
        if kind is dict:
            heads = [_STRING(key) + ": " for key in sorted(value)]
            items = [value[key] for key in sorted(value)]
        else:
            heads, items = [""] * len(value), value
        sep = ("{" if kind is dict else "[") + inner
        for head, item in zip(heads, items):
            if type(item) is str:
                out.append(sep + head + _STRING(item))
            else:
                out.append(sep + head)
                _dump(item, inner, out)
            sep = "," + inner
        out.append(newline + ("}" if kind is dict else "]"))
    elif kind is str:
        out.append(_STRING(value))
    else:
        out.append(_scalar(value, newline))


def _scalar(value: Any, newline: str) -> str:
    """JSON of anything but a non-empty dict or list, as ``json.dumps`` writes it."""
    if isinstance(value, str):
        return _STRING(value)  # type: ignore[no-any-return]
    if value is None or value is True or value is False:
        return _CONSTANTS[value]
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value or value in _FLOATS:
            return _FLOATS.get(value, "NaN")
        return float.__repr__(value)
    if isinstance(value, dict | list | tuple):
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        out: list[str] = []
        _dump(dict(value) if isinstance(value, dict) else list(value), newline, out)
        return "".join(out)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_STRING = json.encoder.encode_basestring  # type: ignore[attr-defined]
_CONSTANTS = {None: "null", True: "true", False: "false"}
_FLOATS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


# --- GraphML -------------------------------------------------------------------


def graphml(network: nx.Graph) -> bytes:
    """GraphML of ``network``: the bytes ``networkx.write_graphml_xml`` writes for its
    :func:`climategraph.networks.exportable` copy with nodes sorted by ``str`` and
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
    """``netviews._safe`` (what :func:`climategraph.networks.exportable` does to each
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
    from climategraph.netviews import _safe

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
