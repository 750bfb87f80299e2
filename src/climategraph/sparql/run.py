"""Running a saved query (or a query file) on a graph: parameters resolved and bound,
the language chosen, the result returned as a :class:`~climategraph.sparql.results.QueryResult`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from climategraph.errors import QueryError
from climategraph.sparql.binding import _first_line, _strip_comments, bind
from climategraph.sparql.params import LANG_VAR
from climategraph.sparql.saved import SavedQuery, get, parse

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from climategraph.sparql.results import QueryResult

T = TypeVar("T")


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
    *,
    timeout: float | None = None,
) -> QueryResult:
    """Run a saved query (by name), a ``.rq`` file or query text on ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        Any rdflib graph: Oxigraph (oxrdflib), the memory store or a ``SPARQLStore``
        (values are written into the query text as escaped terms, see
        :mod:`climategraph.sparql.saved`).
    query : SavedQuery or str
        A saved query's name (``"sister-cities"``, see :func:`discover`), the path of
        a ``.rq`` file, or SPARQL text with an optional header: a string without
        whitespace is a name or a path, one with whitespace is query text.
    params : mapping of str to str, optional
        Parameter names to what a user typed; the defaults fill the rest.
    lang : {"en", "ko"}
        The language of the labels.
    timeout : float, optional
        Seconds; a query still running then raises :class:`QueryError` (see
        :func:`within`).

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
    ['partner', 'partnerName', 'countryName', 'kind', 'since', 'certainty']
    >>> run_query(graph, "sister-city")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    climategraph.errors.QueryError: unknown query 'sister-city'; did you mean sister-cities? ...
    """
    if isinstance(query, str):  # a name or a path has no whitespace; query text has
        saved = parse(query, name="query") if re.search(r"\s", query) else get(query)
    else:
        saved = query
    if timeout is None:
        return _run(graph, saved, params, lang)
    return within(timeout, f"query {saved.name!r}", lambda: _run(graph, saved, params, lang))


def _run(
    graph: Graph, saved: SavedQuery, params: Mapping[str, str] | None, lang: str
) -> QueryResult:
    from climategraph.sparql.results import QueryResult

    values = bindings_for(graph, saved, params, lang)
    try:
        text = bind(saved.text, values)
    except QueryError as exc:  # name the file the text came from
        where = str(saved.path) if saved.path else f"query {saved.name!r}"
        raise QueryError(f"{where}: {exc.message}", hint=exc.hint) from None
    try:
        result = graph.query(text)
        names = [str(v) for v in (result.vars or [])]
        rows: list[tuple[Node | None, ...]] = [tuple(row) for row in result]  # type: ignore[arg-type]
    except QueryError:
        raise
    except Exception as exc:
        raise QueryError(f"query {saved.name!r} failed: {_first_line(exc)}") from None
    return QueryResult(names, rows, lists=saved.lists).normalised()


def within(seconds: float, what: str, work: Callable[[], T]) -> T:
    """``work()``, or :class:`QueryError` when it has not finished after ``seconds``.

    Neither Oxigraph nor rdflib can stop a query from outside, so the work runs in a
    daemon thread that is abandoned at the deadline (it ends with the process); the
    caller gets control back at once, and Ctrl-C interrupts the wait.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    thread = threading.Thread(target=target, name="climategraph-query", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise QueryError(
            f"{what} did not finish within {seconds:g} s",
            hint="narrow the query, or raise --timeout",
        )
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]
