"""Reading from a SPARQL server, and the connection every request goes through.

Reads use the SPARQL 1.1 Protocol (a query sent as a URL-encoded POST), so Oxigraph,
Fuseki, GraphDB, Virtuoso or any SPARQL 1.1 store will do. Writing to a server
(SPARQL Update, the Graph Store Protocol) is :mod:`climategraph.server.load`; the
two share what is here besides the reading: :class:`Endpoint` (where the server
answers, its update and store URLs, the credentials), the checks of what the user
typed (:func:`check_iri`, :func:`check_url`) and :func:`request`, the one way an
HTTP request is sent.

**Reading.** :func:`fetch_graph` copies the server's content (its default graph
and every named graph, with one ``CONSTRUCT``) into a local rdflib graph on the
chosen store; every command then runs exactly as embedded, with the same results.
That is faster than rdflib's ``SPARQLStore`` (which turns each triple pattern of
``label()``, ``resolve()`` or an analysis into one HTTP request, and does not support
``initBindings``), and pySHACL and networkx need the triples locally anyway.
:func:`select` and :func:`ask` run one query on the server itself.

**Errors.** Connection refused, timeouts, HTTP errors and failed authentication all
raise :class:`~climategraph.errors.EndpointError`, one line. Reads (idempotent) are
retried with exponential backoff, a bounded number of times. Basic auth comes from
``CLIMATEGRAPH_USER`` / ``CLIMATEGRAPH_PASSWORD``, never from the command line.
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from climategraph.errors import EndpointError
from climategraph.namespaces import BASE
from climategraph.text import redact

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


#: environment variables: the default endpoint and the basic-auth credentials
ENV_ENDPOINT = "CLIMATEGRAPH_ENDPOINT"
ENV_USER = "CLIMATEGRAPH_USER"
ENV_PASSWORD = "CLIMATEGRAPH_PASSWORD"

DEFAULT_TIMEOUT = 30.0
#: attempts for an idempotent read, and the first pause between them (doubling)
RETRIES = 3
BACKOFF = 0.25

_DEFAULT_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_NAMED_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_ANY_DEFAULT = "ASK { ?s ?p ?o }"
_GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
#: the project's named graphs (articles, common, ontology: all under its base IRI)
_OURS = f'GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}"))'
_PROJECT_TRIPLES = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_OURS} }}"
_PROJECT_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {_OURS} }} }}"
_DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

#: response media type -> oxrdflib / rdflib parser
_RDF_PARSERS = {
    "application/n-triples": "ox-nt",
    "text/plain": "ox-nt",
    "text/turtle": "ox-turtle",
    "application/rdf+xml": "ox-xml",
    "application/ld+json": "ox-json-ld",  # Oxigraph's: never fetches a remote @context
}

@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL server answers, and how long to wait for it.

    >>> Endpoint.from_url("http://127.0.0.1:7878/query").update_url
    'http://127.0.0.1:7878/update'
    >>> Endpoint.from_url("http://127.0.0.1:7878/query").store_url
    'http://127.0.0.1:7878/store'
    >>> Endpoint.from_url("http://h:3030/ds/sparql").store_url
    'http://h:3030/ds/data'
    """

    query_url: str
    update_url: str | None = None
    store_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    retries: int = RETRIES
    auth: tuple[str, str] | None = field(default=None, repr=False)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Endpoint:
        """An endpoint from its query URL; update and store URLs follow for the servers
        we know (Oxigraph ``/query``, ``/update``, ``/store``; Fuseki ``/DS/query`` or
        ``/DS/sparql``, ``/DS/update``, ``/DS/data``) unless given."""
        check_url(url, "--endpoint")
        for given, option in ((update_url, "--update-url"), (store_url, "--store-url")):
            if given is not None:
                check_url(given, option)
        parts = urllib.parse.urlsplit(url)
        env = os.environ if env is None else env
        user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
        head, _, last = parts.path.rstrip("/").rpartition("/")
        derived_update = derived_store = None
        if last in ("query", "sparql"):
            base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, head, "", ""))
            derived_update = f"{base}/update"
            derived_store = f"{base}/store" if head == "" else f"{base}/data"
        return cls(
            query_url=url,
            update_url=update_url or derived_update,
            store_url=store_url or derived_store,
            timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
            auth=(user, password or "") if user else None,
        )


# --- checking what the user typed ---------------------------------------------


