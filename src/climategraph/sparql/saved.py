"""Saved SPARQL queries: discovery, headers, safe parameters, one place that runs them.

Each question lives in ``queries/NAME.rq`` (SPARQL 1.1 ``SELECT``) and starts with a
comment header; nothing else lists the queries::

    # title: Sister cities of a local government
    # description: The city's sister and partner cities, from either side of
    #   the link (continuation lines are indented).
    # param: city | local-government | incheon
    # param: org | international-organisation |

A ``param`` line gives the name (the query's variable ``?name``), the kind and the
default; an empty default makes the parameter optional (left unbound: any value).
Kinds, value forms and checks are in :mod:`climategraph.sparql.params` (entities by label,
slug or IRI; ``date``/``end-date`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``). The
variable ``?lang`` is always bound to the output language (``en`` or ``ko``).

**How values are bound.** Values become RDF terms (an IRI found in the graph, or a
typed literal) and are written, in their escaped N-Triples form (``term.n3()``), in
place of each token of their variable (see :func:`climategraph.sparql.binding.bind`;
a variable the query projects or assigns gets a ``VALUES`` row at the start of the
``WHERE`` group instead). Nothing a user types reaches the query text: a name is
first resolved to a node of the graph (so ``Incheon" } ; DROP ALL ; #`` is an unknown
name), a date is parsed first. Terms in the text, not an outer ``VALUES`` row,
because Virtuoso 7 does not see outer ``VALUES`` bindings inside an ``OPTIONAL``'s
``FILTER``; and not rdflib's ``initBindings``, which a remote endpoint behind
rdflib's ``SPARQLStore`` does not support: this works the same on Oxigraph (through
oxrdflib), rdflib's own engine and a remote endpoint.

Queries are read-only and local: text that parses as a SPARQL update, any query form
other than ``SELECT``, and any ``SERVICE`` (federated) pattern are refused before
the query reaches the store, so nothing is fetched unless the user gave an endpoint.

**Writing a query.** Labels: ``OPTIONAL { ?x rdfs:label ?xName FILTER(LANG(?xName) =
?lang) }`` (``?lang`` is written into the text, so it reaches a label at any depth).
A label never sits inside the pattern that finds its node (a node without a label in
``?lang`` would vanish from rows and counts): find the node in one ``OPTIONAL`` and
label it in an ``OPTIONAL`` nested inside that one, where the node is always bound:
``OPTIONAL { ?taking cg:atEvent ?event . OPTIONAL { ?event rdfs:label ?eventName
FILTER(LANG(?eventName) = ?lang) } }``. Group by nodes, not by their labels. List columns:
``(GROUP_CONCAT(?xName; separator="; ") AS ?xs)`` without ``DISTINCT`` (rdflib 7
fails on ``GROUP_CONCAT(DISTINCT ...)`` over unbound values), and with
``COALESCE(?xName, "")`` when a group may mix named and unnamed rows (Oxigraph gives
no value at all then); :func:`run_query` drops the empty parts, sorts
and de-duplicates their parts. Order by ``STR(?date)`` when dates of different
precision (``xsd:date``, ``xsd:gYear``) are mixed.

**The same rows on Virtuoso 7** (tested on 7.2.5 by ``tests/server/test_virtuoso.py``;
mark each such form with a comment): no ``BOUND()`` in an ``OPTIONAL``'s ``FILTER`` on a
variable of an earlier ``OPTIONAL`` (Virtuoso sees it unbound there), and no
``BOUND()`` after a union of a variable from a branch's ``OPTIONAL`` (it takes it as
bound); build text where its parts are bound (its ``CONCAT`` takes an unbound value as
``""``); a union of two predicates as a path; a class test from a node bound
elsewhere with the subclasses from a sub-query of its own, ``?x a ?xClass . { SELECT
?xClass WHERE { ?xClass rdfs:subClassOf* cg:C } LIMIT 1000000 }`` (from a bound node
to a constant, Virtuoso finds a path for the first row only, and only a ``LIMIT``
keeps it from merging the sub-query back).

**Fast on both engines.** Oxigraph orders joins itself; rdflib's own engine (the
benchmark's baseline) follows the text. It passes bindings into a pattern only
through ``OPTIONAL``, ``FILTER EXISTS``, a union's branches and a join with no other
join or ``DISTINCT`` below it, and it starts
a pattern with all its typed nodes (``?x a C``), joined as a cross product. So: one
typed node per pattern, the other types as ``FILTER EXISTS``; a union of two
predicates as a path (``cg:agent|cg:onBehalfOf``); a sub-query that feeds a pattern
``REDUCED``, in a group of its own. ``tests/test_scale_compare.py`` checks that both
give the same rows at 10^4 triples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from climategraph.errors import ParameterError, QueryError
from climategraph.sparql.binding import _strip_comments
from climategraph.sparql.params import KINDS, LANG_VAR, Param
from climategraph.store.project import queries_dir


@dataclass(frozen=True)
class SavedQuery:
    """A query with its header: name, title, description, parameters and text."""

    name: str
    title: str
    text: str
    description: str = ""
    params: tuple[Param, ...] = ()
    path: Path | None = None
    lists: tuple[str, ...] = field(default=(), compare=False)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(
            f"query {self.name!r} has no parameter {name!r} (parameters: {known})", name=name
        )


def discover(
    folder: str | Path | None = None, *, broken: dict[str, QueryError] | None = None
) -> dict[str, SavedQuery]:
    """Every ``*.rq`` in ``folder`` (default :func:`queries_dir`), by name, sorted.

    A file that cannot be read or parsed raises its :class:`QueryError`, unless
    ``broken`` is given: then its error goes there (by name) and the other queries
    are still returned, so one broken file does not break the others. The order is
    that of the file names (``climategraph.saved_queries``).

    Examples
    --------
    >>> saved = discover()
    >>> saved["sister-cities"].params
    (Param(name='city', kind='local-government', default='incheon'),)
    >>> list(saved)[:3]
    ['agreements', 'cross-border-cooperation', 'event-sessions']
    """
    root = Path(folder) if folder is not None else queries_dir()
    if not root.is_dir():
        raise QueryError(f"no queries folder at {root}")
    found: dict[str, SavedQuery] = {}
    for path in sorted(root.glob("*.rq")):
        try:
            found[path.stem] = load(path)
        except QueryError as exc:
            if broken is None:
                raise
            broken[path.stem] = exc
    return found


def load(path: str | Path) -> SavedQuery:
    """Read one ``.rq`` file (UTF-8, with or without a byte-order mark) and parse its
    header. Only regular files of at most :data:`~climategraph.limits.MAX_QUERY_BYTES`
    are read."""
    import stat

    from climategraph.limits import MAX_QUERY_BYTES

    file = Path(path)
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise QueryError(f"{file}: not a regular file; give a .rq text file")
        MAX_QUERY_BYTES.check(info.st_size, str(file))
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise QueryError(f"{file}: cannot read query: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"{file}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start})"
        ) from None
    return parse(text, name=file.stem, path=file)


_HEADER = re.compile(r"#\s?(?P<key>[a-z]+):\s*(?P<value>.*)")
_CONTINUED = re.compile(r"#\s{2,}(?P<value>\S.*)")


def parse(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    """A :class:`SavedQuery` from query text with (or without) a header.

    >>> q = parse("# title: All\\n# param: x | date |\\nSELECT * WHERE { ?s ?p ?x }")
    >>> q.title, q.params
    ('All', (Param(name='x', kind='date', default=None),))
    """
    where = str(path) if path else name
    text = text.removeprefix("\ufeff")
    fields: dict[str, list[str]] = {}
    params: list[Param] = []
    last = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        more = _CONTINUED.match(stripped)
        head = _HEADER.match(stripped)
        if more and last and not head:
            fields[last][-1] += " " + more["value"].strip()
        elif head:
            last = head["key"]
            if last == "param":
                params.append(_param(head["value"], where))
            fields.setdefault(last, []).append(head["value"].strip())
    unknown = set(fields) - {"title", "description", "param"}
    if unknown:
        raise QueryError(f"{where}: unknown header field(s): {', '.join(sorted(unknown))}")
    query = SavedQuery(
        name=name,
        title=" ".join(fields.get("title", [])) or name,
        description=" ".join(fields.get("description", [])),
        params=tuple(params),
        text=text,
        path=path,
        lists=_list_columns(text),
    )
    _check_params(query, where)
    return query


def _param(value: str, where: str) -> Param:
    parts = [p.strip() for p in value.split("|")]
    if len(parts) != 3 or not re.fullmatch(r"[A-Za-z_]\w*", parts[0]):
        raise QueryError(f"{where}: a param line is 'name | kind | default', not {value!r}")
    name, kind, default = parts
    if kind not in KINDS:
        raise QueryError(f"{where}: parameter {name!r} has unknown kind {kind!r}")
    return Param(name, kind, default or None)


def _check_params(query: SavedQuery, where: str) -> None:
    names = [p.name for p in query.params]
    if len(set(names)) != len(names) or LANG_VAR in names:
        raise QueryError(f"{where}: parameter names must be unique and not {LANG_VAR!r}")
    for name in names:
        if not re.search(rf"[?$]{name}\b", _strip_comments(query.text)):
            raise QueryError(f"{where}: parameter {name!r} is not used as ?{name}")


def _list_columns(text: str) -> tuple[str, ...]:
    """Variables made by ``GROUP_CONCAT(... ; separator="; ")``: their parts get sorted."""
    found = re.findall(
        r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*\"; \"\s*\)\s*AS\s+\?(\w+)",
        _strip_comments(text),
        flags=re.IGNORECASE,
    )
    return tuple(found)


# --- running ---------------------------------------------------------------------


def get(name_or_file: str | Path, folder: str | Path | None = None) -> SavedQuery:
    """A saved query by name, or a ``.rq`` file by path; a misspelt name lists the others."""
    import difflib

    candidate = Path(name_or_file)
    if candidate.suffix == ".rq" or len(candidate.parts) > 1:
        if not candidate.exists():
            raise QueryError(f"{candidate}: no such file")
        return load(candidate)
    broken: dict[str, QueryError] = {}
    saved = discover(folder, broken=broken)
    if str(name_or_file) in saved:
        return saved[str(name_or_file)]
    if str(name_or_file) in broken:
        raise broken[str(name_or_file)]
    close = difflib.get_close_matches(str(name_or_file), list(saved), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(
        f"unknown query {str(name_or_file)!r}{hint} (saved queries: {', '.join(saved)})"
    )
