"""GraphML of a network (:mod:`climategraph.formats.network_table`) that networkx and
igraph both read: one ``<key>`` per attribute name and scope with one type, unique
edge ids, characters XML 1.0 forbids replaced (U+FFFD).
"""

from __future__ import annotations

from climategraph.formats.network_table import Table, text
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
    ...             {"weight": "long"}, [("a", {"kind": "x<y"}), ("b", {})],
    ...             [("e0", "a", "b", {"weight": 2})])
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
    out = [_HEAD]
    keys = {}
    for scope, types in (("graph", {k: "string" for k in net.graph}),
                         ("node", net.node_types), ("edge", net.edge_types)):
        for i, (name, kind) in enumerate(types.items()):
            key = keys[scope, name] = f"d{scope[0]}{i}"
            out.append(f'  <key id="{key}" for="{scope}" attr.name={xml_text(name, True)} '
                       f'attr.type="{kind}" />')
    edgedefault = "directed" if net.directed else "undirected"
    out.append(f'  <graph id={xml_text(net.name or "G", True)} edgedefault="{edgedefault}">')
    out += [f'    <data key="{keys["graph", k]}">{xml_text(v)}</data>'
            for k, v in net.graph.items()]
    for node, values in net.nodes:
        out.append(_element("node", f" id={xml_text(node, True)}", values, keys, "node"))
    for edge, u, v, values in net.edges:
        ends = f' id="{edge}" source={xml_text(u, True)} target={xml_text(v, True)}'
        out.append(_element("edge", ends, values, keys, "edge"))
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out).encode("utf-8")


def _element(tag: str, attributes: str, values: dict[str, object],
             keys: dict[tuple[str, str], str], scope: str) -> str:
    if not values:
        return f"    <{tag}{attributes} />"
    data = [f'      <data key="{keys[scope, k]}">{xml_text(text(v))}</data>'
            for k, v in values.items()]
    return "\n".join([f"    <{tag}{attributes}>", *data, f"    </{tag}>"])