def check_iri(value: str, what: str = "--graph") -> str:
    """``value`` if it is an absolute IRI (RFC 3987, as pyoxigraph's ``NamedNode``
    parses it), else :class:`EndpointError`: a name that could close the IRI in a
    SPARQL update (``>``, ``}``, spaces, quotes) never reaches a server.

    >>> check_iri("https://w3id.org/climategraph/graph/common")
    'https://w3id.org/climategraph/graph/common'
    >>> check_iri("http://x/g> } ; DROP GRAPH <http://other/g")
    Traceback (most recent call last):
    ...
    climategraph.errors.EndpointError: --graph: not a valid IRI (Invalid IRI code point '>')
    """
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(value)
    except ValueError as exc:
        raise EndpointError(f"{what}: not a valid IRI", hint=str(exc)) from None
    return value


def check_url(url: str, what: str = "--endpoint") -> str:
    """``url`` if it is an http(s) IRI with a host and no user name or password in
    it (credentials come from the environment), else :class:`EndpointError`."""
    check_iri(url, what)
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as exc:
        raise EndpointError(f"{what}: malformed URL", hint=str(exc)) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise EndpointError(
            f"{what}: only http(s) URLs with a host are accepted",
            hint="e.g. http://127.0.0.1:7878/query",
        )
    if "@" in parts.netloc:
        raise EndpointError(
            f"{what}: a user name or password in the URL is refused",
            hint=f"set {ENV_USER} and {ENV_PASSWORD} instead",
        )
    return url


# --- HTTP ---------------------------------------------------------------------


def _origin(url: str) -> tuple[str, str, int]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def _ascii(url: str) -> str:
    """An IRI as a URI (non-ASCII characters percent-encoded, the host in IDNA)."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    safe = "/:@!$&'()*+,;=%~-._?"
    path = urllib.parse.quote(parts.path, safe=safe)
    query = urllib.parse.quote(parts.query, safe=safe)
    return urllib.parse.urlunsplit((parts.scheme, netloc, path, query, ""))


def request(
    ep: Endpoint,
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    idempotent: bool = True,
) -> tuple[str, bytes]:
    """Send one HTTP request; return the response's media type and body.

    Every attempt has a total deadline of ``ep.timeout`` seconds (connection, headers
    and body together: a server dripping one byte a second is cut off) and a size
    cap (:data:`climategraph.limits.MAX_RESPONSE_BYTES`). Redirects are followed only
    to the same origin (scheme, host, port); a redirect elsewhere is refused, so
    credentials and data never go to a host the user did not name. Only a 2xx
    answer is a success. Idempotent requests are retried (``ep.retries`` attempts,
    pauses doubling from :data:`BACKOFF`) after a refused connection, a timeout or a
    5xx answer. Raises :class:`EndpointError` with one line saying what went wrong.
    """
    from climategraph.server import http

    all_headers = dict(headers or {})
    if ep.auth:
        token = base64.b64encode(f"{ep.auth[0]}:{ep.auth[1]}".encode()).decode()
        all_headers["Authorization"] = f"Basic {token}"
    attempts = max(1, ep.retries if idempotent else 1)
    for attempt in range(attempts):
        try:
            answer = http.send(method, _ascii(url), body, all_headers, ep.timeout)
            return answer.media, answer.body
        except http.HttpError as exc:
            error = _endpoint_error(exc, url, ep)
            if not exc.transient or attempt == attempts - 1:
                raise error from None
        time.sleep(BACKOFF * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _endpoint_error(exc: Any, url: str, ep: Endpoint) -> EndpointError:
    """The one-line error for a failed request."""
    shown = redact(url)
    if exc.status in (401, 403):
        return EndpointError(
            f"{shown}: authentication failed (HTTP {exc.status})",
            hint=f"set {ENV_USER} and {ENV_PASSWORD}",
        )
    return EndpointError(f"{shown}: {exc.message}", hint=exc.hint)


# --- reading ------------------------------------------------------------------


def query(ep: Endpoint, text: str, accept: str) -> tuple[str, bytes]:
    """Run a query on the server (SPARQL Protocol, URL-encoded POST); return media type
    and body."""
    body = urllib.parse.urlencode({"query": text}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    return request(ep, "POST", ep.query_url, body=body, headers=headers)


def select(ep: Endpoint, text: str) -> list[dict[str, Node]]:
    """The rows of a SELECT query run on the server, as rdflib terms (unbound left out)."""
    import io

    from rdflib.query import Result

    _, data = query(ep, text, "application/sparql-results+json")
    try:
        result = Result.parse(io.BytesIO(data), format="json")
    except Exception as exc:
        raise EndpointError(f"{ep.query_url}: unreadable SPARQL results: {exc}") from None
    return [
        {str(k): v for k, v in row.asdict().items() if v is not None}  # type: ignore[union-attr]
        for row in result
    ]


def graph_names(ep: Endpoint) -> list[str]:
    """The names of the server's non-empty named graphs, sorted."""
    return sorted(str(row["g"]) for row in select(ep, _GRAPH_NAMES) if "g" in row)


