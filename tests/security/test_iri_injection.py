"""Class 1: nothing a user types reaches a server update as SPARQL text.

Every IRI from the command line (--graph, --endpoint, --update-url, --store-url) is
parsed as an IRI before any request; a real Oxigraph server shows that an attempted
injection drops nothing, and that a non-http(s) update URL loads nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import assert_refused, run

from climategraph.errors import EndpointError
from climategraph.server import client
from climategraph.server import oxigraph as server

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"
OTHER = "http://other.example/g"

#: graph names that would close the IRI, or are no IRI at all
BAD_GRAPHS = [
    f"http://x/g> }} ; DROP GRAPH <{OTHER}",
    "http://x/g> } ; CLEAR ALL ; INSERT DATA { <a:b> <a:b> <a:b> } #",
    "http://x/a b",
    'http://x/"quoted"',
    "http://x/{",
    "http://x/}",
    "http://x/|",
    "http://x/^",
    "http://x/`",
    "http://x/\\",
    "http://x/\x00nul",
    "http://x/\nnewline",
    "http://x/\x1b[31mred",
    "relative/name",
    "",
    "<http://x/g>",
    *(f"http://x/{c}" for c in '<>"{}|^` '),
]

#: URLs that are not an http(s) server: no request may be sent for them
BAD_URLS = [
    "file:///etc/hostname",
    "ftp://127.0.0.1/x",
    "gopher://127.0.0.1:70/",
    "javascript:alert(1)",
    "data:text/plain,x",
    "http://",
    "http:///query",
    "localhost:7878",
    "http://127.0.0.1:99999/query",
    "http://[::1/query",
    "http://127.0.0.1:7878/q uery",
    "http://127.0.0.1:7878/query>",
    "http://user:secret@127.0.0.1:7878/query",
    "   ",
]


@pytest.fixture
def served(tmp_path) -> Iterator[client.Endpoint]:
    """A read-write Oxigraph with one graph the tests must not lose."""
    with server.start(tmp_path / "db") as running:
        ep = client.Endpoint.from_url(running.url, timeout=20)
        body = f"INSERT DATA {{ GRAPH <{OTHER}> {{ <http://x/s> <http://x/p> 1 }} }}"
        client.request(ep, "POST", running.update_url, body=f"update={body}".encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded"},
                       idempotent=False)
        yield ep


@pytest.mark.parametrize("name", BAD_GRAPHS)
def test_bad_graph_names_are_refused_by_the_library(name):
    with pytest.raises(EndpointError, match="not a valid IRI"):
        client.check_iri(name)


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_urls_are_refused_by_the_library(url):
    with pytest.raises(EndpointError):
        client.Endpoint.from_url(url)


def test_injection_through_graph_drops_nothing(served):
    for name in BAD_GRAPHS[:3]:
        done = run(["load", "--endpoint", served.query_url, "--data", str(MINI), "--force",
                    "--graph", name])
        assert_refused(done, "--graph")
    assert OTHER in client.graph_names(served)
    assert client.graph_names(served) == [OTHER]  # nothing was loaded either


@pytest.mark.parametrize("option", ["--update-url", "--store-url"])
@pytest.mark.parametrize("url", ["file:///etc/hostname", "ftp://127.0.0.1/x", "http://a b/"])
def test_non_http_update_urls_load_nothing(served, option, url):
    done = run(["load", "--endpoint", served.query_url, "--data", str(MINI), option, url])
    assert_refused(done, option)
    assert "replaced" not in done.stdout
    assert client.graph_names(served) == [OTHER]


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_endpoints_are_one_line_before_any_request(url):
    done = run(["stats", "--endpoint", url])
    line = assert_refused(done, "--endpoint")
    assert "secret" not in line


def test_empty_endpoint_is_refused_not_run_locally():
    assert_refused(run(["stats", "--endpoint", ""]), "--endpoint", "empty")


def test_empty_endpoint_variable_means_unset():
    done = run(["queries"], env={"CLIMATEGRAPH_ENDPOINT": ""})
    assert done.returncode == 0, done.stderr


def test_an_update_answered_with_an_error_is_not_a_success(served):
    # the query URL as update URL: Oxigraph answers 4xx, and the CLI must not say "replaced"
    done = run(["load", "--endpoint", served.query_url, "--data", str(MINI), "--force",
                "--update-url", served.query_url])
    assert_refused(done, "HTTP 4", after_warnings=True)
    assert "replaced" not in done.stdout
