"""Safe SPARQL text: the read-only check, and parameters bound as escaped RDF terms
(never pasted text) written in place of their variable tokens, or as a ``VALUES`` row,
so a query runs the same on Oxigraph, rdflib's engine and a remote endpoint
(Virtuoso included).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from climategraph.errors import QueryError

if TYPE_CHECKING:
    from rdflib.term import Node



# --- read-only check and VALUES injection ---------------------------------------

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?)
    | (?P<open>\{)
    | (?P<paren>[()])
    | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def _strip_comments(text: str) -> str:
    return "".join(
        m.group() if m.lastgroup != "comment" else " " for m in _TOKEN.finditer(text)
    )


def check_read_only(text: str) -> None:
    """Refuse anything but a syntactically valid SPARQL ``SELECT`` query.

    >>> check_read_only("DROP ALL")
    Traceback (most recent call last):
    ...
    climategraph.errors.QueryError: updates are refused: queries are read-only
    """
    _checked(text)


@functools.lru_cache(maxsize=64)
def _checked(text: str) -> bool:
    """:func:`check_read_only`, remembered for the texts that pass (rdflib's parser
    takes 0.1-0.2 s a query, and the main job checks each saved query more than once)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not _strip_comments(text).strip():
        raise QueryError("the query is empty (only comments or blank lines)")
    try:
        parsed = parseQuery(text)
    except Exception as exc:
        try:
            parseUpdate(text)
        except Exception:
            raise QueryError(f"malformed SPARQL query: {_first_line(exc)}") from None
        raise QueryError("updates are refused: queries are read-only") from None
    form = parsed[1].name
    if form != "SelectQuery":
        raise QueryError(f"only SELECT queries can be saved or run here, not {form}")
    if _has_service(parsed):
        raise QueryError("SERVICE (federated query) is refused: queries run on the graph only")
    if "datasetClause" in parsed[1]:
        raise QueryError(
            "FROM / FROM NAMED are refused: a query runs on the loaded graph",
            hint="choose the files with --data, and use GRAPH patterns, not FROM",
        )
    return True


def _has_service(tree: object) -> bool:
    """Whether a parsed query holds a ``SERVICE`` pattern anywhere (sub-queries, EXISTS)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(tree, CompValue):
        return tree.name == "ServiceGraphPattern" or any(
            _has_service(v) for v in tree.values()
        )
    if isinstance(tree, (list, tuple, ParseResults)):
        return any(_has_service(v) for v in tree)
    return False


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


def where_group_start(text: str) -> int:
    """Offset just after the ``{`` opening the ``WHERE`` group of a ``SELECT`` query.

    >>> q = 'SELECT ("{" AS ?x) WHERE { ?s ?p ?o }'
    >>> q[where_group_start(q):]
    ' ?s ?p ?o }'
    """
    seen_select = False
    depth = 0
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "word" and value.upper() == "SELECT":
            seen_select = True
        elif kind == "paren":
            depth += 1 if value == "(" else -1
        elif kind == "open" and seen_select and depth == 0:
            return match.end()
    raise QueryError("cannot find the WHERE group of the SELECT query")


def values_block(bindings: Mapping[str, Node]) -> str:
    """One ``VALUES`` row of escaped RDF terms (empty text for no bindings).

    >>> from rdflib import Literal
    >>> values_block({"name": Literal('x" } ; DROP ALL ; #')})
    ' VALUES (?name) { ("x\\\\" } ; DROP ALL ; #") } '
    """
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f" VALUES ({names}) {{ ({terms}) }} "


def substitute(text: str, name: str, term: Node) -> str:
    """The query text with every ``?name`` / ``$name`` token replaced by ``term``'s
    escaped N3 form; text inside strings, IRIs and comments is left as it is.

    >>> from rdflib import Literal
    >>> substitute('SELECT ?x WHERE { ?x ?p "?lang" FILTER(LANG(?x) = ?lang) } # ?lang',
    ...            "lang", Literal("ko"))
    'SELECT ?x WHERE { ?x ?p "?lang" FILTER(LANG(?x) = "ko") } # ?lang'
    """
    wanted = {f"?{name}", f"${name}"}
    return "".join(
        term.n3() if m.lastgroup == "var" and m.group() in wanted else m.group()
        for m in _TOKEN.finditer(text)
    )


def bind(text: str, bindings: Mapping[str, Node]) -> str:
    """The query text with each binding's escaped term written in place of its
    variable tokens; a variable the query projects or assigns (``SELECT ?x``,
    ``AS ?x``) is bound by a ``VALUES`` row at the start of the WHERE group instead.

    Terms in the text rather than one outer ``VALUES`` row because Virtuoso 7 does
    not see outer ``VALUES`` bindings inside an ``OPTIONAL``'s ``FILTER`` (it drops
    ``OPTIONAL { ... FILTER(LANG(?n) = ?lang) }``): the text form gives the same rows
    on Oxigraph, rdflib's engine and Virtuoso.
    """
    check_read_only(text)
    rows = dict(bindings)
    for name, term in bindings.items():
        inlined = substitute(text, name, term)
        try:  # a query projecting or assigning ?name keeps it as a VALUES row
            check_read_only(inlined)
        except QueryError:
            continue
        text = inlined
        del rows[name]
    at = where_group_start(text)
    bound = text[:at] + values_block(rows) + text[at:]
    check_read_only(bound)
    return bound
