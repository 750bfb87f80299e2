"""Reading from a real SPARQL server (Oxigraph on 127.0.0.1), and its failures.

The server fixtures start ``oxigraph serve`` (the PyPI package ``oxigraph``, from the
test extra) on a free loopback port over a temporary folder and stop it afterwards.
Failure cases that Oxigraph cannot produce (401, 500, a slow answer) use a tiny
HTTP stub, also on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from climategraph.cli import cli
from climategraph.errors import EndpointError
from climategraph.formats import named_graphs
from climategraph.server import client
from climategraph.server import load as loading
from climategraph.server import oxigraph as server
from climategraph.store.backend import to_memory
from climategraph.store.load import load_files
from climategraph.store.project import ontology_files

pytestmark = pytest.mark.slow  # `make test-fast` leaves these out

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[server.Server]:
    """A read-write Oxigraph server on a free loopback port, over a temp folder."""
    with server.start(tmp_path_factory.mktemp("oxigraph"), port=server.free_port()) as running:
        yield running


@pytest.fixture(scope="module")
def loaded(oxigraph) -> str:
    """The server's query URL after loading the shipped graph into it."""
    loading.load(client.Endpoint.from_url(oxigraph.url), loading.parts_for())
    return oxigraph.url


@pytest.fixture(scope="module")
def loaded_plain(tmp_path_factory) -> Iterator[str]:
    """An Oxigraph server started as its README shows (without --union-default-graph:
    queries see only the default graph), after `climategraph load` into it."""
    folder = tmp_path_factory.mktemp("oxigraph-plain")
    with server.start(folder, union_default_graph=False) as running:
        result = CliRunner().invoke(cli, ["load", "--endpoint", running.url])
        assert result.exit_code == 0, result.output
        assert "their union also in the default graph" in result.output
        yield running.url



# --- reading -------------------------------------------------------------------


def test_server_holds_the_same_triples_as_embedded(loaded, shipped_graph):
    fetched = client.open_graph(loaded)
    assert len(fetched) == len(shipped_graph) > 0
    assert isomorphic(to_memory(fetched), to_memory(shipped_graph))


def test_same_named_graphs_as_the_trig_export(loaded):
    ep = client.Endpoint.from_url(loaded)
    parts = named_graphs.named_parts(None, named_graphs.DEFAULT_INCLUDE)
    assert client.graph_names(ep) == [name for name, _ in parts]
    assert any(name.startswith("https://w3id.org/climategraph/id/article-") for name, _ in parts)
    for name, part in parts:
        assert isomorphic(to_memory(client.fetch_graph(ep, name=name)), part), name
    ontology = client.fetch_graph(ep, name=named_graphs.ONTOLOGY)
    assert isomorphic(to_memory(ontology), to_memory(load_files(ontology_files())))


def test_stats_cli_same_through_the_endpoint(loaded):
    runner = CliRunner()
    embedded = runner.invoke(cli, ["stats", "--format", "json"])
    remote = runner.invoke(cli, ["stats", "--format", "json", "--endpoint", loaded])
    assert embedded.exit_code == remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(embedded.output)
    assert json.loads(remote.output)["triples"] > 0


def test_endpoint_from_the_environment(loaded):
    runner = CliRunner()
    embedded = runner.invoke(cli, ["stats", "--format", "json"])
    remote = runner.invoke(
        cli, ["stats", "--format", "json"], env={"CLIMATEGRAPH_ENDPOINT": loaded}
    )
    assert remote.exit_code == 0, remote.output
    assert remote.output == embedded.output


def test_data_and_endpoint_together_is_a_usage_error(loaded):
    result = CliRunner().invoke(cli, ["stats", "--data", str(MINI), "--endpoint", loaded])
    assert result.exit_code == 2
    assert "not both" in result.output


def test_select_runs_on_the_server(loaded, shipped_graph):
    text = "SELECT ?s WHERE { ?s a <https://w3id.org/climategraph/ontology#Article> }"
    remote = sorted(row["s"] for row in client.select(client.Endpoint.from_url(loaded), text))
    assert remote == sorted(row[0] for row in shipped_graph.query(text))  # type: ignore[index]
    assert remote


