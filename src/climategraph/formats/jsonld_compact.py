"""JSON-LD node objects of a flat graph, compacted exactly as rdflib's serialiser does.

rdflib's JSON-LD serialiser (``rdflib.plugins.serializers.jsonld.Converter``) needs
the triples in an rdflib memory graph and walks them term by term: seconds per
10^5 triples. Here the sorted, canonical triples (:mod:`climategraph.formats.canonical`)
are read as plain strings and the node objects built straight from them. Which
key, coercion or short form a term gets is asked of rdflib's own ``Context``, once
per predicate or IRI (cached); the rest of the ``Converter`` is followed step by
step, quirks included, so the output stays byte-identical:

- a subject's values are added in N-Triples order, and a falsy value (``0``,
  ``false``, ``""``) is replaced by the next value of the same key instead of
  being kept beside it;
- a blank node reached only through an ``@id``-coerced key, or only from blank
  nodes in a cycle, gets no node object (its own triples are not written);
- a predicate whose last segment is another IRI's term is written under that term;
- an ill-formed number or boolean is written as a plain string, and a plain
  literal as ``rdf:type`` as a type name (it reads back as an IRI);
- literals rdflib holds equal (``"01"`` and ``"1"`` as integers) are written once,
  in rdflib's normal form (``"2021-11-23T10:00:00+00:00"`` for ``...T10:00:00Z``).

Those are valid JSON-LD, so rdflib stays the reference there (they are
``tests/fixtures/writers/jsonld-rdflib-quirks.ttl``).

Two departures, where rdflib writes invalid JSON-LD
(``tests/fixtures/writers/jsonld-departures.ttl``):

- ``rdf:type`` with a blank node object is written ``"type": "_:b"`` (rdflib
  writes ``{"id": "_:b"}``), and with a literal whose JSON is not a string (a
  number, a ``@value`` object) under the key ``rdf:type``, not ``type``: the value
  of ``@type`` must be a string;
- an ``xsd:double`` that is infinite or NaN is written as a ``@value`` object with
  its XSD form (``"INF"``, ``"-INF"``, ``"NaN"``): rdflib writes ``Infinity``,
  which is not JSON.

Terms are plain values: an IRI is its string, a blank node ``"_:" + id``, a
literal a tuple (lexical form as rdflib normalises it, datatype or None, language
or None).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE, RDF_FIRST, RDF_REST, RDF_NIL, RDF_LIST = (
    RDF + name for name in ("type", "first", "rest", "nil", "List")
)
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
#: datatypes rdflib writes as JSON numbers and booleans (its ``PLAIN_LITERAL_TYPES``)
NATIVE = frozenset(XSD + name for name in ("boolean", "integer", "double"))
_NON_FINITE = {math.inf: "INF", -math.inf: "-INF"}
#: the coercion of rdf:type without a term of its own (a space: never an IRI)
_TYPE_WITHOUT_TERM = " rdf:type"

Literal = tuple[str, "str | None", "str | None"]
Pairs = dict[str, list[tuple[str, Any]]]


def read_triples(graph: Graph) -> tuple[Pairs, set[str]]:
    """Each subject's ``(predicate, object)`` pairs in canonical N-Triples order (the
    order rdflib's memory graph hands them back), and the blank nodes used as objects.

    Blank nodes keep their RDFC-1.0 names; literals rdflib holds equal are kept once.
    """
    import pyoxigraph as ox

    from climategraph.formats.canonical import sorted_ox_triples

    named, blank = ox.NamedNode, ox.BlankNode
    props: Pairs = {}
    objects: set[str] = set()
    typed: dict[tuple[str, str], Literal] = {}
    subject, pairs = "", []
    seen: set[tuple[str, Literal]] = set()
    for triple in sorted_ox_triples(graph):
        s = triple.subject
        name = s.value if type(s) is named else "_:" + s.value
        if name != subject:
            subject, pairs, seen = name, props.setdefault(name, []), set()
        p, o = triple.predicate.value, triple.object
        if type(o) is named:
            pairs.append((p, o.value))
        elif type(o) is blank:
            objects.add("_:" + o.value)
            pairs.append((p, "_:" + o.value))
        else:
            lit = _literal(o, typed)
            # only typed values are normalised (Oxigraph lowercases language tags)
            if lit[1] is None or lit[1] == XSD_STRING:
                pairs.append((p, lit))
            elif (p, lit) not in seen:
                seen.add((p, lit))
                pairs.append((p, lit))
    return props, objects


def _literal(o: Any, typed: dict[tuple[str, str], Literal]) -> Literal:
    """An Oxigraph literal as rdflib's ``Literal`` holds it (cached per typed value)."""
    if o.language:
        return (o.value, None, o.language)
    datatype = o.datatype.value
    if datatype == XSD_STRING:
        return (o.value, datatype, None)
    found = typed.get((o.value, datatype))
    if found is None:
        from rdflib import Literal as RdfLiteral
        from rdflib import URIRef

        lexical = str(RdfLiteral(o.value, datatype=URIRef(datatype)))
        found = typed[o.value, datatype] = (lexical, datatype, None)
    return found


