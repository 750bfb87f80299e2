"""GraphML of a network (:mod:`climategraph.formats.network_table`) that networkx and
igraph both read: one ``<key>`` per attribute name and scope with one type, unique
edge ids, characters XML 1.0 forbids replaced (U+FFFD).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from climategraph.formats.network_table import Table, encoded, text
from climategraph.text import xml_text

_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def graphml(net: Table) -> bytes:
    """GraphML of the tables ``net``, one pass, deterministic.

    >>> net = Table("actor", False, {"network": "actor"}, {"kind": "string"},
    ...             {"weight": "long"}, [("a", ("x<y",)), ("b", (None,))],
    ...             [("e0", "a", "b", (2,))])
    >>> print(graphml(net).decode())  # doctest: +ELLIPSIS
    <?xml version="1.0" encoding="utf-8"?>
    <graphml ...>
      <key id="dg0" for="graph" attr.name="network" attr.type="string" />
      <key id="dn0" for="node" attr.name="kind" attr.type="string" />
      <key id="de0" for="edge" attr.name="weight" attr.type="long" />
      <graph id="actor" edgedefault="undirected">
        <data key="dg0">actor</data>
        <node id="a">
          <data key="dn0">x&lt;y</data>
        </node>
        <node id="b" />
        <edge id="e0" source="a" target="b">
          <data key="de0">2</data>
        </edge>
      </graph>
    </graphml>
    <BLANKLINE>
    """
    return encoded(_lines(net))


def _lines(net: Table) -> Iterator[str]:
    yield _HEAD
    for scope, types in (("graph", {k: "string" for k in net.graph}),
                         ("node", net.node_types), ("edge", net.edge_types)):
        for i, (name, kind) in enumerate(types.items()):
            yield (f'  <key id="d{scope[0]}{i}" for="{scope}" attr.name={xml_text(name, True)} '
                   f'attr.type="{kind}" />')
    edgedefault = "directed" if net.directed else "undirected"
    yield f'  <graph id={xml_text(net.name or "G", True)} edgedefault="{edgedefault}">'
    for i, value in enumerate(net.graph.values()):
        yield f'    <data key="dg{i}">{xml_text(value)}</data>'
    columns = _columns(net.node_types, "n")
    for node, values in net.nodes:
        yield _element("node", f" id={xml_text(node, True)}", values, columns)
    columns = _columns(net.edge_types, "e")
    for edge, u, v, values in net.edges:
        ends = f' id="{edge}" source={xml_text(u, True)} target={xml_text(v, True)}'
        yield _element("edge", ends, values, columns)
    yield "  </graph>"
    yield "</graphml>"


def _columns(types: dict[str, str], scope: str) -> list[tuple[int, str, Callable[[Any], str]]]:
    """Each attribute's place in a row, ``<data>`` start tag and writer of its value."""
    return [(i, f'      <data key="d{scope}{i}">', xml_text if kind == "string" else _text)
            for i, kind in enumerate(types.values())]


def _text(value: Any) -> str:
    return xml_text(text(value))


def _element(tag: str, attributes: str, values: tuple[Any, ...],
             columns: list[tuple[int, str, Callable[[Any], str]]]) -> str:
    data = [f"{start}{write(values[i])}</data>" for i, start, write in columns
            if values[i] is not None]
    if not data:
        return f"    <{tag}{attributes} />"
    return "\n".join([f"    <{tag}{attributes}>", *data, f"    </{tag}>"])
