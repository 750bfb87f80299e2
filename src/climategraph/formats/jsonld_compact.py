"""JSON-LD node objects of a graph, compacted with a context, without losing a triple.

The sorted, canonical triples, read as plain values
(:func:`climategraph.formats.canonical.plain_triples`), give the node objects
straight; which key and short form a value gets follows the JSON-LD 1.1
compaction algorithm (term selection through an inverse context, IRI compaction,
value compaction), so that a JSON-LD processor compacting the expanded output
with the same context writes the same tree (the tests check this with pyld). Every
triple is written:

- a blank node that is the object of exactly one triple (not an ``rdf:type``) is
  embedded as a node object without ``@id`` where it is used (``"venue": {...}``),
  whatever the key's coercion; a blank node used more often, or only in a cycle of
  such nodes, gets a top-level node object with its canonical ``_:c14nN`` name;
- every value of a key is kept (``0``, ``false`` and ``""`` too), literals keep
  their lexical form and datatype: ``xsd:integer`` and ``xsd:boolean`` values in
  canonical form are written as JSON numbers and booleans, other typed values as
  strings under a key whose ``@type`` is their datatype, or as ``@value`` objects
  (``"INF"``, not ``Infinity``);
- language-tagged values go into a language map where the key has ``"@container":
  "@language"`` (a plain string under ``"@none"``), ``@set`` keys are always arrays;
- RDF lists stay ``rdf:first``/``rdf:rest`` nodes (embedded), not ``@list``.

Terms are :func:`~climategraph.formats.canonical.plain_triples`' plain values. The
context may use prefixes, ``@vocab``, keyword aliases and term definitions with
``@id``, ``@type`` and ``@container`` (``@set``, ``@language``); anything else
raises :class:`climategraph.errors.ExportError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from climategraph.errors import ExportError
from climategraph.formats.canonical import XSD_STRING, Pairs

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
_GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")
_CONTAINERS = frozenset({"@set", "@language"})
_TERM_KEYS = frozenset({"@id", "@type", "@container"})
_TOP_KEYS = frozenset({"@vocab", "@version"})

Literal = tuple[str, "str | None", "str | None"]

#: term selection (JSON-LD 1.1, 4.5): the containers tried for each kind of value
_NODE = ("@id", "@id@set", "@type", "@set@type", "@set", "@none", "@index", "@index@set")
_LANGUAGE = ("@language", "@language@set", "@set", "@none", "@index", "@index@set")
_PLAIN = ("@set", "@none", "@index", "@index@set", "@language", "@language@set")
_TYPED = ("@set", "@none", "@index", "@index@set")


@dataclass(frozen=True)
class Term:
    """A term definition: its IRI, ``@type`` (expanded, or None) and containers."""

    name: str
    iri: str
    type: str | None
    container: str  # "@none" or the sorted containers joined ("@language@set")


class Context:
    """A JSON-LD context as the compaction algorithm reads it: terms, prefixes,
    ``@vocab``, keyword aliases and the inverse context."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.vocab: str | None = raw.get("@vocab")
        self.terms: dict[str, Term] = {}
        self.prefixes: list[tuple[str, str]] = []
        aliases: dict[str, list[str]] = {}
        for name, value in raw.items():
            if name.startswith("@"):
                if name not in _TOP_KEYS:
                    raise ExportError(f"JSON-LD context: {name} is not supported by the writer")
                continue
            if isinstance(value, str) and value.startswith("@"):
                aliases.setdefault(value, []).append(name)
                continue
            term = self._define(name, value)
            self.terms[name] = term
            if isinstance(value, str) and term.iri.endswith(_GEN_DELIMS):
                self.prefixes.append((name, term.iri))
        self._compacted: dict[bool, dict[str, str]] = {False: {}, True: {}}
        self.alias = {k: min(names, key=lambda n: (len(n), n)) for k, names in aliases.items()}
        self.inverse: dict[str, dict[str, dict[tuple[str, str], Term]]] = {}
        for term in sorted(self.terms.values(), key=lambda t: (len(t.name), t.name)):
            slots = self.inverse.setdefault(term.iri, {}).setdefault(term.container, {})
            keys = [("@type", term.type)] if term.type else [("@language", "@none"),
                                                             ("@type", "@none")]
            for key in keys:
                slots.setdefault(key, term)

    def key(self, keyword: str) -> str:
        """The alias of a keyword (``id`` for ``@id``), or the keyword."""
        return self.alias.get(keyword, keyword)

    def _define(self, name: str, value: Any) -> Term:
        if isinstance(value, str):
            return Term(name, self.expand(value), None, "@none")
        if not isinstance(value, dict) or set(value) - _TERM_KEYS:
            raise ExportError(f"JSON-LD context: the definition of {name!r} is not supported "
                              "by the writer (only @id, @type and @container)")
        iri = self.expand(value.get("@id", name))
        kind = value.get("@type")
        if kind is not None and kind not in ("@id", "@vocab"):
            kind = self.expand(kind)
        containers = value.get("@container", [])
        containers = [containers] if isinstance(containers, str) else list(containers)
        if not set(containers) <= _CONTAINERS:
            raise ExportError(f"JSON-LD context: the container of {name!r} is not supported "
                              "(only @set and @language)")
        return Term(name, iri, kind, "".join(sorted(containers)) or "@none")

    def expand(self, value: str) -> str:
        """A term, compact IRI or vocabulary-relative name as a whole IRI."""
        prefix, colon, suffix = value.partition(":")
        if colon:
            defined = self.raw.get(prefix)
            if isinstance(defined, str) and not suffix.startswith("//"):
                return self.expand(defined) + suffix
            return value
        defined = self.raw.get(value)
        if isinstance(defined, str) and defined != value:
            return self.expand(defined)
        if isinstance(defined, dict) and "@id" in defined:
            return self.expand(defined["@id"])
        return (self.vocab or "") + value

    def select(self, iri: str, containers: tuple[str, ...], kind: str,
               preferred: tuple[str, ...]) -> Term | None:
        """Term selection: the first term for ``iri`` with one of ``containers``
        whose ``kind`` (``@type`` or ``@language``) mapping is a ``preferred`` value."""
        slots = self.inverse.get(iri)
        if not slots:
            return None
        for container in containers:
            mapping = slots.get(container)
            if mapping:
                for value in preferred:
                    term = mapping.get((kind, value))
                    if term is not None:
                        return term
        return None

    def compact_iri(self, iri: str, vocab: bool) -> str:
        """IRI compaction: a term, a vocabulary-relative name, the shortest compact
        IRI (``cgr:seoul``), or the IRI; memoised."""
        memo = self._compacted[vocab]
        found = memo.get(iri)
        if found is None:
            found = memo[iri] = self._compact_iri(iri, vocab)
        return found

    def _compact_iri(self, iri: str, vocab: bool) -> str:
        if iri.startswith("_:"):
            return iri
        if vocab:
            term = self.select(iri, ("@none",), "@language", ("@null", "@none"))
            if term is not None and term.type is None:
                return term.name
            if self.vocab and iri.startswith(self.vocab) and len(iri) > len(self.vocab):
                suffix = iri[len(self.vocab):]
                if suffix not in self.terms:
                    return suffix
        best = None
        for name, prefix in self.prefixes:
            if iri.startswith(prefix) and len(iri) > len(prefix):
                candidate = f"{name}:{iri[len(prefix):]}"
                if candidate not in self.terms and (
                    best is None or (len(candidate), candidate) < (len(best), best)
                ):
                    best = candidate
        return best or iri


