"""Loading into and reading from a real Virtuoso 7 (Debian's ``virtuoso-opensource``).

The fixture starts a throw-away ``virtuoso-t`` on free loopback ports: its own
``virtuoso.ini`` and database in a temporary folder, SPARQL Update granted to the
anonymous ``SPARQL`` user with ``isql``; at the end it is stopped and its folder
removed. ``.ci/run`` installs the package and stops any system Virtuoso the package
starts; the ports here are free ones, so even a running one would not collide.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from climategraph.cli import cli
from climategraph.server import client
from climategraph.server import load as loading
from climategraph.store.backend import to_memory

pytestmark = pytest.mark.slow  # `make test-fast` leaves these out

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")

_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {db}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"virtuoso-t did not answer within {seconds:g} s")


@contextmanager
def _virtuoso(folder: Path) -> Iterator[str]:
    """Run Virtuoso in ``folder``; yields its HTTP base URL (``http://127.0.0.1:PORT``)."""
    assert VIRTUOSO and ISQL, "virtuoso-opensource is not installed (see .ci/run)"
    sql, http = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(db=folder, sql=sql, http=http), encoding="utf-8")
    base = f"http://127.0.0.1:{http}"
    process = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"{base}/sparql?query=ASK%7B%7D", process, folder / "virtuoso.log", 120)
        subprocess.run(
            [ISQL, str(sql), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield base
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)  # its database: about 50 MB


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    """The base URL of a fresh Virtuoso."""
    with _virtuoso(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


@pytest.fixture(scope="module")
def loaded(virtuoso) -> str:
    """Virtuoso's query URL after ``climategraph load`` of the shipped data into it."""
    result = CliRunner().invoke(
        cli,
        [
            "load",
            "--endpoint",
            f"{virtuoso}/sparql",
            "--store-url",
            f"{virtuoso}/sparql-graph-crud",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "(SPARQL Graph Store)" in result.output
    return f"{virtuoso}/sparql"


def test_virtuosos_default_graph_holds_its_own_graphs_too(loaded, shipped_graph):
    """Why fetching must pick the project's graphs: the default graph is every graph."""
    rows = client.select(
        client.Endpoint.from_url(loaded), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert int(rows[0]["n"]) > len(shipped_graph)


def test_fetch_reads_exactly_the_loaded_triples(loaded, shipped_graph):
    fetched = client.fetch_graph(client.Endpoint.from_url(loaded, timeout=30))
    assert len(fetched) == len(shipped_graph)
    assert isomorphic(to_memory(fetched), to_memory(shipped_graph))


def test_load_wrote_the_named_graphs_without_a_default_copy(loaded):
    """Virtuoso's default graph is the union of its graphs: no copy is needed."""
    from climategraph.formats import named_graphs

    names = [
        g
        for g in client.graph_names(client.Endpoint.from_url(loaded))
        if g.startswith("https://w3id.org/climategraph/")
    ]
    assert named_graphs.COMMON in names and named_graphs.ONTOLOGY in names
    assert loading.PROBE_GRAPH not in names


def _saved_queries() -> list[str]:
    from climategraph.sparql import saved as sparql_saved

    return sorted(sparql_saved.discover())


@pytest.mark.parametrize("name", _saved_queries())
def test_every_saved_query_gives_the_same_rows_through_endpoint(loaded, name):
    runner = CliRunner()
    for lang in ("en", "ko"):
        args = ["query", name, "--format", "json", "--lang", lang]
        embedded = runner.invoke(cli, args)
        remote = runner.invoke(cli, [*args, "--endpoint", loaded])
        assert embedded.exit_code == 0, embedded.output
        assert remote.exit_code == 0, remote.output
        assert remote.output == embedded.output, (name, lang)
        assert json.loads(remote.output)


#: a value of each parameter kind other than the queries' defaults, from the shipped
#: data (the Clean Sky conference's session has a talk with a certainty note)
OTHER_VALUES = {
    "local-government": "gwangmyeong",
    "organisation": "incheon",
    "international-organisation": "unescap",
    "actor": "iclei",
    "event": "conference-clean-sky-2021",
    "entity": "gwangmyeong",
    "date": "2021",
    "end-date": "2024-06",
}


def _on_virtuoso(loaded, shipped_graph, name, values):
    """Run by Virtuoso itself (the bound text sent as a plain client would, JSON
    results), ``en`` and ``ko``: the same rows as embedded, and some rows."""
    from climategraph.sparql import binding, run
    from climategraph.sparql import saved as sparql_saved
    from climategraph.sparql.results import QueryResult

    saved = sparql_saved.get(name)
    ep = client.Endpoint.from_url(loaded, timeout=30)
    for lang in ("en", "ko"):
        embedded = run.run_query(shipped_graph, saved, values, lang=lang)
        text = binding.bind(saved.text, run.bindings_for(shipped_graph, saved, values, lang))
        rows = [tuple(row.get(v) for v in embedded.vars) for row in client.select(ep, text)]
        on_server = QueryResult(embedded.vars, rows, lists=saved.lists).normalised()
        assert on_server.rows == embedded.rows, (name, values, lang)
        assert embedded.rows, (name, values, lang)


@pytest.mark.parametrize("name", _saved_queries())
def test_every_saved_query_gives_the_same_rows_on_virtuosos_own_engine(loaded, shipped_graph, name):
    """With the default parameters: the terms written into the query text reach
    every ``OPTIONAL``'s ``FILTER``, and each query is in a form Virtuoso 7 answers
    as the SPARQL 1.1 semantics do (see README, *SPARQL servers*)."""
    _on_virtuoso(loaded, shipped_graph, name, None)


def _with_parameters() -> list[str]:
    from climategraph.sparql import saved as sparql_saved

    return [name for name, saved in sparql_saved.discover().items() if saved.params]


@pytest.mark.parametrize("name", _with_parameters())
def test_the_same_rows_on_virtuosos_own_engine_with_other_parameters(loaded, shipped_graph, name):
    """Every parameter given a value other than its default (optional ones too):
    other rows take other paths through the query (e.g. a class test from another
    bound node, a talk's certainty note)."""
    from climategraph.sparql import saved as sparql_saved

    saved = sparql_saved.get(name)
    _on_virtuoso(loaded, shipped_graph, name, {p.name: OTHER_VALUES[p.kind] for p in saved.params})
