"""A guard in front of the served Oxigraph: no query makes the server fetch a URL.

``oxigraph serve-read-only`` evaluates ``SERVICE <http://...>`` by fetching that URL,
and any client can send such a query, even a web page through an ``<img>`` GET:
the server would fetch a URL of the client's choosing (SSRF). Oxigraph's command
has no switch to turn federation off, so ``climategraph serve`` puts this small
proxy on the public port, and Oxigraph on a private loopback port behind it. The
proxy refuses (HTTP 403) every request whose query holds the keyword ``SERVICE``
outside strings, IRIs and comments (after SPARQL's ``\\u`` escapes are decoded),
refuses request bodies it cannot read (compressed, chunked, larger than
:data:`MAX_BODY`), and passes everything else on unchanged.
"""

from __future__ import annotations

import http.client
import http.server
import re
import threading
import urllib.parse
from dataclasses import dataclass

#: the largest request body passed on (bytes): queries are text
MAX_BODY = 10 * 1024 * 1024
#: seconds the proxy waits for Oxigraph's answer
UPSTREAM_TIMEOUT = 600

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKENS = re.compile(
    r"""\#[^\n]*
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>
    | (?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?)
    | .""",
    re.VERBOSE | re.DOTALL,
)
_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
        "proxy-connection", "proxy-authorization", "content-length", "host"}


def _unescape(text: str) -> str:
    """SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes, decoded before the query is read."""
    def one(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 else match.group()

    return _ESCAPE.sub(one, text)


def uses_service(query: str) -> bool:
    """Whether ``query`` holds the ``SERVICE`` keyword (not inside a string, IRI or comment).

    >>> uses_service("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT * { ?s ?p 'SERVICE' } # SERVICE")
    False
    >>> uses_service("SELECT * { SERVIC\\\\u0045 <http://e/> { ?s ?p ?o } }")
    True
    """
    return any(
        (m.group("word") or "").split(":")[0].upper() == "SERVICE"
        for m in _TOKENS.finditer(_unescape(query))
    )


def queries_in(path: str, content_type: str, body: bytes) -> list[str]:
    """Every query text a SPARQL protocol request carries (URL, form or direct body)."""
    found = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("query", [])
    media = content_type.split(";")[0].strip().lower()
    text = body.decode("utf-8", "replace")
    if media == "application/x-www-form-urlencoded":
        found += urllib.parse.parse_qs(text).get("query", [])
    elif body:
        found.append(text)
    return found


class _Handler(http.server.BaseHTTPRequestHandler):
    upstream: tuple[str, int] = ("127.0.0.1", 0)
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._pass()

    do_POST = do_HEAD = do_OPTIONS = do_PUT = do_DELETE = do_GET

    def _refuse(self, status: int, reason: str) -> None:
        data = f"{reason}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def _body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding") or self.headers.get("Content-Encoding"):
            self._refuse(411, "send the query uncompressed, with a Content-Length")
            return None
        length = self.headers.get("Content-Length", "0").strip() or "0"
        if not length.isdigit() or int(length) > MAX_BODY:
            self._refuse(413, f"request body larger than {MAX_BODY} bytes")
            return None
        return self.rfile.read(int(length))

    def _pass(self) -> None:
        body = self._body()
        if body is None:
            return
        queries = queries_in(self.path, self.headers.get("Content-Type", ""), body)
        if any(uses_service(q) for q in queries):
            self._refuse(403, "SERVICE (federated query) is refused: this server fetches no URL")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        conn = http.client.HTTPConnection(*self.upstream, timeout=UPSTREAM_TIMEOUT)
        try:
            conn.request(self.command, self.path, body=body or None, headers=headers)
            answer = conn.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException):
            self._refuse(502, "the Oxigraph server behind this one did not answer")
            return
        finally:
            conn.close()
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in _HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, *args: object) -> None:  # the library never prints
        pass


@dataclass
class Guard:
    """The running proxy: ``stop()`` ends it."""

    httpd: http.server.ThreadingHTTPServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def start_guard(host: str, port: int, upstream: tuple[str, int]) -> Guard:
    """Listen on ``host:port`` (0: any free port), passing safe requests to ``upstream``."""
    handler = type("Handler", (_Handler,), {"upstream": upstream})
    httpd = http.server.ThreadingHTTPServer((host, port), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="climategraph-guard", daemon=True)
    thread.start()
    return Guard(httpd, thread)
