"""Fast writers for the two large exports: JSON-LD and GraphML.

- :func:`jsonld`: the node objects come from :mod:`climategraph.formats.jsonld_compact`
  (every triple written, blank nodes used once embedded, JSON-LD 1.1 compaction with
  the project's context) and the text from :func:`dump_json`, not from
  ``json.dumps(indent=2)`` (the pure-Python encoder). The reference is a second JSON-LD
  implementation: pyld expanding the output and compacting it again gives the same
  tree, and pyld and pyoxigraph read back the same graph (tests/formats).
- :func:`graphml`: the network written as text in one pass (see
  :mod:`climategraph.formats.graphml`).
"""

from __future__ import annotations

import json
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph


_SORT_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


# --- JSON-LD -------------------------------------------------------------------


def jsonld(graph: Graph, context: dict[str, Any]) -> bytes:
    """JSON-LD of ``graph`` compacted with ``context`` (embedded), nodes sorted by
    ``id``, values and keys sorted: the same graph gives the same bytes.

    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> g, hall = Graph(), BNode()
    >>> a, lab = URIRef("https://w3id.org/climategraph/id/a"), URIRef(
    ...     "http://www.w3.org/2000/01/rdf-schema#label")
    >>> _ = g.add((a, lab, Literal("A", lang="en")))
    >>> _ = g.add((a, URIRef("https://w3id.org/climategraph/ontology#atVenue"), hall))
    >>> _ = g.add((hall, lab, Literal("A hall", lang="en")))
    >>> print(jsonld(g, {"cg": "https://w3id.org/climategraph/ontology#",
    ...                  "cgr": "https://w3id.org/climategraph/id/", "id": "@id",
    ...                  "venue": {"@id": "cg:atVenue", "@type": "@id"},
    ...                  "label": {"@id": "http://www.w3.org/2000/01/rdf-schema#label",
    ...                            "@container": "@language"}}).decode())
    {
      "@context": {
        "cg": "https://w3id.org/climategraph/ontology#",
        "cgr": "https://w3id.org/climategraph/id/",
        "id": "@id",
        "label": {
          "@container": "@language",
          "@id": "http://www.w3.org/2000/01/rdf-schema#label"
        },
        "venue": {
          "@id": "cg:atVenue",
          "@type": "@id"
        }
      },
      "id": "cgr:a",
      "label": {
        "en": "A"
      },
      "venue": {
        "label": {
          "en": "A hall"
        }
      }
    }
    <BLANKLINE>
    """
    from climategraph.formats.canonical import plain_triples
    from climategraph.formats.jsonld_compact import Compactor, Context

    ctx = Context(context)
    nodes = Compactor(ctx, plain_triples(graph)).node_objects()
    id_key = ctx.key("@id")
    for node in nodes:
        _sort_arrays(node)
    ids = [str(node.get(id_key, "")) for node in nodes]
    if len(set(ids)) == len(ids):  # the usual case: the ids alone decide the order
        nodes = [node for _, node in sorted(zip(ids, nodes), key=itemgetter(0))]
    else:
        nodes.sort(key=lambda node: (str(node.get(id_key, "")), _SORT_ENCODER.encode(node)))
    tree = dict(nodes[0]) if len(nodes) == 1 else {ctx.key("@graph"): nodes}
    tree["@context"] = _sorted_json(context)
    return (dump_json(tree) + "\n").encode()


def _order(value: Any) -> str:
    """Where a value goes in a sorted JSON-LD array: by its JSON."""
    if type(value) is str:
        return _STRING(value)  # type: ignore[no-any-return]
    return _SORT_ENCODER.encode(value)  # type: ignore[no-any-return]


def _sorted_json(value: Any, key: str | None = None) -> Any:
    """Sort JSON-LD arrays (sets in JSON-LD), except ``@list`` ones, recursively.

    >>> _sorted_json({"b": [{"x": 2}, {"x": 1}], "@list": [2, 1]})
    {'b': [{'x': 1}, {'x': 2}], '@list': [2, 1]}
    """
    if isinstance(value, dict):
        return {k: v if type(v) is str else _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [v if type(v) is str else _sorted_json(v) for v in value]
        return items if key == "@list" else sorted(items, key=_order)
    return value


def _sort_arrays(value: Any, key: str | None = None) -> None:
    """:func:`_sorted_json` in place, for the node objects just built (no copies).

    >>> node = {"b": [{"x": [3, 2]}, {"x": [1]}], "@list": [2, 1]}
    >>> _sort_arrays(node)
    >>> node == _sorted_json({"b": [{"x": [3, 2]}, {"x": [1]}], "@list": [2, 1]})
    True
    """
    kind = type(value)
    if kind is dict:
        for k, v in value.items():
            if type(v) is not str:
                _sort_arrays(v, k)
    elif kind is list:
        for v in value:
            if type(v) is not str:
                _sort_arrays(v)
        if key != "@list" and len(value) > 1:
            value.sort(key=_order)


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
    if kind is dict and value:
        inner = newline + "  "
        sep = "{" + inner
        for key in sorted(value):
            item = value[key]
            if type(item) is str:
                out.append(sep + _STRING(key) + ": " + _STRING(item))
            else:
                out.append(sep + _STRING(key) + ": ")
                _dump(item, inner, out)
            sep = "," + inner
        out.append(newline + "}")
    elif kind is list and value:
        inner = newline + "  "
        sep = "[" + inner
        for item in value:
            if type(item) is str:
                out.append(sep + _STRING(item))
            else:
                out.append(sep)
                _dump(item, inner, out)
            sep = "," + inner
        out.append(newline + "]")
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
