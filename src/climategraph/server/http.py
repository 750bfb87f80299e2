"""The one HTTP reader: a total deadline, a size cap and a same-origin redirect policy.

urllib's ``timeout`` bounds each socket operation, not the request: a server that
drips one byte a second, or sends headers that never end, holds it forever, and
it follows a redirect to any host with the ``Authorization`` header. Here every
request has a watchdog that closes the connection at the deadline, a body larger
than :data:`climategraph.limits.MAX_RESPONSE_BYTES` is refused (from its
``Content-Length`` before reading, or while reading), and a redirect is followed
only to the same scheme, host and port, at most
:data:`climategraph.limits.MAX_REDIRECTS` times. Proxy settings (``http_proxy``,
``https_proxy``, ``no_proxy``) are honoured, except for the loopback interface.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from climategraph.limits import MAX_REDIRECTS, MAX_RESPONSE_BYTES
from climategraph.text import redact

_LOOPBACK = {"localhost", "127.0.0.1", "::1"}
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Answer:
    """A 2xx answer: status, media type and body."""

    status: int
    media: str
    body: bytes


class HttpError(Exception):
    """A failed request: one line, the HTTP status (0 when none), a hint, and whether
    trying again may help."""

    def __init__(
        self, message: str, *, status: int = 0, hint: str | None = None, transient: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.hint = hint
        self.transient = transient


def send(
    method: str,
    url: str,
    body: bytes | None,
    headers: Mapping[str, str],
    timeout: float,
) -> Answer:
    """Send one request (following same-origin redirects) within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    origin = _origin(url)
    for _ in range(MAX_REDIRECTS + 1):
        status, location, answer = _exchange(method, url, body, headers, deadline, timeout)
        if answer is not None:
            return answer
        target = urllib.parse.urljoin(url, location)
        if _origin(target) != origin:
            raise HttpError(
                f"redirected to another host ({redact(target)[:120]}); not followed, so "
                "no credentials or data went there",
                status=status,
                hint="give that URL yourself if you trust it",
            )
        if status == 303 or (status in (301, 302) and method == "POST"):
            method, body = "GET", None
        url = target
    raise HttpError(f"more than {MAX_REDIRECTS} redirects", hint="check the URL")


def _origin(url: str) -> tuple[str, str, int]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection for ``url`` (through a proxy when one is set) and the request target."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = parts.port
    https = parts.scheme.lower() == "https"
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    proxy = None
    if host not in _LOOPBACK and not urllib.request.proxy_bypass(host):
        proxy = urllib.request.getproxies().get(parts.scheme.lower())
    kind = http.client.HTTPSConnection if https else http.client.HTTPConnection
    if proxy:
        via = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        conn = kind(via.hostname or "", via.port, timeout=timeout)
        if https:
            conn.set_tunnel(host, port)
        else:
            target = url
        return conn, target
    return kind(host, port, timeout=timeout), target


def _abort(conn: http.client.HTTPConnection, fired: threading.Event) -> None:
    """The watchdog: cut the connection so a blocked read returns at once."""
    fired.set()
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _exchange(
    method: str,
    url: str,
    body: bytes | None,
    headers: Mapping[str, str],
    deadline: float,
    timeout: float,
) -> tuple[int, str, Answer | None]:
    """One request and its answer: ``(status, location, None)`` for a redirect,
    ``(status, "", answer)`` for a 2xx; raises :class:`HttpError` otherwise."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _late(timeout)
    conn, target = _connection(url, remaining)
    fired = threading.Event()
    watchdog = threading.Timer(remaining, _abort, (conn, fired))
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.request(method, target, body=body, headers=dict(headers))
        resp = conn.getresponse()
        location = resp.getheader("Location")
        if resp.status in _REDIRECTS and location:
            return resp.status, location, None
        data = _read(resp, deadline, timeout)
        if fired.is_set():  # the cut connection looked like the end of the answer
            raise _late(timeout)
        if 200 <= resp.status < 300:
            return resp.status, "", Answer(resp.status, resp.headers.get_content_type(), data)
        raise _refused(resp, data)
    except HttpError:
        raise
    except Exception as exc:
        late = fired.is_set() or time.monotonic() >= deadline
        raise _late(timeout) if late else _failure(exc, timeout) from None
    finally:
        watchdog.cancel()
        conn.close()


def _read(resp: http.client.HTTPResponse, deadline: float, timeout: float) -> bytes:
    """The body, refused past the size cap; chunks as they come (``read1``), so the
    watchdog and the deadline both see a slow drip."""
    cap = MAX_RESPONSE_BYTES.get()
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > cap:
        raise HttpError(MAX_RESPONSE_BYTES.exceeded(f"announced {int(length):,} bytes"))
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() >= deadline:
            raise _late(timeout)
        chunk = resp.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            raise HttpError(MAX_RESPONSE_BYTES.exceeded())
        chunks.append(chunk)


def _refused(resp: http.client.HTTPResponse, data: bytes) -> HttpError:
    text = data.decode("utf-8", "replace").strip()
    detail = text.splitlines()[0][:200] if text else ""
    message = f"HTTP {resp.status} {resp.reason}" + (f": {detail}" if detail else "")
    return HttpError(message, status=resp.status, transient=resp.status >= 500)


def _late(timeout: float) -> HttpError:
    return HttpError(
        f"no complete answer within {timeout:g} s", hint="raise --timeout?", transient=True
    )


def _failure(exc: Exception, timeout: float) -> HttpError:
    if isinstance(exc, ConnectionRefusedError):
        return HttpError(
            "connection refused",
            hint="is the server running, and is the port right?",
            transient=True,
        )
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return _late(timeout)
    if isinstance(exc, socket.gaierror):
        return HttpError("unknown host", hint="check the URL")
    if isinstance(exc, ssl.SSLError):
        return HttpError(f"TLS failed: {exc.reason or exc}", hint="check the certificate")
    if isinstance(exc, http.client.HTTPException):
        return HttpError(f"bad answer: {type(exc).__name__}: {str(exc)[:100]}", transient=True)
    if isinstance(exc, OSError):
        return HttpError(
            f"cannot reach the server: {exc.strerror or exc}",
            transient=isinstance(exc, ConnectionError),
        )
    return HttpError(f"bad answer: {type(exc).__name__}")
