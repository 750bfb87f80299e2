"""Network files without XML (:mod:`climategraph.formats.network_table`): Cytoscape.js
JSON (what Cytoscape desktop imports as ``.cyjs``) and a ``nodes.csv`` +
``edges.csv`` pair in a zip, for spreadsheets; the same attributes as GraphML and
GEXF, drawing included.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Iterator
from typing import Any

from climategraph.formats.network_table import Table, chunks, encoded, text

#: a fixed date for the zip's entries, so the same network gives the same bytes
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
Row = tuple[Any, ...]


def cyjs(net: Table) -> bytes:
    """Cytoscape.js JSON: ``elements.nodes[].data`` (``id``, ``name`` and every
    attribute), ``position`` (``x``, ``y``), ``elements.edges[].data`` (``id``,
    ``source``, ``target`` and every attribute).

    >>> net = Table("actor", False, {"network": "actor"}, {"label_en": "string", "x": "double",
    ...             "y": "double"}, {"kind": "string"}, [("a", ("A", 1.0, 2.0))],
    ...             [("e0", "a", "a", ("k",))])
    >>> tree = json.loads(cyjs(net))
    >>> node = tree["elements"]["nodes"][0]
    >>> node["data"], node["position"]
    ({'id': 'a', 'label_en': 'A', 'name': 'A', 'x': 1.0, 'y': 2.0}, {'x': 1.0, 'y': 2.0})
    >>> tree["elements"]["edges"][0]["data"]
    {'id': 'e0', 'kind': 'k', 'source': 'a', 'target': 'a'}
    """
    return encoded(_cyjs_lines(net))


def _cyjs_lines(net: Table) -> Iterator[str]:
    """``json.dumps(tree, ensure_ascii=False, indent=1, sort_keys=True)`` of the
    Cytoscape.js tree, each node and edge written from its row (the pure-Python
    indenting encoder takes a minute on a million edges)."""
    data = {"name": net.name, "directed": net.directed, **net.graph}
    yield '{\n "data": ' + json.dumps(data, ensure_ascii=False, indent=1,
                                      sort_keys=True).replace("\n", "\n ") + ","
    yield ' "elements": {'
    names = list(net.node_types)
    label = names.index("label_en") if "label_en" in names else None
    plan = _plan(("id", "name"), names)
    nodes = (_element(plan, (node, str((label is not None and row[label]) or node), *row),
                      _position(names, row)) for node, row in net.nodes)
    edge_plan = _plan(("id", "source", "target"), list(net.edge_types))
    edges = (_element(edge_plan, (edge, u, v, *row), "") for edge, u, v, row in net.edges)
    yield from _array("edges", edges, bool(net.edges), ",")
    yield from _array("nodes", nodes, bool(net.nodes), "")
    yield from [" },", ' "format_version": "1.0",', ' "generated_by": "climategraph",',
                ' "target_cytoscapejs_version": "~2.1"', "}"]


Plan = list[tuple[str, int, int | None]]


def _plan(own: tuple[str, ...], names: list[str]) -> Plan:
    """The keys of an element's ``data`` in sorted order, each as its JSON start,
    its place in the element's cells (``own`` values, then the row) and the place of
    the own value it replaces when absent (an attribute called ``id`` wins)."""
    places = {key: i for i, key in enumerate(own)}
    for i, name in enumerate(names):
        places[name] = len(own) + i
    return [("     " + _STRING(key) + ": ", places[key],
             own.index(key) if key in own and key in names else None) for key in sorted(places)]


def _element(plan: Plan, cells: tuple[Any, ...], position: str) -> str:
    """One node or edge: its ``data`` (and ``position``) at the depth of the arrays."""
    items = []
    for start, i, fallback in plan:
        value = cells[i]
        if value is None and fallback is not None:
            value = cells[fallback]
        if value is not None:
            items.append(start + _scalar(value))
    return "   {\n    \"data\": {\n" + ",\n".join(items) + "\n    }" + position + "\n   }"


def _position(names: list[str], row: tuple[Any, ...]) -> str:
    x = row[names.index("x")] if "x" in names else None
    y = row[names.index("y")] if "y" in names else None
    if x is None or y is None:
        return ""
    return f',\n    "position": {{\n     "x": {_scalar(x)},\n     "y": {_scalar(y)}\n    }}'


def _array(key: str, elements: Iterator[str], filled: bool, comma: str) -> Iterator[str]:
    """``"key": [...]`` at depth 2, the elements separated by commas."""
    if not filled:
        yield f'  "{key}": []{comma}'
        return
    yield f'  "{key}": ['
    previous = next(elements)
    for element in elements:
        yield previous + ","
        previous = element
    yield previous
    yield "  ]" + comma


def _scalar(value: Any) -> str:
    """A string, number or boolean as ``json.dumps`` writes it."""
    kind = type(value)
    if kind is str:
        return _STRING(value)  # type: ignore[no-any-return]
    if kind is int or (kind is float and math.isfinite(value)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


_STRING = json.encoder.encode_basestring  # type: ignore[attr-defined]


def csv_zip(net: Table) -> bytes:
    """A zip of ``nodes.csv`` (``id`` and the node attributes) and ``edges.csv``
    (``id``, ``source``, ``target`` and the edge attributes): UTF-8, RFC 4180
    quoting, CRLF, an empty cell where a node or edge has no value."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, header, rows in (
            ("nodes.csv", ["id", *net.node_types], net.nodes),
            ("edges.csv", ["id", "source", "target", *net.edge_types], net.edges),
        ):
            entry = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, _csv(header, rows))
    return buffer.getvalue()


def _csv(header: list[str], rows: list[Row]) -> bytes:
    r"""What :func:`csv.writer` (``lineterminator="\r\n"``) writes for ``header``
    and ``rows`` (values then as :func:`climategraph.formats.network_table.text`, None
    as nothing), in UTF-8; a column of 4096 rows checked for quoting at once.

    >>> _csv(["id", "x"], [("a,b", ('a"b',)), ("c", (None,))])
    b'id,x\r\n"a,b","a""b"\r\nc,\r\n'
    """
    parts = [(",".join(_quoted(header)) or '""').encode() + b"\r\n"]
    for part, columns in chunks(rows):
        cells = [_quoted([v if type(v) is str else "" if v is None else text(v) for v in column])
                 for column in (*zip(*[row[:-1] for row in part]), *columns)]
        lines = [",".join(row) or '""' for row in zip(*cells)]
        parts.append(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return b"".join(parts)


def _quoted(cells: list[str]) -> list[str]:
    """The cells quoted as the csv module's minimal quoting does: those holding a comma,
    quote, CR or LF, in quotes with quotes doubled."""
    if not _needs_quotes("".join(cells)):
        return cells
    return ['"' + c.replace('"', '""') + '"' if _needs_quotes(c) else c for c in cells]


def _needs_quotes(text: str) -> bool:
    return "," in text or '"' in text or "\r" in text or "\n" in text