def _truthy(term: Any) -> bool:
    """rdflib's truth value of a term (a literal's is its value's: ``0`` is false)."""
    if term is None or type(term) is str:
        return term is not None
    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef

    lexical, datatype, language = term
    if language:
        return bool(RdfLiteral(lexical, lang=language))
    return bool(RdfLiteral(lexical, datatype=URIRef(datatype)))


class Compactor:
    """The node objects of the triples ``props`` (from :func:`read_triples`) under
    rdflib's ``context`` (a ``rdflib.plugins.shared.jsonld.context.Context``).

    Only contexts without containers, ``@language`` or reverse terms: see
    :func:`supported`.
    """

    def __init__(self, context: Any, props: Pairs, objects: set[str]) -> None:
        self.ctx, self.props, self.objects = context, props, objects
        self.id_key, self.type_key = context.id_key, context.type_key
        self.value_key, self.lang_key = context.value_key, context.lang_key
        self.list_key = context.list_key
        self.nodes: dict[str, dict[str, Any]] = {}
        self._todo: list[str] = []
        self._plans: dict[tuple[Any, ...], tuple[str, str | None]] = {}
        self._shrunk: dict[str, str] = {}
        self._symbols: dict[str, str] = {}
        self._natives: dict[Literal, Any] = {}
        self._heads = {s for s, pairs in props.items() if _truthy(_first(pairs))}

    def node_objects(self) -> list[dict[str, Any]]:
        """Every node object, in no particular order."""
        for subject in self.props:
            if not subject.startswith("_:") or subject not in self.objects:
                self._process(subject)
            while self._todo:
                self._process(self._todo.pop())
        return list(self.nodes.values())

    def _process(self, subject: str) -> None:
        """Make ``subject``'s node object (rdflib's ``process_subject``), once."""
        node_id = subject if subject.startswith("_:") else self.shrink(subject)
        if node_id in self.nodes:
            return
        node: dict[str, Any] = {self.id_key: node_id}
        self.nodes[node_id] = node
        for p, o in self.props.get(subject, ()):
            key, value = self._entry(p, o)
            old = node.get(key)
            if not old:  # rdflib: a falsy value is replaced, not kept
                node[key] = value
            elif type(old) is list:
                old.append(value)
            else:
                node[key] = [old, value]

    def _entry(self, p: str, o: Any) -> tuple[str, Any]:
        """The key and JSON value of the triple ``(subject, p, o)``."""
        literal = type(o) is tuple
        plan = (p, o[1], o[2]) if literal else (p, o in self._heads)
        try:
            key, coercion = self._plans[plan]
        except KeyError:
            key, coercion = self._plans[plan] = self._plan(p, plan, literal)
        if coercion is None:
            return key, self._raw(o)
        if coercion == "@id" and not literal and not o.startswith("_:"):
            return key, self.shrink(o)
        if coercion == _TYPE_WITHOUT_TERM:
            return self._type_entry(key, p, o)
        value = self._coerce(o, coercion)
        return key, self._raw(o) if value is None else value

    def _plan(self, p: str, plan: tuple[Any, ...], literal: bool) -> tuple[str, str | None]:
        """The key of ``p``'s values of one kind and their coercion (a term's
        ``@type``, :data:`_TYPE_WITHOUT_TERM`, or None)."""
        term = self._ask("literal" if literal else "node", *plan)
        if term is not None:
            return term.name, term.type or None
        key = self._ask("key", p)
        return (self.type_key, _TYPE_WITHOUT_TERM) if p == RDF_TYPE else (key, None)

    def _type_entry(self, key: str, p: str, o: Any) -> tuple[str, Any]:
        """An rdf:type value: a class name, or the departures from rdflib (module doc)."""
        if type(o) is not tuple:
            if o.startswith("_:"):
                self._todo.append(o)
                return key, o
            return key, self.symbol(o)
        value = self._raw(o)
        return (key, value) if type(value) is str else (self._ask("key", p), value)

    def _coerce(self, o: Any, coercion: str) -> Any:
        """rdflib's ``type_coerce``: the value under a key with ``"@type"``, or None."""
        if coercion == "@id" and type(o) is not tuple:
            return o if o.startswith("_:") else self.shrink(o)
        if coercion == "@vocab":
            return self.symbol(o) if type(o) is str and not o.startswith("_:") else None
        if type(o) is tuple and (coercion == "@id" or str(o[1]) == coercion):
            return o[0] if _truthy(o) else _FalseString(o[0])  # rdflib keeps the Literal
        return None

    def _raw(self, o: Any) -> Any:
        """rdflib's ``to_raw_value``: a list, a node reference or a literal's value."""
        if type(o) is str:
            if o.startswith("_:"):
                items = self._collection(o)
                if items is not None:
                    return {self.list_key: [self._raw(item) for item in items]}
                self._todo.append(o)
                return {self.id_key: o}
            if o == RDF_NIL:
                return {self.list_key: []}
            return {self.id_key: self.shrink(o)}
        return None if o is None else self._literal_value(o)

    def _collection(self, head: str) -> list[Any] | None:
        """rdflib's ``to_collection``: the items of the RDF list ``head``, or None."""
        if head == RDF_NIL:
            return []
        if not head.startswith("_:") or head not in self._heads:
            return None
        items: list[Any] = []
        chain: set[Any] = {head}
        node: Any = head
        while _truthy(node):
            if node == RDF_NIL:
                return items
            if type(node) is not str or not node.startswith("_:"):
                return None
            first = rest = None
            for p, o in self.props.get(node, ()):
                if not _truthy(first) and p == RDF_FIRST:
                    first = o
                elif not _truthy(rest) and p == RDF_REST:
                    rest = o
                elif p != RDF_TYPE or o != RDF_LIST:
                    return None
            items.append(first)
            if rest in chain:
                return None
            chain.add(rest)
            node = rest
        return None

    def _literal_value(self, o: Literal) -> Any:
        lexical, datatype, language = o
        if language:
            return {self.lang_key: language, self.value_key: lexical}
        if datatype == XSD_STRING:
            return lexical
        if datatype in NATIVE:
            value = self._natives.get(o)
            if value is None:
                value = self._natives[o] = self._ask("native", lexical, datatype)
            if type(value) is not float or math.isfinite(value):
                return value
            lexical = _NON_FINITE.get(value, "NaN")  # departure: rdflib writes Infinity
        return {self.type_key: self.symbol(str(datatype)), self.value_key: lexical}

    # --- rdflib's Context, asked once per term ------------------------------

    def shrink(self, iri: str) -> str:
        """The IRI as a compact IRI (``cgr:x``) when a prefix fits, else whole."""
        return _memo(self._shrunk, self.ctx.shrink_iri, iri)

    def symbol(self, iri: str) -> str:
        """rdflib's ``to_symbol``: a term, a vocabulary-relative name or a compact IRI."""
        return _memo(self._symbols, self.ctx.to_symbol, iri)

    def _ask(self, what: str, *args: Any) -> Any:
        """rdflib's answer: the term for a predicate and a literal's datatype and
        language, or a node object (list head or not); the key of a predicate
        without a term; a native literal's Python value."""
        from rdflib import Literal as RdfLiteral
        from rdflib import URIRef
        from rdflib.plugins.shared.jsonld.context import UNDEF

        ctx = self.ctx
        if what == "literal":
            return ctx.find_term(args[0], args[1], language=args[2])
        if what == "node":
            containers = ["@list", None] if args[1] else [None]
            terms = (ctx.find_term(args[0], c, k) for k in containers
                     for c in ("@id", "@vocab", UNDEF))
            return next((term for term in terms if term), None)
        if what == "key":  # a term's name is only used as a key if it has no coercion
            key = ctx.to_symbol(args[0])
            term = ctx.terms.get(key)
            return args[0] if term and (term.type or term.container) else key
        value = RdfLiteral(args[0], datatype=URIRef(args[1])).toPython()
        return value if isinstance(value, bool | int | float) else str(value)


class _FalseString(str):
    """A literal's lexical form that is false, as the rdflib ``Literal`` it stands
    for (``"0"^^xsd:integer``): rdflib replaces a false value by the next one."""

    def __bool__(self) -> bool:
        return False


def _first(pairs: Iterable[tuple[str, Any]]) -> Any:
    """The first ``rdf:first`` value among ``pairs`` (rdflib's ``graph.value``)."""
    return next((o for p, o in pairs if p == RDF_FIRST), None)


def supported(context: Any) -> bool:
    """Whether :class:`Compactor` follows rdflib on this ``Context``: active, no
    default ``@language``, no term with a container, a language or ``@reverse``."""
    from rdflib.plugins.shared.jsonld.context import UNDEF

    return bool(context.active) and context.language is None and all(
        not term.container and term.language is UNDEF and not term.reverse
        for term in context.terms.values()
    )


def _memo(table: dict[str, str], ask: Any, iri: str) -> str:
    """``ask(iri)``, asked once per IRI and kept in ``table``."""
    try:
        return table[iri]
    except KeyError:
        found = table[iri] = ask(iri)
        return found
