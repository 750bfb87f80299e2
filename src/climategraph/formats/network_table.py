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
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: drawing attributes added to every node and edge
NODE_DRAWING = ("color", "size", "x", "y")
EDGE_DRAWING = ("color",)
#: the network's own attributes written to the files (its labels are on the nodes)
GRAPH_ATTRIBUTES = ("network", "filters")
#: values, rows or lines converted (and written) at once: few calls, little held
BATCH = 4096


@dataclass
class Table:
    """Nodes ``(id, values)``, edges ``(id, source, target, values)``, and the type of
    each attribute (``string``, ``long``, ``double``, ``boolean``). ``values`` is a
    tuple in the order of ``node_types`` (``edge_types``), None where absent: a row,
    not a dict, so a million edges cost a tuple each and the writers decide each
    column's conversion once."""

    name: str
    directed: bool
    graph: dict[str, str] = field(default_factory=dict)
    node_types: dict[str, str] = field(default_factory=dict)
    edge_types: dict[str, str] = field(default_factory=dict)
    nodes: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    edges: list[tuple[str, str, str, tuple[Any, ...]]] = field(default_factory=list)


def table(network: nx.Graph) -> Table:
    """The tables of ``network`` (with its metrics already set), drawing included."""
    nodes = sorted(((str(n), {k: _python(v) for k, v in d.items()})
                    for n, d in network.nodes(data=True)), key=itemgetter(0))
    raw = sorted(_edge_list(network), key=itemgetter(0, 1, 2))
    _draw(network, nodes)
    out = Table(str(network.graph.get("network", "")), network.is_directed())
    out.graph = {k: v if isinstance(v, str) else _json(v)
                 for k, v in sorted(network.graph.items()) if k in GRAPH_ATTRIBUTES}
    out.node_types, rows = _rows([d for _, d in nodes], {})
    out.nodes = list(zip([n for n, _ in nodes], rows, strict=True))
    out.edge_types, rows = _rows([d for *_, d in raw], _edge_defaults(raw))
    out.edges = [(f"e{i}", u, v, row) for i, ((u, v, _, _), row) in enumerate(zip(raw, rows))]
    return out