class Compactor:
    """The node objects of the triples ``props`` (from
    :func:`~climategraph.formats.canonical.plain_triples`) under ``context`` (a
    :class:`Context`)."""

    def __init__(self, context: Context, props: Pairs) -> None:
        self.ctx, self.props = context, props
        self.id_key, self.type_key = context.key("@id"), context.key("@type")
        self.value_key, self.lang_key = context.key("@value"), context.key("@language")
        uses: dict[str, int] = {}
        for pairs in props.values():
            for p, o in pairs:
                if type(o) is str and o.startswith("_:"):
                    uses[o] = uses.get(o, 0) + (2 if p == RDF_TYPE else 1)
        #: blank nodes written where they are used: the object of one triple
        self.inline = {b for b, n in uses.items() if n == 1 and b in props}
        self.done: set[str] = set()
        self._keys: dict[tuple[Any, ...], tuple[str, Term | None]] = {}
        self._vocab: dict[str, str] = {}
        self._refs: dict[tuple[str, str], tuple[str, Any, bool]] = {}

    def node_objects(self) -> list[dict[str, Any]]:
        """The top-level node objects, in no particular order."""
        nodes = [self._node(s) for s in self.props if s not in self.inline]
        for subject in self.props:  # cycles of blank nodes used once
            if subject not in self.done:
                self.inline.discard(subject)
                nodes.append(self._node(subject))
        return nodes

    def _node(self, subject: str) -> dict[str, Any]:
        """``subject``'s node object (without ``@id`` when embedded)."""
        self.done.add(subject)
        node: dict[str, Any] = {}
        if subject not in self.inline:
            node[self.id_key] = self.ctx.compact_iri(subject, vocab=False)
        for p, o in self.props[subject]:
            if p == RDF_TYPE and type(o) is str:
                key, value = self.type_key, self.ctx.compact_iri(o, vocab=True)
                _add(node, key, value, False)
                continue
            key, value, as_set = self._entry(p, o)
            if type(value) is tuple:  # a language map entry
                language_map = node.setdefault(key, {})
                _add(language_map, value[0], value[1], as_set)
            else:
                _add(node, key, value, as_set)
        return node

    def _entry(self, p: str, o: Any) -> tuple[str, Any, bool]:
        """The key and compacted value of ``(subject, p, o)``, and whether the key is
        a ``@set``; a language map entry is a ``(language, value)`` tuple."""
        if type(o) is str:
            if o in self.inline and o not in self.done:
                key, term = self._key(p, "embed", "")
                value = self._node(o)
            else:
                return self._ref_entry(p, o)
        else:
            kind = ("lang", o[2]) if o[2] else (
                ("plain", "") if o[1] == XSD_STRING else ("typed", o[1]))
            key, term = self._key(p, *kind)
            value = self._literal(o, term, p)
        return key, value, term is not None and "@set" in term.container

    def _ref_entry(self, p: str, o: str) -> tuple[str, Any, bool]:
        """:meth:`_entry` of a node reference, memoised when its value is a string (a
        reference to a node appears under the same predicate again and again)."""
        found = self._refs.get((p, o))
        if found is None:
            key, term = self._key(p, "ref", self._vocab_first(o))
            found = (key, self._reference(o, term), term is not None and "@set" in term.container)
            if type(found[1]) is str:
                self._refs[p, o] = found
        return found

    def _key(self, p: str, kind: str, detail: str) -> tuple[str, Term | None]:
        """The key for ``p`` with a value of ``kind`` ("embed", "ref", "lang",
        "plain", "typed"; ``detail`` the language or datatype), and its term."""
        found = self._keys.get((p, kind, detail))
        if found is None:
            term = self._select(p, kind, detail)
            name = term.name if term else self.ctx.compact_iri(p, vocab=True)
            found = self._keys[p, kind, detail] = (name, term)
        return found

    def _select(self, p: str, kind: str, detail: str) -> Term | None:
        """Term selection for a value of ``kind`` (JSON-LD 1.1, 4.5)."""
        select = self.ctx.select
        if kind == "embed":
            return select(p, _NODE, "@type", ("@id", "@none", "@any"))
        if kind == "ref":
            order = ("@vocab", "@id") if detail else ("@id", "@vocab")
            return select(p, _NODE, "@type", (*order, "@none", "@any"))
        if kind == "plain":
            return select(p, _PLAIN, "@language", ("@null", "@none", "@any"))
        if kind == "lang":
            return select(p, _LANGUAGE, "@language", (detail, "@none", "@any"))
        return select(p, _TYPED, "@type", (detail, "@none", "@any"))

    def _vocab_first(self, iri: str) -> str:
        """"v" when ``iri`` compacts (as vocabulary) to a term of that IRI: term
        selection then prefers ``@vocab`` keys; else ""."""
        found = self._vocab.get(iri)
        if found is None:
            term = self.ctx.terms.get(self.ctx.compact_iri(iri, vocab=True))
            found = self._vocab[iri] = "v" if term is not None and term.iri == iri else ""
        return found

    def _reference(self, o: str, term: Term | None) -> Any:
        """A node reference: a string under an ``@id``/``@vocab`` key, else ``{"id"}``."""
        if term is not None and term.type == "@id":
            return self.ctx.compact_iri(o, vocab=False)
        if term is not None and term.type == "@vocab":
            return self.ctx.compact_iri(o, vocab=True)
        return {self.id_key: self.ctx.compact_iri(o, vocab=False)}

    def _literal(self, o: Literal, term: Term | None, p: str) -> Any:
        lexical, datatype, language = o
        if language:
            if term is not None and "@language" in term.container:
                return (language, lexical)
            return {self.lang_key: language, self.value_key: lexical}
        if datatype == XSD_STRING:
            if term is not None and "@language" in term.container:
                return ("@none", lexical)
            return lexical
        if term is not None and term.type == datatype:
            return lexical
        native = _native(lexical, str(datatype))
        if native is not None and self._key(p, "plain", "")[1] is term:
            return native
        return {self.type_key: self.ctx.compact_iri(str(datatype), vocab=True),
                self.value_key: lexical}


def _native(lexical: str, datatype: str) -> Any:
    """The JSON value of a canonical ``xsd:integer`` or ``xsd:boolean``, else None."""
    if datatype == XSD + "boolean" and lexical in ("true", "false"):
        return lexical == "true"
    if datatype == XSD + "integer":
        try:
            number = int(lexical)
        except ValueError:
            return None
        if str(number) == lexical and abs(number) < 10**21:
            return number
    return None


def _add(node: dict[str, Any], key: str, value: Any, as_set: bool) -> None:
    """Add ``value`` under ``key``: a single value, or an array when several or a set."""
    if key not in node:
        node[key] = [value] if as_set else value
    elif type(node[key]) is list:
        node[key].append(value)
    else:
        node[key] = [node[key], value]
