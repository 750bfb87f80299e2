"""Loading data into a SPARQL server, over the standard protocols only.

Loads use SPARQL 1.1 Update (``INSERT DATA``, ``DROP GRAPH``, one atomic request) or,
when a Graph Store URL is known, the SPARQL 1.1 Graph Store HTTP Protocol
(``PUT``/``POST``/``DELETE ?graph=``, one request per graph), so Oxigraph, Fuseki,
GraphDB, Virtuoso or any SPARQL 1.1 store will do. This module decides what to
write (:func:`parts_for`), writes it (:func:`load`) and finds whether the server's
default graph is the union of its graphs (:func:`default_is_union`). The
connection (:class:`~climategraph.server.client.Endpoint`, checked IRIs and URLs,
requests with their deadline, retries and one-line errors) and the reads a load
needs (the graph names, the probe's ``ASK``) are :mod:`climategraph.server.client`.

**Named graphs.** :func:`load` writes the same named graphs as the TriG export
(:func:`climategraph.formats.named_graphs.named_parts`): a data file citing exactly one source
article (or named after its number and citing it) goes to the graph named by that
article's IRI; the shared files (actors, sources, geography) to ``.../graph/common``;
the ontology and topic scheme to ``.../graph/ontology``.

**Errors.** A refused connection, a timeout, an HTTP error and failed authentication all
raise :class:`~climategraph.errors.EndpointError`, one line. Writes that are not
idempotent (SPARQL Update, Graph Store ``POST``) are sent once, never retried.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph.errors import EndpointError
from climategraph.namespaces import BASE
from climategraph.server.client import Endpoint, ask, check_iri, graph_names, request

if TYPE_CHECKING:
    from rdflib import Graph

#: a part to load: (graph name, its graph); the name "default" is the default graph
Part = tuple[str, "Graph"]


def parts_for(data: Sequence[str | Path] | None = None, target: str | None = None) -> list[Part]:
    """What :func:`load` writes for these data files (default: the shipped data): the
    same named graphs as ``climategraph export --format trig`` (one per source
    article, the shared files in ``.../graph/common``, the ontology in
    ``.../graph/ontology``: :func:`climategraph.formats.named_graphs.named_parts`), or everything
    in the one graph ``target``."""
    from climategraph.formats import named_graphs

    if target is not None and target != "default":
        check_iri(target, "--graph")
    parts = named_graphs.named_parts(data, named_graphs.DEFAULT_INCLUDE)
    return [(target, named_graphs.union(parts))] if target else parts


def triples_text(triples: Iterable[Any]) -> str:
    """Triples as Turtle / SPARQL ``INSERT DATA`` lines (full IRIs), sorted."""
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in sorted(triples))


@dataclass(frozen=True)
class LoadResult:
    """What :func:`load` wrote: graph name -> number of triples, how, and the stale
    graphs it dropped."""

    graphs: dict[str, int]
    protocol: str
    dropped: list[str]
    #: whether the union of the graphs was also written into the default graph
    default_copy: bool = False
    #: whether the server's default graph is the union of its graphs (None: not probed)
    union_default: bool | None = None

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def load(
    ep: Endpoint,
    parts: Sequence[Part],
    *,
    replace: bool = True,
    protocol: str | None = None,
    default_copy: str = "auto",
) -> LoadResult:
    """Push ``parts`` (see :func:`parts_for`) to the server.

    A plain client (curl, SPARQLWrapper) queries the server's default graph. On a
    server whose default graph is the union of its graphs (Oxigraph with
    ``--union-default-graph``, ``climategraph serve``) the named graphs are enough;
    elsewhere (Oxigraph by default) the union is also written into the default graph,
    so that the saved queries give the same rows from any client.

    Parameters
    ----------
    ep : Endpoint
        The server; needs an update URL (SPARQL Update) or a store URL (Graph Store).
    parts : sequence of (name, rdflib.Graph)
        The graphs to write; the name ``"default"`` is the default graph.
    replace : bool
        Replace each graph written, and drop the project's graphs (IRIs under
        :data:`~climategraph.namespaces.BASE`) not written this time; else add to them.
    protocol : {"update", "store"}, optional
        SPARQL Update (one atomic request; the default when an update URL is known)
        or the Graph Store Protocol (one request per graph).
    default_copy : {"auto", "always", "never"}
        Also write the union of the named graphs into the default graph (replacing
        it, with ``replace``): ``auto`` when the server's default graph is not the
        union (found by writing and reading back a one-triple probe graph),
        ``always``, or ``never`` (named graphs only).
    """
    groups: dict[str, list[Any]] = {}
    for name, graph in parts:
        if name != "default":
            check_iri(name, "graph name")
        groups.setdefault(name, []).extend(graph)
    protocol = protocol or ("update" if ep.update_url else "store")
    url = ep.update_url if protocol == "update" else ep.store_url
    if not url:
        raise EndpointError(
            f"{ep.query_url}: no {protocol} URL known", hint=f"give --{protocol}-url"
        )
    stale: list[str] = []
    if replace:
        stale = [
            g for g in graph_names(ep) if g.startswith(BASE) and g not in groups and _is_iri(g)
        ]
    union = None if set(groups) == {"default"} else default_is_union(ep, protocol, url)
    copy = union is not None and default_copy != "never" and not (default_copy == "auto" and union)
    if copy:
        groups = {**groups, "default": [t for g in groups.values() for t in g]}
    if protocol == "update":
        _load_update(ep, url, groups, stale, replace)
    else:
        _load_store(ep, url, groups, stale, replace)
    written = {g: len(t) for g, t in sorted(groups.items()) if not (copy and g == "default")}
    return LoadResult(written, protocol, stale, copy, union)


#: the graph :func:`default_is_union` writes for a moment
PROBE_GRAPH = "https://w3id.org/climategraph/graph/probe"


def default_is_union(ep: Endpoint, protocol: str, url: str) -> bool:
    """Whether the server's default graph is the union of its named graphs: write a
    one-triple graph :data:`PROBE_GRAPH`, ask the default graph for its triple, drop it."""
    from rdflib import Literal, URIRef

    probe = URIRef(PROBE_GRAPH)
    note = Literal("climategraph load: is the default graph the union of the graphs?")
    triple = (probe, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), note)
    write = _load_update if protocol == "update" else _load_store
    write(ep, url, {PROBE_GRAPH: [triple]}, [], True)
    try:
        return ask(ep, f"ASK {{ {triple[0].n3()} {triple[1].n3()} {triple[2].n3()} }}")
    finally:
        write(ep, url, {}, [PROBE_GRAPH], True)


def _is_iri(name: str) -> bool:
    try:
        check_iri(name)
    except EndpointError:
        return False
    return True


def _graph_ref(name: str) -> str:
    return "DEFAULT" if name == "default" else f"GRAPH <{name}>"


def _load_update(
    ep: Endpoint, url: str, groups: dict[str, list[Any]], stale: list[str], replace: bool
) -> None:
    ops = [f"DROP SILENT GRAPH <{g}>" for g in stale]
    if replace:
        ops += [f"CLEAR SILENT {_graph_ref(g)}" for g in groups]
    blocks = [
        triples_text(t) if g == "default" else f"GRAPH <{g}> {{\n{triples_text(t)}}}"
        for g, t in groups.items()
    ]
    ops.append("INSERT DATA {\n" + "\n".join(blocks) + "}")
    body = urllib.parse.urlencode({"update": " ;\n".join(ops)}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    request(ep, "POST", url, body=body, headers=headers, idempotent=False)


def _load_store(
    ep: Endpoint, url: str, groups: dict[str, list[Any]], stale: list[str], replace: bool
) -> None:
    def target(name: str) -> str:
        query = "default" if name == "default" else urllib.parse.urlencode({"graph": name})
        return f"{url}{'&' if '?' in url else '?'}{query}"

    for name in stale:
        request(ep, "DELETE", target(name), idempotent=True)
    headers = {"Content-Type": "text/turtle"}  # n3() may write """long""" strings
    for name, triples in groups.items():
        body = triples_text(triples).encode()
        method = "PUT" if replace else "POST"
        request(ep, method, target(name), body=body, headers=headers, idempotent=replace)
