"""SHACL value constraints as SPARQL expressions (for :mod:`climategraph.shacl.sparql_engine`).

:class:`Expressions` turns the core components that test one value node
(``class``, ``datatype``, ``nodeKind``, ranges, lengths, ``pattern``, ``languageIn``,
``in``, ``hasValue``, ``node``, ``and``/``or``/``not``/``xone``) into SPARQL filter
expressions, and a whole (nested) shape into one expression that is true when a node
conforms to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from climategraph.errors import ClimateGraphError

if TYPE_CHECKING:
    from rdflib import Graph


SH = "http://www.w3.org/ns/shacl#"
TYPE_OF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/" \
          "<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
#: datatypes whose lexical form is checked by casting (ill-formed literals violate sh:datatype)
CASTABLE = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime")
}
#: integer-derived datatypes: (lowest, highest) value
INTEGER_RANGES = {
    "http://www.w3.org/2001/XMLSchema#" + t: r for t, r in {
        "byte": (-128, 127), "short": (-32768, 32767), "int": (-(2**31), 2**31 - 1),
        "long": (-(2**63), 2**63 - 1), "unsignedByte": (0, 255), "unsignedShort": (0, 65535),
        "unsignedInt": (0, 2**32 - 1), "unsignedLong": (0, 2**64 - 1),
        "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
        "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    }.items()
}
#: components handled by the compiler (anything else in a shape raises Unsupported)
_COMPONENTS = (
    "class datatype nodeKind minCount maxCount minInclusive maxInclusive minExclusive "
    "maxExclusive minLength maxLength pattern flags languageIn uniqueLang in hasValue node "
    "and or not xone lessThan lessThanOrEquals equals disjoint qualifiedValueShape "
    "qualifiedMinCount qualifiedMaxCount qualifiedValueShapesDisjoint sparql property path "
    "targetClass targetNode targetSubjectsOf targetObjectsOf severity message name "
    "description order group deactivated defaultValue prefixes declare"
)
KNOWN = {SH + c for c in _COMPONENTS.split(" ")}


class Unsupported(ClimateGraphError):
    """A shape uses a SHACL feature this engine does not compile."""


class Expressions:
    """Reads a shapes graph and writes the SPARQL expressions of its constraints."""

    def __init__(self, shapes: Graph) -> None:
        from rdflib import Namespace

        self.g = shapes
        self.sh = Namespace(SH)
        self.counter = 0

    def var(self) -> str:
        self.counter += 1
        return f"?_v{self.counter}"

    def term(self, node: Any) -> str:
        from rdflib import BNode

        if isinstance(node, BNode):
            raise Unsupported(f"blank node {node} used as a value in a shape")
        return str(node.n3())

    def values(self, node: Any, prop: str) -> list[Any]:
        return sorted(self.g.objects(node, self.sh[prop]), key=str)

    def one(self, node: Any, prop: str) -> Any:
        return self.g.value(node, self.sh[prop])

    def items(self, node: Any) -> list[Any]:
        from rdflib.collection import Collection

        return list(Collection(self.g, node))

    # --- shapes, targets, paths --------------------------------------------------

    def path(self, node: Any) -> str:
        from rdflib import RDF, URIRef

        if isinstance(node, URIRef):
            return self.term(node)
        if (node, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        for prop, fmt in (("inversePath", "^({})"), ("zeroOrMorePath", "({})*"),
                          ("oneOrMorePath", "({})+"), ("zeroOrOnePath", "({})?")):
            inner = self.one(node, prop)
            if inner is not None:
                return fmt.format(self.path(inner))
        alt = self.one(node, "alternativePath")
        if alt is not None:
            return "(" + "|".join(self.path(p) for p in self.items(alt)) + ")"
        raise Unsupported(f"unknown SHACL path {node}")

    def _deactivated(self, shape: Any) -> bool:
        return str(self.one(shape, "deactivated") or "").lower() == "true"

    def _unknown(self, shape: Any) -> None:
        for p in set(self.g.predicates(shape, None)):
            if str(p).startswith(SH) and str(p) not in KNOWN:
                raise Unsupported(f"{shape}: {p} is not supported")

    # --- value conditions (a node conforms to one component) ---------------------
    def value_conditions(self, shape: Any, v: str) -> list[tuple[str, str]]:
        """(component, SPARQL expression true when ``v`` satisfies it) pairs."""
        out = []
        for cls in self.values(shape, "class"):
            out.append(("class", f"EXISTS {{ {v} {TYPE_OF} {self.term(cls)} }}"))
        for dt in self.values(shape, "datatype"):
            out.append(("datatype", self.datatype(dt, v)))
        for kind in self.values(shape, "nodeKind"):
            out.append(("nodeKind", _NODE_KINDS[str(kind)[len(SH):]].format(v=v)))
        for prop, op in (("minInclusive", ">="), ("maxInclusive", "<="),
                         ("minExclusive", ">"), ("maxExclusive", "<")):
            for bound in self.values(shape, prop):
                out.append((prop, f"COALESCE({v} {op} {self.term(bound)}, false)"))
        for prop, op in (("minLength", ">="), ("maxLength", "<=")):
            for n in self.values(shape, prop):
                out.append((prop, f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(n)})"))
        for pattern in self.values(shape, "pattern"):
            flags = self.one(shape, "flags")
            fl = f", {self.term(flags)}" if flags is not None else ""
            out.append(("pattern", f"(!isBlank({v}) && REGEX(STR({v}), {self.term(pattern)}{fl}))"))
        for langs in self.values(shape, "languageIn"):
            tests = " || ".join(f"langMatches(lang({v}), {self.term(x)})" for x in
                                self.items(langs)) or "false"
            out.append(("languageIn", f"(lang({v}) != \"\" && ({tests}))"))
        for members in self.values(shape, "in"):
            tests = " || ".join(f"sameTerm({v}, {self.term(x)})" for x in self.items(members))
            out.append(("in", f"({tests or 'false'})"))
        if self.one(shape, "path") is None:
            for value in self.values(shape, "hasValue"):
                out.append(("hasValue", f"sameTerm({v}, {self.term(value)})"))
        for node in self.values(shape, "node"):
            out.append(("node", self.conforms(node, v)))
        for prop, join in (("and", " && "), ("or", " || ")):
            for lst in self.values(shape, prop):
                parts = [self.conforms(s, v) for s in self.items(lst)]
                out.append((prop, "(" + (join.join(parts) or "true") + ")"))
        for s in self.values(shape, "not"):
            out.append(("not", f"!({self.conforms(s, v)})"))
        for lst in self.values(shape, "xone"):
            total = " + ".join(f"IF({self.conforms(s, v)}, 1, 0)" for s in self.items(lst))
            out.append(("xone", f"(({total or '0'}) = 1)"))
        return out

    def datatype(self, dt: Any, v: str) -> str:
        cond = f"(isLiteral({v}) && datatype({v}) = {self.term(dt)})"
        if str(dt) in CASTABLE:
            cond = f"({cond} && COALESCE(STRLEN(STR({self.term(dt)}(STR({v})))) >= 0, false))"
        elif str(dt) in INTEGER_RANGES:
            low, high = INTEGER_RANGES[str(dt)]
            as_int = f"<http://www.w3.org/2001/XMLSchema#integer>(STR({v}))"
            tests = [f"{as_int} >= {low}" if low is not None else "true",
                     f"{as_int} <= {high}" if high is not None else "true"]
            cond = f"({cond} && COALESCE({' && '.join(tests)}, false))"
        return cond

    def conforms(self, shape: Any, v: str) -> str:
        """An expression true when ``v`` conforms to ``shape`` (all its constraints)."""
        if self._deactivated(shape):
            return "true"
        self._unknown(shape)
        if self.values(shape, "sparql"):
            raise Unsupported(f"{shape}: sh:sparql inside sh:node/sh:or is not supported")
        path_node = self.one(shape, "path")
        if path_node is None:
            parts = [c for _, c in self.value_conditions(shape, v)]
            parts += [self.conforms(p, v) for p in self.values(shape, "property")]
            return "(" + (" && ".join(parts) or "true") + ")"
        return self.property_conforms(shape, v, self.path(path_node))

    def property_conforms(self, shape: Any, v: str, p: str) -> str:
        parts = []
        x = self.var()
        for _, cond in self.value_conditions(shape, x):
            parts.append(f"NOT EXISTS {{ {v} {p} {x} FILTER(!COALESCE({cond}, false)) }}")
        for n in self.values(shape, "minCount"):
            xs = [self.var() for _ in range(int(n))]
            distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(xs)
                                   for b in xs[i + 1:])
            filt = f" FILTER({distinct})" if distinct else ""
            parts.append(f"EXISTS {{ {v} {p} {', '.join(xs)} .{filt} }}" if xs else "true")
        for n in self.values(shape, "maxCount"):
            xs = [self.var() for _ in range(int(n) + 1)]
            distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(xs)
                                   for b in xs[i + 1:])
            filt = f" FILTER({distinct})" if distinct else ""
            parts.append(f"NOT EXISTS {{ {v} {p} {', '.join(xs)} .{filt} }}")
        for value in self.values(shape, "hasValue"):
            parts.append(f"EXISTS {{ {v} {p} {self.term(value)} }}")
        for prop in ("uniqueLang", "lessThan", "lessThanOrEquals", "equals", "disjoint",
                     "qualifiedValueShape"):
            if self.values(shape, prop):
                raise Unsupported(f"sh:{prop} inside a nested shape is not supported")
        return "(" + (" && ".join(parts) or "true") + ")"


_NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}
