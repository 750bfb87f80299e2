"""Class 2 (and the HTTP part of class 4): requests go only where the user asked,
credentials never cross hosts, and no answer can hang the client or fill memory.

A tiny misbehaving HTTP server of our own on 127.0.0.1 redirects to another port or
host name, announces 10 GB, drips one byte at a time, or sends headers forever; a
second one records every request it gets, so a test can show nothing reached it.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import HANG_GUARD, assert_refused, run

from climategraph.errors import EndpointError, LoadError
from climategraph.server import client, guard
from climategraph.server import load as loading
from climategraph.server import oxigraph as server
from climategraph.store.load import load_files

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"
NT = b"<http://x/s> <http://x/p> <http://x/o> .\n"


class _Recorder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler: type) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.seen: list[bytes] = []
        self.other = 0
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Hostile(socketserver.BaseRequestHandler):
    """Reads one request; answers as the path says."""

    def handle(self) -> None:
        sock = self.request
        sock.settimeout(5)
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                return
            head += chunk
        self.server.seen.append(head)
        self.head = head
        path = head.split(b" ", 2)[1].decode()
        with contextlib.suppress(OSError):
            getattr(self, "_" + path.strip("/").split("?")[0].replace("-", "_"))(sock)

    def _send(self, sock: socket.socket, status: str, headers: str, body: bytes = b"") -> None:
        sock.sendall(f"HTTP/1.1 {status}\r\n{headers}\r\n".encode() + body)

    def _ok(self, sock):
        if b"application/sparql-results+json" in self.head:  # what fetch_graph asks first
            answer = self._results()
            self._send(sock, "200 OK", "Content-Type: application/sparql-results+json\r\n"
                       f"Content-Length: {len(answer)}\r\n", answer)
            return
        self._send(sock, "200 OK", f"Content-Type: application/n-triples\r\n"
                   f"Content-Length: {len(NT)}\r\n", NT)

    def _results(self) -> bytes:
        """The answer to fetch_graph's ASK (something in the default graph) and to its
        COUNT (nothing under the project's graph names), from the request's text."""
        length = re.search(rb"(?i)content-length: *(\d+)", self.head)
        body = self.head.split(b"\r\n\r\n", 1)[1]
        while length and len(body) < int(length.group(1)):
            chunk = self.request.recv(4096)
            if not chunk:
                break
            body += chunk
        text = urllib.parse.unquote_plus((self.head + body).decode("utf-8", "replace"))
        if "ASK" in text:
            return b'{"head": {}, "boolean": true}'
        return (b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": '
                b'"literal", "value": "0"}}]}}')

    def _same_origin(self, sock):
        self._send(sock, "307 Temporary Redirect", "Location: /ok\r\nContent-Length: 0\r\n")

    def _other_port(self, sock):
        where = f"http://127.0.0.1:{self.server.other}/query"
        self._send(sock, "302 Found", f"Location: {where}\r\nContent-Length: 0\r\n")

    def _other_name(self, sock):
        where = f"http://localhost:{self.server.other}/query"
        self._send(sock, "301 Moved Permanently", f"Location: {where}\r\nContent-Length: 0\r\n")

    def _see_other(self, sock):
        where = f"http://127.0.0.1:{self.server.other}/query"
        self._send(sock, "303 See Other", f"Location: {where}\r\nContent-Length: 0\r\n")

    def _loop(self, sock):
        self._send(sock, "307 Temporary Redirect", "Location: /loop\r\nContent-Length: 0\r\n")

    def _huge(self, sock):
        self._send(sock, "200 OK", "Content-Type: application/n-triples\r\n"
                   "Content-Length: 10000000000\r\n", NT)

    def _endless(self, sock):
        self._send(sock, "200 OK", "Content-Type: application/n-triples\r\n")
        while True:
            sock.sendall(NT * 1000)

    def _drip(self, sock):
        self._send(sock, "200 OK", "Content-Type: application/n-triples\r\n"
                   "Content-Length: 1000000\r\n")
        while True:
            sock.sendall(b"<")
            time.sleep(0.05)

    def _headers(self, sock):
        sock.sendall(b"HTTP/1.1 200 OK\r\n")
        for n in range(100000):
            sock.sendall(f"X-{n}: {'y' * 10}\r\n".encode())
            time.sleep(0.02)

    def _slow_header(self, sock):
        sock.sendall(b"HTTP/1.1 200 OK\r\nX-Long: ")
        while True:
            sock.sendall(b"y")
            time.sleep(0.05)

    def _unauthorised(self, sock):
        self._send(sock, "401 Unauthorized", "Content-Length: 0\r\n")


@pytest.fixture
def hostile() -> Iterator[tuple[_Recorder, _Recorder]]:
    """(the misbehaving server, the server nobody should reach)"""
    elsewhere = _Recorder(_Hostile)
    bad = _Recorder(_Hostile)
    bad.other = elsewhere.port
    yield bad, elsewhere
    for one in (bad, elsewhere):
        one.shutdown()
        one.server_close()


def _ep(bad: _Recorder, path: str, timeout: float = 5, **env: str) -> client.Endpoint:
    return client.Endpoint.from_url(f"http://127.0.0.1:{bad.port}/{path}", timeout=timeout,
                                    env=env)


def test_same_origin_redirect_is_followed(hostile):
    bad, elsewhere = hostile
    assert len(client.fetch_graph(_ep(bad, "same-origin"))) == 1
    assert elsewhere.seen == []


@pytest.mark.parametrize("path", ["other-port", "other-name", "see-other"])
def test_redirect_to_another_host_is_refused_and_credentials_stay(hostile, path):
    bad, elsewhere = hostile
    ep = _ep(bad, path, CLIMATEGRAPH_USER="ann", CLIMATEGRAPH_PASSWORD="s3cret")
    with pytest.raises(EndpointError, match="redirected to another host") as caught:
        client.fetch_graph(ep)
    assert "s3cret" not in str(caught.value)
    assert b"Authorization" in bad.seen[0]
    assert elsewhere.seen == []


def test_redirect_loop_ends(hostile):
    bad, _ = hostile
    with pytest.raises(EndpointError, match="redirects"):
        client.fetch_graph(_ep(bad, "loop"))


def test_announced_10_gb_is_refused_before_reading(hostile):
    bad, _ = hostile
    with pytest.raises(EndpointError, match=r"exceeds the limit.*CLIMATEGRAPH_MAX_RESPONSE_BYTES"):
        client.fetch_graph(_ep(bad, "huge"))


def test_endless_answer_stops_at_the_size_cap(hostile, monkeypatch):
    bad, _ = hostile
    monkeypatch.setenv("CLIMATEGRAPH_MAX_RESPONSE_BYTES", "1000000")
    with pytest.raises(EndpointError, match="answer size exceeds the limit of 1,000,000 bytes"):
        client.fetch_graph(_ep(bad, "endless", timeout=60))


@pytest.mark.parametrize("path", ["drip", "headers", "slow-header"])
def test_slow_answers_meet_the_total_deadline(hostile, monkeypatch, path):
    bad, _ = hostile
    monkeypatch.setattr(client, "BACKOFF", 0.01)
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"within 1 s|bad answer"):
        client.fetch_graph(_ep(bad, path, timeout=1))
    assert time.monotonic() - started < HANG_GUARD / 4  # 3 attempts of 1 s, not forever


@pytest.mark.parametrize("path", ["drip", "headers", "huge", "other-port", "unauthorised"])
def test_the_command_line_says_one_line(hostile, path):
    bad, elsewhere = hostile
    done = run(["stats", "--endpoint", f"http://127.0.0.1:{bad.port}/{path}", "--timeout", "1"],
               env={"CLIMATEGRAPH_USER": "ann", "CLIMATEGRAPH_PASSWORD": "s3cret"})
    line = assert_refused(done)
    assert "s3cret" not in line
    assert elsewhere.seen == []


def test_userinfo_is_never_echoed():
    done = run(["stats", "--endpoint", "http://ann:s3cret@127.0.0.1:9/query"])
    line = assert_refused(done, "--endpoint")
    assert "s3cret" not in done.stderr + done.stdout and "ann" not in line


# --- JSON-LD: no document loader reaches the network --------------------------------


@pytest.mark.parametrize("context", [
    "http://127.0.0.1:{port}/ctx",
    ["http://127.0.0.1:{port}/ctx", {"x": "http://x/"}],
    {"@import": "http://127.0.0.1:{port}/ctx"},
])
def test_remote_jsonld_context_is_refused_without_a_request(hostile, tmp_path, context):
    _, elsewhere = hostile
    text = repr(context).replace("'", '"').replace("{port}", str(elsewhere.port))
    file = tmp_path / "remote.jsonld"
    file.write_text(f'{{"@context": {text}, "@id": "http://x/a", "x:p": "v"}}')
    with pytest.raises(LoadError, match="remote JSON-LD context"):
        load_files([file])
    assert elsewhere.seen == []
    done = run(["validate", "--data", str(file)])
    assert_refused(done, "remote.jsonld", "not fetched")
    assert elsewhere.seen == []


def test_the_projects_own_context_is_mapped_locally(tmp_path):
    file = tmp_path / "own.jsonld"
    file.write_text('{"@context": "https://w3id.org/climategraph/context.jsonld",'
                    ' "@id": "cgr:x", "rdfs:label": "X"}')
    graph = load_files([file])
    assert len(graph) == 1


# --- climategraph serve: no SSRF, and no orphan -------------------------------------


@pytest.fixture(scope="module")
def served() -> Iterator[server.Server]:
    with server.serve(loading.parts_for([MINI]), port=0) as running:
        yield running


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/query> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/q> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVIC\\u0045 <http://127.0.0.1:{port}/q> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <http://localhost:{port}/q> {{ ?s ?p ?x }}"
    " }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "PREFIX e: <http://127.0.0.1:{port}/>\nSELECT * {{ #x\nSERVICE e: {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("text", SERVICE_QUERIES)
@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_serve_refuses_service(served, hostile, text, how):
    _, elsewhere = hostile
    query = text.format(port=elsewhere.port)
    url, data, kind = served.url, None, "application/x-www-form-urlencoded"
    if how == "get":
        url += "?" + urllib.parse.urlencode({"query": query})
    elif how == "form":
        data = urllib.parse.urlencode({"query": query}).encode()
    else:
        data, kind = query.encode(), "application/sparql-query"
    req = urllib.request.Request(url, data=data, headers={"Content-Type": kind})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(req, timeout=20)
    assert caught.value.code == 403
    time.sleep(0.2)
    assert elsewhere.seen == []


def test_serve_still_answers_plain_queries(served):
    ep = client.Endpoint.from_url(served.url, timeout=20)
    rows = client.select(ep, "SELECT ?s WHERE { ?s ?p 'SERVICE' } LIMIT 1")
    assert rows == []
    assert client.select(ep, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    assert guard.uses_service("SELECT * { SERVICE <x:> {} }")


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_oxigraph_dies_with_a_killed_serve():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "climategraph.cli", "serve", "--data", str(MINI),
               "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=env)
    try:
        assert process.stdout is not None
        assert "read-only at" in process.stdout.readline().decode()
        children = _children(process.pid)
        assert children, "serve started no oxigraph"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() for c in children):
        time.sleep(0.1)
    alive = [c for c in children if Path(f"/proc/{c}/status").exists()
             and "zombie" not in Path(f"/proc/{c}/status").read_text()]
    assert alive == []
