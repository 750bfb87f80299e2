"""Network files without XML (:mod:`climategraph.formats.network_table`): Cytoscape.js
JSON (what Cytoscape desktop imports as ``.cyjs``) and a ``nodes.csv`` +
``edges.csv`` pair in a zip, for spreadsheets; the same attributes as GraphML and
GEXF, drawing included.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

from climategraph.formats.network_table import Table, text

#: a fixed date for the zip's entries, so the same network gives the same bytes
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def cyjs(net: Table) -> bytes:
    """Cytoscape.js JSON: ``elements.nodes[].data`` (``id``, ``name`` and every
    attribute), ``position`` (``x``, ``y``), ``elements.edges[].data`` (``id``,
    ``source``, ``target`` and every attribute).

    >>> net = Table("actor", False, {"network": "actor"}, {"label_en": "string", "x": "double",
    ...             "y": "double"}, {"kind": "string"}, [("a", {"label_en": "A", "x": 1.0,
    ...             "y": 2.0})], [("e0", "a", "a", {"kind": "k"})])
    >>> tree = json.loads(cyjs(net))
    >>> node = tree["elements"]["nodes"][0]
    >>> node["data"], node["position"]
    ({'id': 'a', 'label_en': 'A', 'name': 'A', 'x': 1.0, 'y': 2.0}, {'x': 1.0, 'y': 2.0})
    >>> tree["elements"]["edges"][0]["data"]
    {'id': 'e0', 'kind': 'k', 'source': 'a', 'target': 'a'}
    """
    nodes = []
    for node, values in net.nodes:
        entry: dict[str, object] = {
            "data": {"id": node, "name": str(values.get("label_en") or node), **values}}
        if "x" in values and "y" in values:
            entry["position"] = {"x": values["x"], "y": values["y"]}
        nodes.append(entry)
    edges = [{"data": {"id": edge, "source": u, "target": v, **values}}
             for edge, u, v, values in net.edges]
    tree = {
        "format_version": "1.0",
        "generated_by": "climategraph",
        "target_cytoscapejs_version": "~2.1",
        "data": {"name": net.name, "directed": net.directed, **net.graph},
        "elements": {"nodes": nodes, "edges": edges},
    }
    return (json.dumps(tree, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def csv_zip(net: Table) -> bytes:
    """A zip of ``nodes.csv`` (``id`` and the node attributes) and ``edges.csv``
    (``id``, ``source``, ``target`` and the edge attributes): UTF-8, RFC 4180
    quoting, CRLF, an empty cell where a node or edge has no value."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, header, rows in (
            ("nodes.csv", ["id", *net.node_types],
             ([node, *(_cell(values, k) for k in net.node_types)] for node, values in net.nodes)),
            ("edges.csv", ["id", "source", "target", *net.edge_types],
             ([edge, u, v, *(_cell(values, k) for k in net.edge_types)]
              for edge, u, v, values in net.edges)),
        ):
            text_buffer = io.StringIO()
            writer = csv.writer(text_buffer, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
            entry = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, text_buffer.getvalue().encode("utf-8"))
    return buffer.getvalue()


def _cell(values: dict[str, object], name: str) -> str:
    value = values.get(name)
    return "" if value is None else text(value)
