"""GEXF 1.3 of a network (:mod:`climategraph.formats.network_table`) for Gephi: typed
attributes, each edge with its id, ``kind`` (so Gephi keeps parallel ties of different
kinds apart) and ``weight``, and the page's drawing as ``viz:color``/``viz:size``/
``viz:position`` in the viz namespace ``http://gexf.net/1.3/viz``, as Gephi's own GEXF
exporter writes them and networkx's ``read_gexf`` reads them; labels as ``xs:token``
with characters XML 1.0 forbids replaced (U+FFFD). No timestamp.

Valid against the GEXF 1.3 schema with its viz part in the viz namespace, as the
format's RELAX NG grammar has it (tests/conformance/gexf-1.3-corrected: the published
XSD leaves ``viz.xsd`` without a target namespace and declares the viz elements in the
GEXF namespace).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from climategraph.formats.network_table import (
    EDGE_DRAWING,
    NODE_DRAWING,
    Table,
    chunks,
    encoded,
    text,
)
from climategraph.text import xml_text, xml_texts

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">'
)


def gexf(net: Table) -> bytes:
    """GEXF 1.3 of the tables ``net``.

    >>> net = Table("actor", False, {}, {"color": "string", "label_en": "string",
    ...             "size": "double", "x": "double", "y": "double"}, {"kind": "string",
    ...             "weight": "long"}, [("a", ("#4e79a7", "A", 18.0, 1.0, 2.0))],
    ...             [("e0", "a", "a", ("k", 2))])
    >>> print(gexf(net).decode())  # doctest: +ELLIPSIS
    <?xml version="1.0" encoding="UTF-8"?>
    <gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" ...>
      <meta>
        <creator>climategraph</creator>
        <description>actor network</description>
      </meta>
      <graph defaultedgetype="undirected" mode="static">
        <attributes class="node" mode="static">
          <attribute id="label_en" title="label_en" type="string" />
        </attributes>
        <attributes class="edge" mode="static">
          <attribute id="kind" title="kind" type="string" />
        </attributes>
        <nodes count="1">
          <node id="a" label="A">
            <attvalues>
              <attvalue for="label_en" value="A" />
            </attvalues>
            <viz:color hex="#4e79a7" r="78" g="121" b="167" />
            <viz:size value="18.0" />
            <viz:position x="1.0" y="2.0" z="0.0" />
          </node>
        </nodes>
        <edges count="1">
          <edge id="e0" source="a" target="a" kind="k" label="k" weight="2">
            <attvalues>
              <attvalue for="kind" value="k" />
            </attvalues>
          </edge>
        </edges>
      </graph>
    </gexf>
    <BLANKLINE>
    """
    return encoded(_lines(net))


def _lines(net: Table) -> Iterator[str]:
    kind = "directed" if net.directed else "undirected"
    node_types = {k: t for k, t in net.node_types.items() if k not in NODE_DRAWING}
    edge_types = {k: t for k, t in net.edge_types.items()
                  if k not in EDGE_DRAWING and k != "weight"}
    yield from [_HEAD, "  <meta>", "    <creator>climategraph</creator>",
                f"    <description>{xml_text(net.name or 'cooperation')} network</description>",
                "  </meta>", f'  <graph defaultedgetype="{kind}" mode="static">']
    for scope, types in (("node", node_types), ("edge", edge_types)):
        yield f'    <attributes class="{scope}" mode="static">'
        yield from [f"      <attribute id={xml_text(name, True)} title={xml_text(name, True)} "
                    f'type="{_TYPES[kind_]}" />' for name, kind_ in types.items()]
        yield "    </attributes>"
    yield f'    <nodes count="{len(net.nodes)}">'
    for part, columns in chunks(net.nodes):
        for (node, row), attvalues in zip(part, _attvalues(columns, net.node_types, node_types,
                                                           len(part))):
            values = {k: v for k, v in zip(net.node_types, row, strict=True) if v is not None}
            label = str(values.get("label_en") or node)
            yield f"      <node id={xml_text(node, True)} label={xml_text(label, True)}>"
            yield from attvalues
            yield from _drawing(values)
            yield "      </node>"
    yield from ["    </nodes>", f'    <edges count="{len(net.edges)}">']
    yield from _edges(net, edge_types)
    yield from ["    </edges>", "  </graph>", "</gexf>"]


_TYPES = {"string": "string", "long": "long", "double": "double", "boolean": "boolean"}


def _edges(net: Table, written: dict[str, str]) -> Iterator[str]:
    """Each edge's element, as one string; node ids, tie kinds and colours escaped
    once each, weights written a column at a time."""
    quoted = {node: xml_text(node, True) for node, _ in net.nodes}
    ties: dict[Any, str] = {}
    colours: dict[Any, str] = {}
    for part, columns in chunks(net.edges):
        kinds, weights, colour_column = (_column(net, columns, name, len(part))
                                         for name in ("kind", "weight", "color"))
        weights = ["1" if w is None else text(w) for w in weights]
        attvalues = _attvalues(columns, net.edge_types, written, len(part))
        for (edge, u, v, _), kind, weight, colour, values in zip(
                part, kinds, weights, colour_column, attvalues, strict=True):
            tie = ties.get(kind) or ties.setdefault(
                kind, xml_text(str("" if kind is None else kind), True))
            source, target = quoted.get(u) or xml_text(u, True), quoted.get(v) or xml_text(v, True)
            lines = [f'      <edge id="{edge}" source={source} target={target} kind={tie} '
                     f'label={tie} weight="{weight}">', *values]
            if colour is not None:
                if colour not in colours:
                    colours[colour] = _colour(str(colour))
                lines.append(colours[colour])
            lines.append("      </edge>")
            yield "\n".join(lines)


def _column(net: Table, columns: list[tuple[Any, ...]], name: str, size: int) -> Sequence[Any]:
    """The values of the edge attribute ``name`` in ``columns``, all None without it."""
    names = list(net.edge_types)
    return columns[names.index(name)] if name in names else [None] * size


def _attvalues(columns: list[tuple[Any, ...]], types: dict[str, str], written: dict[str, str],
               size: int) -> list[list[str]]:
    """The ``<attvalues>`` lines of each of ``size`` rows (none when it has no
    ``written`` attribute), from their values by column, a column escaped at once."""
    texts = []
    for column, (name, kind) in zip(columns, types.items(), strict=True):
        if name in written:
            raw = list(column) if kind == "string" else [None if v is None else text(v)
                                                         for v in column]
            start = f"          <attvalue for={xml_text(name, True)} value="
            texts.append([None if t is None else f"{start}{t} />"
                          for t in xml_texts(raw, quote=True)])
    if not texts:
        return [[] for _ in range(size)]
    return [["        <attvalues>", *filter(None, row), "        </attvalues>"] if any(row) else []
            for row in zip(*texts)]


def _drawing(values: dict[str, object]) -> list[str]:
    out = []
    if "color" in values:
        out.append(_colour(str(values["color"])))
    if "size" in values:
        out.append(f'        <viz:size value="{text(values["size"])}" />')
    if "x" in values and "y" in values:
        out.append(f'        <viz:position x="{text(values["x"])}" y="{text(values["y"])}" '
                   'z="0.0" />')
    return out


def _colour(hex_colour: str) -> str:
    """``#rrggbb`` as the viz colour element (``hex`` and ``r``/``g``/``b``), indented."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f'        <viz:color hex="{hex_colour}" r="{r}" g="{g}" b="{b}" />'
