"""A network as two tables, the one source of every network file (GraphML, GEXF,
Cytoscape.js JSON, CSV), so they all carry the same attributes with the same types.

- one type per attribute name and scope: booleans stay ``boolean``, integers
  ``long``, a mix of integers and floats (``clustering`` is ``0`` on one node and
  ``0.5`` on another) becomes ``double``, anything else ``string`` (lists and dicts
  as JSON); a missing value is absent from the node, not ``""``;
- nodes sorted by id, edges by ``(source, target, kind)``, each edge with a unique
  id ``e0``, ``e1`` ... and its ``kind`` (a multigraph's key) and ``weight``, so
  parallel ties of different kinds stay apart;
- the drawing from the page's settings (:mod:`climategraph.network.style`): ``color``
  by ``kind`` with the page palette, ``size`` by degree (10 to 40), ``x``/``y`` from
  the geographic layout when nodes have coordinates (the page's ``geo`` layout), else
  the page's seeded force-directed one; edges ``color`` by tie kind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: drawing attributes added to every node and edge
NODE_DRAWING = ("color", "size", "x", "y")
EDGE_DRAWING = ("color",)
#: the network's own attributes written to the files (its labels are on the nodes)
GRAPH_ATTRIBUTES = ("network", "filters")


@dataclass
class Table:
    """Nodes ``(id, values)``, edges ``(id, source, target, values)``, and the type of
    each attribute (``string``, ``long``, ``double``, ``boolean``)."""

    name: str
    directed: bool
    graph: dict[str, str] = field(default_factory=dict)
    node_types: dict[str, str] = field(default_factory=dict)
    edge_types: dict[str, str] = field(default_factory=dict)
    nodes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    edges: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)


def table(network: nx.Graph) -> Table:
    """The tables of ``network`` (with its metrics already set), drawing included."""
    nodes = sorted(((str(n), {k: _python(v) for k, v in d.items()})
                    for n, d in network.nodes(data=True)), key=lambda x: x[0])
    if network.is_multigraph():
        raw = [(str(u), str(v), str(k), {n: _python(x) for n, x in d.items()})
               for u, v, k, d in network.edges(keys=True, data=True)]
    else:
        raw = [(str(u), str(v), str(d.get("kind", "")), {n: _python(x) for n, x in d.items()})
               for u, v, d in network.edges(data=True)]
    if not network.is_directed():  # one direction for each undirected edge
        raw = [(min(u, v), max(u, v), k, d) for u, v, k, d in raw]
    raw.sort(key=lambda e: (e[0], e[1], e[2]))
    edges = []
    for i, (u, v, kind, data) in enumerate(raw):
        data.setdefault("kind", kind)
        data.setdefault("weight", 1)
        edges.append((f"e{i}", u, v, data))
    _draw(network, nodes, edges)
    out = Table(str(network.graph.get("network", "")), network.is_directed())
    out.graph = {k: v if isinstance(v, str) else _json(v)
                 for k, v in sorted(network.graph.items()) if k in GRAPH_ATTRIBUTES}
    out.node_types = _unify([d for _, d in nodes])
    out.edge_types = _unify([d for *_, d in edges])
    out.nodes = [(n, _cast(d, out.node_types)) for n, d in nodes]
    out.edges = [(i, u, v, _cast(d, out.edge_types)) for i, u, v, d in edges]
    return out


def _draw(network: nx.Graph, nodes: list[tuple[str, dict[str, Any]]],
          edges: list[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Set the page's colour, size and position on each node, colour on each edge."""
    from climategraph.network import style

    colours = style.palette([str(d.get("kind") or "") for _, d in nodes])
    sizes = style.sizes({n: float(d.get("degree", 0)) for n, d in nodes})
    geographic = any(d.get("lat") is not None for _, d in nodes)
    layout = "geo" if geographic else "physics"
    positions, _ = style.positions(network, layout, large=0)
    positions = {str(n): xy for n, xy in positions.items()}
    for node, data in nodes:
        x, y = positions.get(node, (0.0, 0.0))
        data.update(color=colours[str(data.get("kind") or "")], size=sizes[node],
                    x=float(x), y=float(y))
    for *_, data in edges:
        data["color"] = style.TIE_COLOURS.get(str(data["kind"]), style.SEVERAL)


def _python(value: Any) -> Any:
    """A numpy scalar as the Python number it holds; anything else as it is."""
    item = getattr(value, "item", None)
    return item() if callable(item) and type(value).__module__ == "numpy" else value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _unify(rows: list[dict[str, Any]]) -> dict[str, str]:
    """One type per attribute name, names sorted."""
    seen: dict[str, set[str]] = {}
    for row in rows:
        for name, value in row.items():
            if value is not None:
                seen.setdefault(str(name), set()).add(_kind(value))
    types = {}
    for name in sorted(seen):
        kinds = seen[name]
        types[name] = kinds.pop() if len(kinds) == 1 else (
            "double" if kinds <= {"long", "double"} else "string")
    return types


def _cast(row: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    """``row``'s values as their attribute's type, in name order; None left out."""
    out: dict[str, Any] = {}
    for name in types:
        value = row.get(name)
        if value is None:
            continue
        kind = types[name]
        if kind == "double":
            value = float(value)
        elif kind == "string" and not isinstance(value, str):
            value = _json(value)
        out[name] = value
    return out


def _json(value: Any) -> str:
    """``value`` as JSON text (a list of strings, the common case, without the encoder)."""
    if type(value) is list and all(type(v) is str for v in value):
        return "[" + ", ".join(map(_STRING, value)) + "]"
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, default=str)


_STRING = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _plain(value: Any) -> Any:
    """Sets and tuples as sorted lists, for JSON."""
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    if isinstance(value, tuple):
        return list(value)
    return value


def text(value: Any) -> str:
    """A value as text in XML and CSV: booleans ``true``/``false``, floats as ``repr``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
