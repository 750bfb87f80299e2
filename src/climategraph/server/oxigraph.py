"""Local Oxigraph servers: ``climategraph serve`` and the test suite's fixture.

:func:`serve` loads named graphs into a fresh Oxigraph database (``oxigraph load``) and
starts ``oxigraph serve-read-only`` on a private loopback port, with the default
graph being the union of all graphs and a query time limit, behind the guard of
:mod:`climategraph.server.guard` on the public port (no ``SERVICE``: the server
fetches no URL for a client); :func:`start` starts a server on an existing
database folder. Both return a :class:`Server` handle (a context manager) that
knows its URLs and stops the process. The Oxigraph process dies with ours, even
after a SIGKILL (Linux ``PR_SET_PDEATHSIG``). The library never prints.

The ``oxigraph`` command comes from the PyPI package ``oxigraph`` (a runtime
dependency), installed beside the Python interpreter.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph.errors import EndpointError
from climategraph.fileio import track, untrack
from climategraph.processes import die_with_parent

if TYPE_CHECKING:
    from rdflib import Graph


HOST = "127.0.0.1"
DEFAULT_PORT = 7878
#: seconds to wait for a server to answer after it starts, and to stop
START_WAIT = 30.0
STOP_WAIT = 10.0


def oxigraph_binary() -> str:
    """The ``oxigraph`` command: beside this Python (a venv's bin/) or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise EndpointError("the oxigraph command is missing", hint="pip install oxigraph")
    return found


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _check_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            raise EndpointError(
                f"port {port} on {host} is in use", hint="choose another with --port"
            ) from None


@dataclass
class Server:
    """A running Oxigraph server. ``stop()`` (or leaving the ``with`` block) ends it
    and removes a database folder it created."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    location: Path
    owns_location: bool = False
    log: Any = field(default=None, repr=False)
    guard: Any = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The SPARQL query URL."""
        return f"http://{self.host}:{self.port}/query"

    @property
    def update_url(self) -> str:
        return f"http://{self.host}:{self.port}/update"

    @property
    def store_url(self) -> str:
        return f"http://{self.host}:{self.port}/store"

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Terminate the process (kill it after :data:`STOP_WAIT` s); clean up."""
        if self.guard is not None:
            self.guard.stop()
            self.guard = None
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(STOP_WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_WAIT)
        if self.log is not None:
            self.log.close()
            self.log = None
        if self.owns_location:
            shutil.rmtree(self.location, ignore_errors=True)
            untrack(self.location)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(
    location: str | Path,
    *,
    port: int | None = None,
    read_only: bool = False,
    host: str = HOST,
    owns_location: bool = False,
    query_timeout: float | None = None,
    union_default_graph: bool = True,
) -> Server:
    """Start ``oxigraph serve`` (or ``serve-read-only``) on ``location`` and wait until
    it answers (at most :data:`START_WAIT` s). ``port=None`` or ``0`` picks a free port;
    ``query_timeout`` (seconds) bounds each query; ``union_default_graph=False`` starts
    it without ``--union-default-graph`` (queries then see only the default graph).
    """
    port = port or free_port(host)
    _check_free(host, port)
    location = Path(location)
    location.mkdir(parents=True, exist_ok=True)
    command = "serve-read-only" if read_only else "serve"
    args = [oxigraph_binary(), command, "--location", str(location)]
    args += ["--bind", f"{host}:{port}"]
    if union_default_graph:
        args.append("--union-default-graph")
    if query_timeout:
        args += ["--timeout-s", str(max(1, round(query_timeout)))]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by Server.stop()
    process = subprocess.Popen(
        args, stdout=log, stderr=log, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent()
    )
    server = Server(process, host, port, location, owns_location, log)
    try:
        _wait_until_up(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_WAIT
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    probe = f"{server.url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if not server.running():
            server.log.seek(0)
            said = server.log.read().decode("utf-8", "replace").strip().splitlines()
            raise EndpointError(
                f"oxigraph stopped at start-up: {said[-1] if said else 'no message'}"
            )
        try:
            with opener.open(probe, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise EndpointError(f"oxigraph did not answer on port {server.port} within {START_WAIT:g} s")


def serve(
    parts: Sequence[tuple[str, Graph]],
    *,
    port: int | None = DEFAULT_PORT,
    host: str = HOST,
) -> Server:
    """Load ``parts`` (named graphs, as :func:`climategraph.server.load.parts_for` gives
    them) into a fresh database and serve it read-only, behind the ``SERVICE`` guard.

    The database lives in a temporary folder removed when the server stops.
    """
    from climategraph.limits import QUERY_TIMEOUT
    from climategraph.server.guard import start_guard

    if port:
        _check_free(host, port)
    location = Path(tempfile.mkdtemp(prefix="climategraph-oxigraph-"))
    track(location)
    try:
        _load_database(parts, location)
        running = start(
            location, port=free_port(HOST), read_only=True, host=HOST, owns_location=True,
            query_timeout=QUERY_TIMEOUT.get(),
        )
    except BaseException:
        shutil.rmtree(location, ignore_errors=True)
        untrack(location)
        raise
    try:
        running.guard = start_guard(host, port or 0, (HOST, running.port))
    except OSError as exc:
        running.stop()
        raise EndpointError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    running.host, running.port = host, running.guard.port
    return running


def _load_database(parts: Sequence[tuple[str, Graph]], location: Path) -> None:
    """``oxigraph load`` the parts into a new database at ``location``."""
    from climategraph.server.client import check_iri
    from climategraph.server.load import triples_text

    dump = location.parent / f"{location.name}.trig"
    track(dump)
    try:
        blocks = [
            triples_text(graph)
            if name == "default"
            else f"<{check_iri(name, 'graph name')}> {{\n{triples_text(graph)}}}\n"
            for name, graph in parts
        ]
        dump.write_text("".join(blocks), encoding="utf-8")
        done = subprocess.run(
            [oxigraph_binary(), "load", "--location", str(location), "--file", str(dump)],
            capture_output=True,
            timeout=600,
            check=False,
        )
    finally:
        dump.unlink(missing_ok=True)
        untrack(dump)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").splitlines()
        errors = [line for line in said if line.startswith("Error")] or [str(done.returncode)]
        raise EndpointError(f"oxigraph load failed: {errors[0]}")
