"""Running a saved query (or a query file) on a graph: parameters resolved and bound,
the language chosen, the result returned as a :class:`~climategraph.sparql.results.QueryResult`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from climategraph.errors import QueryError
from climategraph.sparql.binding import _first_line, _strip_comments, bind
from climategraph.sparql.params import LANG_VAR
from climategraph.sparql.saved import SavedQuery, parse

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from climategraph.sparql.results import QueryResult


def bindings_for(
    graph: Graph, query: SavedQuery, values: Mapping[str, str] | None, lang: str
) -> dict[str, Node]:
    """Every parameter's RDF term (see :func:`climategraph.sparql.params.bindings_for`)."""
    from climategraph.sparql.params import bindings_for as bind_params

    for name in values or {}:
        query.param(name)
    uses_lang = bool(re.search(rf"[?$]{LANG_VAR}\b", _strip_comments(query.text)))
    return bind_params(graph, query.params, values, lang, uses_lang=uses_lang)


def run_query(
    graph: Graph,
    query: SavedQuery | str,
    params: Mapping[str, str] | None = None,
    lang: str = "en",
) -> QueryResult:
    """Run a saved query (or query text with an optional header) on ``graph``.

    ``params`` maps parameter names to what a user typed; defaults fill the rest.
    Works on any rdflib ``Graph``: Oxigraph (oxrdflib), the memory store or a
    ``SPARQLStore``, because values are bound with ``VALUES`` (see the module notes).
    """
    from climategraph.sparql.results import QueryResult

    saved = parse(query, name="query") if isinstance(query, str) else query
    text = bind(saved.text, bindings_for(graph, saved, params, lang))
    try:
        result = graph.query(text)
    except QueryError:
        raise
    except Exception as exc:
        raise QueryError(f"query {saved.name!r} failed: {_first_line(exc)}") from None
    names = [str(v) for v in (result.vars or [])]
    rows: list[tuple[Node | None, ...]] = [tuple(row) for row in result]  # type: ignore[arg-type]
    return QueryResult(names, rows, lists=saved.lists).normalised()
