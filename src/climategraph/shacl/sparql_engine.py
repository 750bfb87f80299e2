"""SHACL validation at scale: the shapes compiled to SPARQL, run by Oxigraph.

pySHACL (:mod:`climategraph.shacl.engine`) stays the reference; this module gives the
same report much faster on large graphs by turning every constraint of every shape
into one SPARQL query over *all* focus nodes at once, which Oxigraph answers
natively, instead of evaluating shapes node by node in Python
(:mod:`climategraph.shacl.compiler` writes the queries,
:mod:`climategraph.shacl.expressions` the value tests).

Supported: targets (``targetClass`` with subclasses, implicit class targets,
``targetNode``, ``targetSubjectsOf``, ``targetObjectsOf``); SHACL property paths;
the core components ``class``, ``datatype``, ``nodeKind``, ``minCount``,
``maxCount``, ``minInclusive``/``maxInclusive``/``minExclusive``/``maxExclusive``,
``minLength``/``maxLength``, ``pattern``, ``languageIn``, ``uniqueLang``, ``in``,
``hasValue``, ``node``, ``and``, ``or``, ``not``, ``xone``, ``lessThan``,
``lessThanOrEquals``, ``equals``, ``disjoint``, ``qualifiedValueShape`` with
``qualifiedMinCount``/``qualifiedMaxCount``; and SHACL-SPARQL ``sh:sparql``
SELECT constraints (``$this`` pre-bound by joining the targets, ``$PATH``
substituted). A shape using anything else raises :class:`Unsupported`, so callers
can fall back to pySHACL. Literals whose lexical form does not fit their datatype
are reported and left out before the checks run, as
:func:`climategraph.shacl.engine.validate` does. Tests compare both engines on the
shipped data, the W3C SHACL tests of these components and generated graphs with
planted violations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from climategraph.shacl.compiler import Check, compile_shapes

if TYPE_CHECKING:
    from rdflib import Graph

    from climategraph.shacl.report import Finding, Report


#: literals whose lexical form is not checked (never ill-typed)
_UNCHECKED = ("http://www.w3.org/2001/XMLSchema#string",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def validate(data: Graph, shapes: Graph | None = None, *, ill_typed: bool = True) -> Report:
    """Validate ``data`` (merged with the ontology) against ``shapes`` on Oxigraph.

    Returns the same :class:`~climategraph.shacl.report.Report` as
    :func:`climategraph.shacl.engine.validate`. A graph on another store is copied into
    an Oxigraph store first. Raises :class:`Unsupported` (before any query runs) when
    a shape uses a feature this engine does not compile. With ``ill_typed=False``
    ill-typed literals are left to the shapes (``sh:datatype``), as plain pySHACL does.
    """
    from climategraph.shacl import report

    shapes = shapes if shapes is not None else report.load_shapes()
    checks = compile_shapes(shapes)
    store = oxigraph_store(data)
    findings: list[Finding] = []
    if ill_typed:
        store, findings = _without_ill_typed(store, data)
    for check in checks:
        findings += _run(check, store, data)
    return report.Report(findings=sorted(findings, key=report._sort_key))


def _without_ill_typed(store: Any, data: Graph) -> tuple[Any, list[Finding]]:
    """As :func:`climategraph.shacl.engine._without_ill_typed`: a literal that does not fit
    its datatype (``"2021-02-30"^^xsd:date``) is a violation, and the checks run on a
    copy of the store without it. Each distinct typed literal is tested once."""
    import pyoxigraph as ox

    from climategraph.shacl.report import ill_typed_finding, is_ill_typed

    unchecked = ", ".join(f"<{t}>" for t in _UNCHECKED)
    query = ("SELECT DISTINCT ?o WHERE { ?s ?p ?o . "
             f"FILTER(isLiteral(?o) && datatype(?o) NOT IN ({unchecked})) }}")
    bad = [row["o"] for row in store.query(query, use_default_graph_as_union=True)
           if is_ill_typed(_to_rdflib(row["o"]))]
    if not bad:
        return store, []
    quads = [q for o in bad for q in store.quads_for_pattern(None, None, o)]
    findings = [ill_typed_finding(data, _to_rdflib(q.subject), _to_rdflib(q.predicate),
                                  _to_rdflib(q.object)) for q in quads]
    clean = ox.Store()
    clean.extend(store)
    for quad in quads:
        clean.remove(quad)
    return clean, findings


def oxigraph_store(data: Graph) -> Any:
    """The pyoxigraph ``Store`` behind ``data`` (a copy when it is not on Oxigraph)."""
    import pyoxigraph as ox

    inner = getattr(data.store, "_store", None)
    if isinstance(inner, ox.Store):
        return inner
    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _run(check: Check, store: Any, data: Graph) -> Iterator[Any]:
    from climategraph.shacl.report import Finding
    from climategraph.store import labels

    english = [str(m) for m in check.messages if getattr(m, "language", None) in (None, "en")]
    english = english or [str(m) for m in check.messages]
    shape_path = check.path.n3(data.namespace_manager) if _is_iri(check.path) else ""
    solutions = store.query(check.query, use_default_graph_as_union=True)
    names = {v.value for v in solutions.variables}
    for row in solutions:
        focus = _to_rdflib(row["this"])
        value = row["value"] if "value" in names else None
        if value is None and check.component == "sparql":
            value = row["this"]  # as pySHACL: a SPARQL result without ?value is about $this
        path = shape_path
        if "path" in names and row["path"] is not None:
            path = _to_rdflib(row["path"]).n3(data.namespace_manager)
        message = english[0] if english else ""
        if check.component == "sparql":
            # as pySHACL: every message filled in and stripped of its language tag,
            # so the report's first message (sorted as text) is the smallest of them
            message = min((_fill(str(m), row) for m in check.messages), default="")
        elif "{" in message:
            message = _fill(message, row)
        yield Finding(
            severity=check.severity,
            focus=str(focus),
            focus_label=labels.label(data, focus) if focus is not None else "",
            path=path,
            message=message,
            value=str(_to_rdflib(value)) if value is not None else "",
            shape=str(check.shape),
        )


def _fill(message: str, row: Any) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        try:
            value = row[name]
        except (KeyError, IndexError):
            return match.group(0)
        return str(getattr(value, "value", value)) if value is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", sub, message)


def _to_rdflib(term: Any) -> Any:
    if term is None:
        return None
    from oxrdflib._converter import from_ox

    return from_ox(term)


def _is_iri(node: Any) -> bool:
    from rdflib import URIRef

    return isinstance(node, URIRef)
