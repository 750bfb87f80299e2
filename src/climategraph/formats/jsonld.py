"""Fast writers for the two large exports: JSON-LD and GraphML, byte for byte what
rdflib's and networkx's serialisers wrote before.

- :func:`jsonld`: the node objects come from :mod:`climategraph.formats.jsonld_compact` (plain
  strings, rdflib's ``Context`` asked once per term) and the text from
  :func:`dump_json`, not from rdflib's serialiser and ``json.dumps(indent=2)``
  (the pure-Python encoder). :func:`rdflib_jsonld` is the reference, and the
  fallback for contexts the fast path does not follow (containers, ``@language``).
- :func:`graphml`: the network written as text in one pass, in the order and with
  the keys, types and escaping of ``networkx.write_graphml_xml`` on the sorted,
  :func:`climategraph.network.build.exportable` copy, without building that copy or an
  ElementTree.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph


_SORT_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


# --- JSON-LD -------------------------------------------------------------------


def jsonld(graph: Graph, context: dict[str, Any]) -> bytes:
    """JSON-LD of ``graph`` compacted with ``context`` (embedded), nodes sorted by
    ``id``, values and keys sorted: :func:`rdflib_jsonld`'s bytes, in a fraction of
    its time.

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/climategraph/id/a"),
    ...            URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("A", lang="en")))
    >>> print(jsonld(g, {"cgr": "https://w3id.org/climategraph/id/",
    ...                  "label": "http://www.w3.org/2000/01/rdf-schema#label"}).decode())
    {
      "@context": {
        "cgr": "https://w3id.org/climategraph/id/",
        "label": "http://www.w3.org/2000/01/rdf-schema#label"
      },
      "@id": "cgr:a",
      "label": {
        "@language": "en",
        "@value": "A"
      }
    }
    <BLANKLINE>
    """
    from rdflib.plugins.shared.jsonld.context import Context

    from climategraph.formats.jsonld_compact import Compactor, read_triples, supported

    ctx = Context(context)
    if not supported(ctx):
        return rdflib_jsonld(graph, context)
    nodes = Compactor(ctx, *read_triples(graph)).node_objects()
    for node in nodes:
        for key, value in node.items():
            if type(value) is list:
                node[key] = sorted(value, key=_order)
    nodes.sort(key=lambda node: str(node.get("id", "")))
    ids = [str(node.get("id", "")) for node in nodes]
    if len(set(ids)) < len(ids):  # ties are broken on the whole node, as _sorted_json does
        nodes.sort(key=_order)
    tree = dict(nodes[0]) if len(nodes) == 1 else {ctx.get_key("@graph"): nodes}
    tree["@context"] = _sorted_json(context)
    return (dump_json(tree) + "\n").encode()


def rdflib_jsonld(graph: Graph, context: dict[str, Any]) -> bytes:
    """The reference: the canonical triples copied into an rdflib memory graph, rdflib's
    JSON-LD serialiser with ``context``, then nodes, values and keys sorted."""
    from oxrdflib._converter import from_ox
    from rdflib import Graph as RdfGraph

    from climategraph.formats.canonical import sorted_ox_triples

    canonical = RdfGraph()
    for triple in sorted_ox_triples(graph):
        terms = (from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object))
        canonical.add(terms)  # type: ignore[arg-type]
    tree = _sorted_json(json.loads(canonical.serialize(format="json-ld", context=context)))
    return (json.dumps(tree, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _order(value: Any) -> tuple[str, str]:
    """Where a value goes in a sorted JSON-LD array: by ``id``, then by its JSON."""
    node_id = str(value.get("id", "")) if isinstance(value, dict) else ""
    return node_id, _SORT_ENCODER.encode(value)


def _sorted_json(value: Any, key: str | None = None) -> Any:
    """Sort JSON-LD arrays (sets in JSON-LD), except ``@list`` ones, recursively."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if key == "@list" else sorted(items, key=_order)
    return value


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
    if (kind is dict or kind is list) and value:
        inner = newline + "  "
        if kind is dict:
            heads = [_STRING(key) + ": " for key in sorted(value)]
            items = [value[key] for key in sorted(value)]
        else:
            heads, items = [""] * len(value), value
        sep = ("{" if kind is dict else "[") + inner
        for head, item in zip(heads, items):
            if type(item) is str:
                out.append(sep + head + _STRING(item))
            else:
                out.append(sep + head)
                _dump(item, inner, out)
            sep = "," + inner
        out.append(newline + ("}" if kind is dict else "]"))
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