def _edge_list(network: nx.Graph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Each edge once as ``(source, target, kind, data)``, names as text, an undirected
    edge's ends in text order; the kind is a multigraph's key, else the ``kind``
    attribute. Read from the adjacency, as ``network.edges`` does without its view."""
    names = {node: str(node) for node in network}
    multi, directed = network.is_multigraph(), network.is_directed()
    done: set[Any] = set()
    edges = []
    for node, neighbours in network.adjacency():
        u = names[node]
        for other, data in neighbours.items():
            if other in done:
                continue
            v = names[other]
            a, b = (u, v) if directed or u <= v else (v, u)
            if multi:
                for key, d in data.items():
                    edges.append((a, b, str(key), d))
            else:
                edges.append((a, b, str(data.get("kind", "")), data))
        if not directed:
            done.add(node)
    return edges


def _draw(network: nx.Graph, nodes: list[tuple[str, dict[str, Any]]]) -> None:
    """Set the page's colour, size and position on each node."""
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


def _edge_defaults(raw: list[tuple[str, str, str, dict[str, Any]]]) -> dict[str, list[Any]]:
    """The ``kind`` (the edge's own, else its key), ``weight`` (default 1) and drawing
    ``color`` (by tie kind) columns of the edges ``raw``."""
    from climategraph.network import style

    kinds = _numbers([d.get("kind", k) for _, _, k, d in raw])
    weights = _numbers([d.get("weight", 1) for *_, d in raw])
    colours = {kind: style.TIE_COLOURS.get(kind, style.SEVERAL) for kind in set(map(str, kinds))}
    return {"kind": kinds, "weight": weights, "color": [colours[str(k)] for k in kinds]}


def _python(value: Any) -> Any:
    """A numpy scalar as the Python number it holds; anything else as it is."""
    item = getattr(value, "item", None)
    return item() if callable(item) and type(value).__module__ == "numpy" else value


def _rows(dicts: list[dict[Any, Any]], fixed: dict[str, list[Any]]
          ) -> tuple[dict[str, str], list[tuple[Any, ...]]]:
    """The attribute types (names sorted) of the rows ``dicts`` and each row's values
    as a tuple in that order, cast to the type; the ``fixed`` columns replace the
    rows' own. One pass per column: each column's type is decided once."""
    keys: dict[str, list[Any]] = {name: [name] for name in fixed}
    for key in {key for d in dicts for key in d}:
        if str(key) not in fixed:
            keys.setdefault(str(key), []).append(key)
    types: dict[str, str] = {}
    columns = []
    for name in sorted(keys):
        column = fixed[name] if name in fixed else _column(dicts, name)
        kinds = set().union(*(_kinds(column if key == name else _column(dicts, key))
                              for key in keys[name]))
        if kinds:
            types[name] = kinds.pop() if len(kinds) == 1 else (
                "double" if kinds <= {"long", "double"} else "string")
            columns.append(_cast(column, types[name]))
    return types, list(zip(*columns)) if columns else [()] * len(dicts)


def _column(dicts: list[dict[Any, Any]], key: Any) -> list[Any]:
    """The values of ``key`` in ``dicts`` (None where absent), numpy scalars as Python's."""
    return _numbers([d.get(key) for d in dicts])


def _numbers(column: list[Any]) -> list[Any]:
    """``column`` with numpy scalars as the Python numbers they hold."""
    if any(t.__module__ == "numpy" for t in set(map(type, column))):
        column = [_python(value) for value in column]
    return column


def _kinds(column: list[Any]) -> set[str]:
    """The types (``boolean``, ``long``, ``double``, ``string``) of a column's values."""
    return {_kind(t) for t in set(map(type, column)) if t is not type(None)}


def _kind(kind: type) -> str:
    if issubclass(kind, bool):
        return "boolean"
    if issubclass(kind, int):
        return "long"
    if issubclass(kind, float):
        return "double"
    return "string"


def _cast(column: list[Any], kind: str) -> list[Any]:
    """A column's values as ``kind``: floats for ``double``, text (lists and dicts as
    JSON) for ``string``; None stays None."""
    if kind == "double":
        return [None if value is None else float(value) for value in column]
    if kind == "string":
        return [text for start in range(0, len(column), BATCH)
                for text in _texts(column[start:start + BATCH])]
    return column


def _texts(column: list[Any]) -> list[str | None]:
    """Values as text: strings as they are, lists and dicts as JSON; a list of strings
    without a character JSON escapes (checked for all the lists at once) joined
    straight, else through the string encoder, else :func:`_json`."""
    try:
        items = "".join(chain.from_iterable([v for v in column if type(v) is list]))
    except TypeError:  # not only strings in the lists
        return [v if v is None or isinstance(v, str) else _json(v) for v in column]
    if _JSON_ESCAPED.search(items):
        return [v if v is None or isinstance(v, str) else
                "[" + ", ".join(map(_STRING, v)) + "]" if type(v) is list else _json(v)
                for v in column]
    return [v if v is None or isinstance(v, str) else
            ('["' + '", "'.join(v) + '"]' if v else "[]") if type(v) is list else _json(v)
            for v in column]


#: a character JSON escapes (in a string, ``ensure_ascii=False``)
_JSON_ESCAPED = re.compile('[\x00-\x1f"\\\\]')


def chunks(rows: list[tuple[Any, ...]], size: int = BATCH
           ) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """``rows`` (nodes or edges) ``size`` at a time, each slice with its values by
    column (the last items of the rows transposed), for writers that convert a
    column at once.

    >>> list(chunks([("e0", (1, "a")), ("e1", (2, None))], size=1))
    [([('e0', (1, 'a'))], [(1,), ('a',)]), ([('e1', (2, None))], [(2,), (None,)])]
    """
    for start in range(0, len(rows), size):
        part = rows[start:start + size]
        yield part, list(zip(*[row[-1] for row in part]))


def _json(value: Any) -> str:
    """``value`` as JSON text (a list of strings, the common case, without the encoder).

    >>> _json(["a", "é"]), _json([1, "a"]), _json({"b": (1,), "a": None})
    ('["a", "é"]', '[1, "a"]', '{"a": null, "b": [1]}')
    """
    if type(value) is list:
        try:  # the string encoder refuses anything but a string
            return "[" + ", ".join(map(_STRING, value)) + "]"
        except TypeError:
            pass
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


def encoded(lines: Iterable[str], chunk: int = BATCH) -> bytes:
    """The ``lines``, each ended by a newline, as UTF-8 (:func:`encoded_parts`, joined).

    >>> encoded(iter(["a", "é"]), chunk=1)
    b'a\\n\\xc3\\xa9\\n'
    """
    return b"".join(encoded_parts(lines, chunk))


def encoded_parts(lines: Iterable[str], chunk: int = BATCH) -> Iterator[bytes]:
    """The ``lines``, each ended by a newline, as UTF-8 parts of ``chunk`` lines, so
    the whole text never exists as one string, nor (written part by part) as bytes.

    >>> list(encoded_parts(iter(["a", "b", "é"]), chunk=2))
    [b'a\\nb\\n', b'\\xc3\\xa9\\n']
    """
    lines = iter(lines)
    batch = list(islice(lines, chunk))
    while batch:
        batch.append("")
        yield "\n".join(batch).encode("utf-8")
        batch = list(islice(lines, chunk))