def _same_output(args: list[str], url: str) -> str:
    """Run a command embedded and with --endpoint; both succeed with the same output."""
    runner = CliRunner()
    embedded = runner.invoke(cli, args)
    remote = runner.invoke(cli, [*args, "--endpoint", url])
    assert embedded.exit_code == 0, embedded.output
    assert remote.exit_code == 0, remote.output
    assert remote.output == embedded.output, args
    return remote.output


def _saved_queries() -> list[str]:
    from climategraph.sparql import saved as sparql_saved

    return sorted(sparql_saved.discover())


@pytest.mark.parametrize("name", _saved_queries())
@pytest.mark.parametrize("server_kind", ["loaded", "loaded_plain"])
def test_every_saved_query_gives_the_same_rows(request, server_kind, shipped_graph, name):
    """On Oxigraph started with --union-default-graph or without it, after `load`."""
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    from climategraph.sparql import run
    from climategraph.sparql import saved as sparql_saved

    url = request.getfixturevalue(server_kind)
    out = _same_output(["query", name, "--format", "json"], url)
    assert json.loads(out) is not None
    # and run by the server's own SPARQL engine, sent by a plain client (rdflib's
    # SPARQLStore: an HTTP request asking the default graph)
    saved = sparql_saved.get(name)
    on_server = run.run_query(Graph(SPARQLStore(url)), saved)
    embedded = run.run_query(shipped_graph, saved)
    assert on_server.vars == embedded.vars
    assert on_server.rows == embedded.rows


def test_analysis_path_and_validation_are_the_same(loaded):
    report = json.loads(_same_output(["analyze", "--format", "json"], loaded))
    assert report
    _same_output(["path", "Gwangmyeong", "UNESCAP", "--format", "json"], loaded)
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--endpoint", loaded])
    assert result.output == CliRunner().invoke(cli, ["validate", "--format", "json"]).output


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "graphml"])
def test_export_is_byte_identical(loaded, fmt):
    assert _same_output(["export", "--format", fmt], loaded)


def test_viz_page_is_the_same(loaded, tmp_path):
    here, there = tmp_path / "embedded.html", tmp_path / "remote.html"
    runner = CliRunner()
    assert runner.invoke(cli, ["viz", "--out", str(here)]).exit_code == 0
    remote = runner.invoke(cli, ["viz", "--out", str(there), "--endpoint", loaded])
    assert remote.exit_code == 0, remote.output
    assert there.read_bytes() == here.read_bytes()


