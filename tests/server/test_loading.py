"""Loading into a real SPARQL server (Oxigraph on 127.0.0.1): SPARQL Update and the
Graph Store Protocol, named graphs, the default-graph copy, replace and merge.

The fixtures start ``oxigraph serve`` (the PyPI package ``oxigraph``, from the test
extra) on a free loopback port over a temporary folder and stop it afterwards; what
was loaded is read back with :mod:`climategraph.server.client`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from climategraph.cli import cli
from climategraph.formats import named_graphs
from climategraph.server import client
from climategraph.server import load as loading
from climategraph.server import oxigraph as server
from climategraph.store.backend import to_memory
from climategraph.store.load import load_graph

pytestmark = pytest.mark.slow  # `make test-fast` leaves these out

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"
ARTICLE_A = "https://w3id.org/climategraph/id/article-a"
ARTICLE_B = "https://w3id.org/climategraph/id/article-b"


@pytest.fixture
def empty(tmp_path) -> Iterator[client.Endpoint]:
    """A fresh, empty server for tests that write."""
    with server.start(tmp_path / "db") as running:
        yield client.Endpoint.from_url(running.url, timeout=10)


@pytest.fixture
def empty_plain(tmp_path) -> Iterator[client.Endpoint]:
    """A fresh, empty server without --union-default-graph."""
    with server.start(tmp_path / "db", union_default_graph=False) as running:
        yield client.Endpoint.from_url(running.url, timeout=10)


def _mini():
    """The mini fixture with the ontology, as load_graph (and so the server) has it."""
    return load_graph([MINI])


@pytest.mark.parametrize("protocol", ["update", "store"])
def test_load_into_a_plain_server_copies_the_union(empty_plain, protocol):
    mini = _mini()
    result = loading.load(empty_plain, loading.parts_for([MINI]), protocol=protocol)
    assert result.default_copy and result.union_default is False
    assert result.triples == len(mini)  # the named graphs; the copy is not counted
    assert loading.PROBE_GRAPH not in client.graph_names(empty_plain)
    default = client.fetch_graph(empty_plain)
    assert isomorphic(to_memory(default), to_memory(mini))
    assert 0 < len(client.fetch_graph(empty_plain, name=ARTICLE_A)) < len(mini)
    # reloading replaces the copy: still each triple once
    loading.load(empty_plain, loading.parts_for([MINI]), protocol=protocol)
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(client.select(empty_plain, text)[0]["n"]) == len(mini)


def test_union_server_gets_no_copy(empty):
    result = loading.load(empty, loading.parts_for([MINI]))
    assert result.union_default is True and not result.default_copy
    assert loading.PROBE_GRAPH not in client.graph_names(empty)


def test_named_graphs_only_says_how_to_start_oxigraph(empty_plain):
    args = ["load", "--endpoint", empty_plain.query_url, "--data", str(MINI),
            "--default-graph", "never", "--force"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "--union-default-graph" in result.stderr
    assert client.ask(empty_plain, "ASK { ?s ?p ?o }") is False
    assert client.graph_names(empty_plain)  # the named graphs are there


@pytest.mark.parametrize("protocol", ["update", "store"])
def test_load_round_trips_and_splits_by_article(empty, protocol):
    mini = _mini()
    result = loading.load(empty, loading.parts_for([MINI]), protocol=protocol)
    assert result.protocol == protocol and result.triples == len(mini)
    assert set(result.graphs) == {ARTICLE_A, ARTICLE_B, named_graphs.COMMON, named_graphs.ONTOLOGY}
    assert isomorphic(to_memory(client.fetch_graph(empty)), to_memory(mini))
    # the blank node travels with the record citing article A
    rows = client.select(
        empty, f'SELECT ?b WHERE {{ GRAPH <{ARTICLE_A}> {{ ?b ?p "nested note"@en }} }}'
    )
    assert len(rows) == 1
    # a record citing two articles is shared
    both = client.select(
        empty,
        "SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/climategraph/id/both> a ?t } }",
    )
    assert [str(r["g"]) for r in both] == [named_graphs.COMMON]


def test_replace_drops_stale_graphs_and_merge_adds(empty):
    loading.load(empty, loading.parts_for([MINI]))
    result = loading.load(empty, loading.parts_for([MINI / "a.ttl", MINI / "common.ttl"]))
    assert result.dropped == [ARTICLE_B]
    assert ARTICLE_B not in client.graph_names(empty)
    loading.load(empty, loading.parts_for([MINI]), replace=False)
    merged = client.fetch_graph(empty)
    assert _ground(merged) == _ground(_mini())
    # merging adds: blank nodes are fresh on every load, so their triples are there twice
    assert len(merged) == len(_mini()) + len(set(_mini()) - _ground(_mini()))


def _ground(graph):
    from rdflib import BNode

    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


def test_load_into_one_graph(empty):
    result = loading.load(empty, loading.parts_for([MINI], target="default"))
    assert result.graphs == {"default": len(_mini())}
    assert client.graph_names(empty) == []
    assert len(client.fetch_graph(empty)) == len(_mini())


def test_load_cli_pushes_the_shipped_graph(empty, shipped_graph):
    result = CliRunner().invoke(cli, ["load", "--endpoint", empty.query_url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("replaced ") and "(SPARQL Update)" in result.output
    assert isomorphic(to_memory(client.fetch_graph(empty)), to_memory(shipped_graph))


def test_load_refuses_invalid_data_unless_forced(empty):
    invalid = str(Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "invalid.ttl")
    args = ["load", "--endpoint", empty.query_url, "--data", invalid]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 1 and "not loaded" in refused.output
    assert len(client.fetch_graph(empty)) == 0
    forced = CliRunner().invoke(cli, [*args, "--force", "--graph", "https://example.org/g"])
    assert forced.exit_code == 0, forced.output
    assert client.graph_names(empty) == ["https://example.org/g"]
