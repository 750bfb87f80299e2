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
from climategraph.sparql.saved import SavedQuery, get, parse

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
    """Run a saved query (by name), a ``.rq`` file or query text on ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        Any rdflib graph: Oxigraph (oxrdflib), the memory store or a ``SPARQLStore``
        (values are bound with ``VALUES``, see :mod:`climategraph.sparql.saved`).
    query : SavedQuery or str
        A saved query's name (``"sister-cities"``, see :func:`discover`), the path of
        a ``.rq`` file, or SPARQL text with an optional header: a string without
        whitespace is a name or a path, one with whitespace is query text.
    params : mapping of str to str, optional
        Parameter names to what a user typed; the defaults fill the rest.
    lang : {"en", "ko"}
        The language of the labels.

    Returns
    -------
    QueryResult
        The variables and rows (list columns sorted and de-duplicated).

    Raises
    ------
    QueryError
        An unknown query name (with the closest names), a malformed or non-read-only
        query, or a query the store fails on; :class:`ParameterError` for a bad value.

    Examples
    --------
    >>> from climategraph.store.load import load_graph
    >>> graph = load_graph()
    >>> result = run_query(graph, "sister-cities", {"city": "인천"}, lang="ko")
    >>> result.vars
    ['partner', 'partnerName', 'countryName', 'kind', 'since']
    >>> run_query(graph, "sister-city")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    climategraph.errors.QueryError: unknown query 'sister-city'; did you mean sister-cities? ...
    """
    from climategraph.sparql.results import QueryResult

    if isinstance(query, str):  # a name or a path has no whitespace; query text has
        saved = parse(query, name="query") if re.search(r"\s", query) else get(query)
    else:
        saved = query
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