def test_plain_http_client_sees_every_triple_once(loaded, loaded_plain, shipped_graph):
    """As curl would: one POST, the default graph, no named graph mentioned."""
    import urllib.parse
    import urllib.request

    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = {}
    for url in (loaded, loaded_plain):
        body = urllib.parse.urlencode({"query": text}).encode()
        ask = urllib.request.Request(
            url, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(ask, timeout=30) as answer:
            counts[url] = int(json.load(answer)["results"]["bindings"][0]["n"]["value"])
    # without --union-default-graph the default graph holds the union, each triple once
    assert counts[loaded_plain] == len(shipped_graph)
    # with it, the union counts a triple once per graph holding it (never less)
    assert counts[loaded] >= len(shipped_graph)


# --- failures ------------------------------------------------------------------


def test_stopped_server_is_a_clean_error(tmp_path):
    running = server.start(tmp_path / "db")
    url = running.url
    running.stop()
    with pytest.raises(EndpointError, match="connection refused"):
        client.open_graph(url, timeout=2)
    result = CliRunner().invoke(cli, ["stats", "--endpoint", url])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "connection refused" in result.output
    assert "Traceback" not in result.output


def test_wrong_port_is_a_clean_error():
    url = f"http://127.0.0.1:{server.free_port()}/query"
    result = CliRunner().invoke(cli, ["validate", "--endpoint", url])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {url}: connection refused")


def test_wrong_path_is_an_http_error(oxigraph):
    url = oxigraph.url.replace("/query", "/nowhere")
    with pytest.raises(EndpointError, match="HTTP 404"):
        client.open_graph(url)


#: Virtuoso 7.2.5's JSON answers to ASK (Debian virtuoso-opensource 7.2.5.1, recorded
#: with curl): a SELECT of __ASK_RETVAL, no row when false
VIRTUOSO_ASK = {
    False: b'{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },\n'
    b'  "results": { "distinct": false, "ordered": true, "bindings": [ ] } }',
    True: b'{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },\n'
    b'  "results": { "distinct": false, "ordered": true, "bindings": [\n'
    b'    { "__ASK_RETVAL": { "type": "typed-literal", "datatype": '
    b'"http://www.w3.org/2001/XMLSchema#integer", "value": "1" }} ] } }',
}


@pytest.mark.parametrize("expected", [True, False])
def test_ask_reads_virtuoso_answers(monkeypatch, expected):
    def answer(ep, text, accept):
        return "application/sparql-results+json", VIRTUOSO_ASK[expected]

    monkeypatch.setattr(client, "query", answer)
    assert client.ask(client.Endpoint.from_url("http://127.0.0.1:9/sparql"), "ASK {}") is expected


def test_ask_refuses_an_answer_that_is_not_boolean(monkeypatch):
    def answer(ep, text, accept):
        return "application/sparql-results+json", b'{"head": {"vars": ["x"]}}'

    monkeypatch.setattr(client, "query", answer)
    with pytest.raises(EndpointError, match="unreadable answer to ASK"):
        client.ask(client.Endpoint.from_url("http://127.0.0.1:9/sparql"), "ASK {}")


def test_not_a_url():
    result = CliRunner().invoke(cli, ["stats", "--endpoint", "localhost:7878"])
    assert result.exit_code == 2 and "only http(s) URLs" in result.output


@pytest.mark.parametrize("url", ["http://[::1", "http://localhost:99999/query"])
def test_malformed_url_is_one_line(url):
    result = CliRunner().invoke(cli, ["stats", "--endpoint", url])
    assert result.exit_code == 2
    assert result.output.startswith("Error: --endpoint: ")
    assert len(result.output.strip().splitlines()) == 1


class _Stub(http.server.BaseHTTPRequestHandler):
    """Answers every request with the status in the path (/401, /500, /slow)."""

    calls: list[str] = []  # noqa: RUF012

    def do_POST(self) -> None:
        self.calls.append(self.headers.get("Authorization") or "")
        if self.path.startswith("/slow"):
            threading.Event().wait(3)
        code = int(self.path.strip("/")) if self.path.strip("/").isdigit() else 200
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"stub says no\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    httpd.daemon_threads = True
    _Stub.calls = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_auth_failure_names_the_variables(stub):
    env = {client.ENV_USER: "alice", client.ENV_PASSWORD: "wrong"}
    ep = client.Endpoint.from_url(f"{stub}/401", env=env)
    with pytest.raises(EndpointError) as caught:
        client.fetch_graph(ep)
    assert "authentication failed" in str(caught.value)
    assert "CLIMATEGRAPH_USER" in str(caught.value) and "wrong" not in str(caught.value)
    assert _Stub.calls == ["Basic YWxpY2U6d3Jvbmc="]  # sent once: no retry


def test_server_error_is_retried_then_reported(stub, monkeypatch):
    monkeypatch.setattr(client, "BACKOFF", 0.01)
    with pytest.raises(EndpointError, match=r"HTTP 500.*stub says no"):
        client.fetch_graph(client.Endpoint.from_url(f"{stub}/500"))
    assert len(_Stub.calls) == client.RETRIES


def test_timeout_is_a_clean_error(stub, monkeypatch):
    monkeypatch.setattr(client, "BACKOFF", 0.01)
    ep = client.Endpoint.from_url(f"{stub}/slow", timeout=0.2, env={})
    with pytest.raises(EndpointError, match=r"no complete answer within 0.2 s"):
        client.fetch_graph(ep)
    result = CliRunner().invoke(cli, ["stats", "--endpoint", f"{stub}/slow", "--timeout", "0.2"])
    assert result.exit_code == 2 and "no complete answer within 0.2 s" in result.output
