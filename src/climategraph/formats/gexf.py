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

from climategraph.formats.network_table import EDGE_DRAWING, NODE_DRAWING, Table, text
from climategraph.text import xml_text

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
    ...             "weight": "long"}, [("a", {"label_en": "A", "color": "#4e79a7",
    ...             "size": 18.0, "x": 1.0, "y": 2.0})], [("e0", "a", "a",
    ...             {"kind": "k", "weight": 2})])
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
    kind = "directed" if net.directed else "undirected"
    node_types = {k: t for k, t in net.node_types.items() if k not in NODE_DRAWING}
    edge_types = {k: t for k, t in net.edge_types.items()
                  if k not in EDGE_DRAWING and k != "weight"}
    out = [_HEAD, "  <meta>", "    <creator>climategraph</creator>",
           f"    <description>{xml_text(net.name or 'cooperation')} network</description>",
           "  </meta>", f'  <graph defaultedgetype="{kind}" mode="static">']
    for scope, types in (("node", node_types), ("edge", edge_types)):
        out.append(f'    <attributes class="{scope}" mode="static">')
        out += [f"      <attribute id={xml_text(name, True)} title={xml_text(name, True)} "
                f'type="{_TYPES[kind_]}" />' for name, kind_ in types.items()]
        out.append("    </attributes>")
    out.append(f'    <nodes count="{len(net.nodes)}">')
    for node, values in net.nodes:
        label = str(values.get("label_en") or node)
        out.append(f"      <node id={xml_text(node, True)} label={xml_text(label, True)}>")
        out += _attvalues(values, node_types)
        out += _drawing(values)
        out.append("      </node>")
    out += ["    </nodes>", f'    <edges count="{len(net.edges)}">']
    for edge, u, v, values in net.edges:
        tie = xml_text(str(values.get("kind", "")), True)
        out.append(f'      <edge id="{edge}" source={xml_text(u, True)} '
                   f"target={xml_text(v, True)} kind={tie} label={tie} "
                   f'weight="{text(values.get("weight", 1))}">')
        out += _attvalues(values, edge_types)
        if "color" in values:
            out.append("        " + _colour(str(values["color"])))
        out.append("      </edge>")
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out).encode("utf-8")


_TYPES = {"string": "string", "long": "long", "double": "double", "boolean": "boolean"}


def _attvalues(values: dict[str, object], types: dict[str, str]) -> list[str]:
    rows = [f"          <attvalue for={xml_text(k, True)} "
            f"value={xml_text(text(values[k]), True)} />" for k in types if k in values]
    return ["        <attvalues>", *rows, "        </attvalues>"] if rows else []


def _drawing(values: dict[str, object]) -> list[str]:
    out = []
    if "color" in values:
        out.append("        " + _colour(str(values["color"])))
    if "size" in values:
        out.append(f'        <viz:size value="{text(values["size"])}" />')
    if "x" in values and "y" in values:
        out.append(f'        <viz:position x="{text(values["x"])}" y="{text(values["y"])}" '
                   'z="0.0" />')
    return out


def _colour(hex_colour: str) -> str:
    """``#rrggbb`` as the viz colour element (``hex`` and ``r``/``g``/``b``)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f'<viz:color hex="{hex_colour}" r="{r}" g="{g}" b="{b}" />'