def fetch_graph(ep: Endpoint, *, store: str | None = None, name: str | None = None) -> Graph:
    """The server's content, or only the named graph ``name``, as a local rdflib graph
    on ``store``, with the project's prefixes bound.

    The content is the default graph, which after
    :func:`climategraph.server.load.load` is the union of the graphs (on any server:
    see there); when the default graph is empty, it is every named graph, merged.
    When the default graph holds more than the project's named graphs (Virtuoso's
    default graph also has its own system graphs), it is only the named graphs under
    :data:`~climategraph.namespaces.BASE`, merged.

    Raises
    ------
    EndpointError
        A refused connection, a timeout, an HTTP error or an unreadable answer.

    Examples
    --------
    With a server at ``http://127.0.0.1:7878/query`` (``climategraph serve``),
    ``fetch_graph(Endpoint.from_url("http://127.0.0.1:7878/query"))`` is its graph;
    where nothing listens:

    >>> fetch_graph(Endpoint.from_url("http://127.0.0.1:9/query", timeout=1))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    climategraph.errors.EndpointError: http://127.0.0.1:9/query: connection refused (is ...)
    """
    from climategraph.store.backend import new_graph

    if name:
        check_iri(name, "graph name")
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
    else:
        text = _content_query(ep)
    accept = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    media, data = query(ep, text, accept)
    parser = _RDF_PARSERS.get(media)
    if parser is None:
        raise EndpointError(f"{ep.query_url}: unexpected answer type {media!r} to CONSTRUCT")
    graph = new_graph(store)
    try:
        graph.parse(data=data.decode("utf-8"), format=parser)
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"{ep.query_url}: unreadable {media} answer: {exc}") from None
    return graph


def _content_query(ep: Endpoint) -> str:
    """The ``CONSTRUCT`` reading the server's content (see :func:`fetch_graph`)."""
    if not ask(ep, _ANY_DEFAULT):
        return _NAMED_TRIPLES
    ours = _count(ep, _PROJECT_COUNT)
    if ours and _count(ep, _DEFAULT_COUNT) > ours:
        return _PROJECT_TRIPLES
    return _DEFAULT_TRIPLES


def _count(ep: Endpoint, text: str) -> int:
    rows = select(ep, text)
    value = str(rows[0]["n"]) if rows and "n" in rows[0] else "0"
    try:
        return int(value)
    except ValueError:
        raise EndpointError(f"{ep.query_url}: unreadable count {value[:40]!r}") from None


def open_graph(
    url: str, *, store: str | None = None, timeout: float | None = None
) -> Graph:
    """The graph behind the query URL ``url`` (see :func:`fetch_graph`)."""
    return fetch_graph(Endpoint.from_url(url, timeout=timeout), store=store)


def _boolean(answer: Any) -> Any:
    """The boolean of a JSON ASK answer; Virtuoso 7 answers as a SELECT of one variable
    ``__ASK_RETVAL`` (no row when false, the value 1 when true)."""
    if "boolean" in answer:
        return answer["boolean"]
    if answer["head"]["vars"] != ["__ASK_RETVAL"]:
        return None
    rows = answer["results"]["bindings"]
    return bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")


def ask(ep: Endpoint, text: str) -> bool:
    """The answer of an ASK query run on the server."""
    _, data = query(ep, text, "application/sparql-results+json")
    try:
        answer = _boolean(json.loads(data))
    except (ValueError, KeyError, TypeError, IndexError):
        answer = None
    if not isinstance(answer, bool):
        raise EndpointError(f"{ep.query_url}: unreadable answer to ASK")
    return answer


def source(url: str, *, timeout: float | None = None) -> Callable[[str | None], Graph]:
    """A loader for :func:`climategraph.store.load.reading_from`: ``store -> graph``."""
    ep = Endpoint.from_url(url, timeout=timeout)
    return lambda store: fetch_graph(ep, store=store)
