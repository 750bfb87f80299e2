"""``climategraph serve``: a local read-only Oxigraph server over the built graph."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from climategraph.errors import EndpointError
from climategraph.server import client, oxigraph
from climategraph.server import load as loading
from climategraph.store.backend import to_memory
from climategraph.store.load import load_graph

pytestmark = pytest.mark.slow  # `make test-fast` leaves these out

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"


def test_serve_answers_with_the_graph_and_is_read_only():
    mini = load_graph([MINI])
    with oxigraph.serve(loading.parts_for([MINI]), port=0) as running:
        assert running.url.startswith("http://127.0.0.1:")
        ep = client.Endpoint.from_url(running.url, timeout=10)
        assert isomorphic(to_memory(client.fetch_graph(ep)), to_memory(mini))
        # the default graph is the union: a plain query sees every article's records
        article_b = "<https://w3id.org/climategraph/id/article-b>"
        rows = client.select(ep, f"SELECT ?s WHERE {{ ?s ?p {article_b} }}")
        assert rows
        with pytest.raises(EndpointError):
            loading.load(ep, loading.parts_for([MINI]))
        location = running.location
    assert not running.running()
    assert not location.exists()


def test_busy_port_is_a_clean_error():
    parts = loading.parts_for([MINI])
    with oxigraph.serve(parts, port=0) as first, pytest.raises(EndpointError, match="in use"):
        oxigraph.serve(parts, port=first.port)


def test_serve_cli_prints_its_url(tmp_path):
    port = oxigraph.free_port()
    command = [sys.executable, "-m", "climategraph.cli", "serve", "--data", str(MINI)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline().decode()
            url = f"http://127.0.0.1:{port}/query"
            assert line.strip().endswith(f"read-only at {url}"), line
            fetched = client.open_graph(url, timeout=10)
            assert isomorphic(to_memory(fetched), to_memory(load_graph([MINI])))
        finally:
            process.terminate()
            process.wait(30)
    assert process.returncode == 0
    # stopping the command stops its oxigraph server too
    with pytest.raises(EndpointError, match="connection refused"):
        client.open_graph(url, timeout=2)
