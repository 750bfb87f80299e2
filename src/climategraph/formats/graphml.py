"""GraphML of a network (:mod:`climategraph.formats.network_table`) that networkx and
igraph both read: one ``<key>`` per attribute name and scope with one type, unique
edge ids, characters XML 1.0 forbids replaced (U+FFFD).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from climategraph.formats.network_table import Table, chunks, encoded_parts, text
from climategraph.text import xml_text, xml_texts

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
    return b"".join(graphml_parts(net))


def graphml_parts(net: Table) -> Iterator[bytes]:
    """:func:`graphml` in parts, to be written one after the other
    (:func:`climategraph.fileio.atomic_write`) without holding the whole file."""
    return encoded_parts(_lines(net))


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
    quoted = {node: xml_text(node, True) for node, _ in net.nodes}
    for part, columns in chunks(net.nodes):
        for (node, _), data in zip(part, _data(columns, net.node_types, "n", len(part))):
            yield _element("node", f" id={quoted[node]}", data)
    for part, columns in chunks(net.edges):
        for (edge, u, v, _), data in zip(part, _data(columns, net.edge_types, "e", len(part))):
            source, target = quoted.get(u) or xml_text(u, True), quoted.get(v) or xml_text(v, True)
            yield _element("edge", f' id="{edge}" source={source} target={target}', data)
    yield "  </graph>"
    yield "</graphml>"


def _data(columns: list[tuple[Any, ...]], types: dict[str, str], scope: str, size: int
          ) -> list[list[str]]:
    """The ``<data>`` elements of each of ``size`` rows, from their values by column;
    each column converted and escaped at once."""
    if not columns:
        return [[] for _ in range(size)]
    texts = []
    for i, (column, kind) in enumerate(zip(columns, types.values(), strict=True)):
        raw = list(column) if kind == "string" else [None if v is None else text(v)
                                                     for v in column]
        start = f'      <data key="d{scope}{i}">'
        texts.append([None if t is None else f"{start}{t}</data>" for t in xml_texts(raw)])
    return [list(filter(None, row)) for row in zip(*texts)]  # the elements are never ""


def _element(tag: str, attributes: str, data: list[str]) -> str:
    if not data:
        return f"    <{tag}{attributes} />"
    return f"    <{tag}{attributes}>\n" + "\n".join(data) + f"\n    </{tag}>"
