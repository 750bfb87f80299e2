"""The command group and the options shared by the commands.

How a failing command ends (one line, the exit codes) is
:mod:`climategraph.cli.failures`.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import math
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from climategraph import choices
from climategraph.cli import failures, terminal
from climategraph.processes import fewer_collections

F = TypeVar("F", bound=Callable[..., Any])

LANGS = choices.LANGS


class Group(click.Group):
    """Runs every command with the same error handling: what a command raises becomes
    one line and an exit code (see :mod:`climategraph.cli.failures`), Ctrl-C exits 130
    within a second (see :func:`interrupt_guard`). While a command runs, what it prints
    to a terminal passes through :func:`climategraph.text.escape`."""

    def invoke(self, ctx: click.Context) -> Any:
        # rdflib logs a traceback for every literal it cannot convert; validation
        # reports those literals itself, as violations naming the node
        logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
        try:
            with interrupt_guard(), terminal_safe(), fewer_collections():
                return super().invoke(ctx)
        except BaseException as exc:
            shown = failures.translate(exc)
            if shown is None:
                raise
            raise shown from None


#: seconds a command has, after Ctrl-C, to stop by itself before the watchdog ends it
INTERRUPT_GRACE = 0.5


@contextlib.contextmanager
def interrupt_guard() -> Iterator[None]:
    """Make Ctrl-C end the command within a second, even inside a long native call
    (a query or a parse in Oxigraph) that does not return to Python: a watchdog
    thread hears the signal (``signal.set_wakeup_fd``) and, if the command has not
    stopped after :data:`INTERRUPT_GRACE` s, removes the temporary files being
    written and exits 130."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    try:
        previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except ValueError:  # not the main interpreter
        os.close(read_end)
        os.close(write_end)
        yield
        return
    done = threading.Event()
    threading.Thread(target=_watch, args=(read_end, done), daemon=True).start()
    try:
        yield
    finally:
        done.set()
        signal.set_wakeup_fd(previous)
        os.close(write_end)


def _watch(read_end: int, done: threading.Event) -> None:
    from climategraph.fileio import discard_pending

    try:
        while True:
            got = os.read(read_end, 64)
            if not got or done.is_set():
                return
            if signal.SIGINT in got and not done.wait(INTERRUPT_GRACE):
                discard_pending()
                os.write(2, b"interrupted\n")
                os._exit(130)
    finally:
        os.close(read_end)


class _Escaping(io.TextIOBase):
    """A text stream that escapes control and invisible characters (newlines and tabs
    pass) before they reach the terminal behind ``stream``."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str | bytes) -> int:  # type: ignore[override]
        from climategraph.text import escape

        shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        self._stream.write(escape(shown))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", "utf-8"))


@contextlib.contextmanager
def terminal_safe() -> Iterator[None]:
    """While in the block, what goes to a terminal (stdout, stderr) is escaped; files
    and pipes get the exact bytes (a CSV redirected to a file stays exact)."""
    saved = sys.stdout, sys.stderr
    try:
        if _is_terminal(sys.stdout):
            sys.stdout = _Escaping(sys.stdout)
        if _is_terminal(sys.stderr):
            sys.stderr = _Escaping(sys.stderr)
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@click.group(cls=Group)
@click.version_option(package_name="climategraph")
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress and no informational lines on stderr."
)
@click.option(
    "--verbose", "-v", is_flag=True,
    help="Progress on stderr even when it is not a terminal.",
)
def cli(quiet: bool, verbose: bool) -> None:
    """A knowledge graph of climate cooperation between local governments,
    international bodies and events.

    Exit codes: 0 success or the data passes (no violation), 1 violations,
    2 bad input or a runtime error, 130 interrupted (Ctrl-C), 141 the output
    pipe was closed (e.g. '| head'). Progress goes to stderr when it is a
    terminal. Shell completion: eval "$(_CLIMATEGRAPH_COMPLETE=bash_source
    climategraph)" (zsh_source, fish_source for those shells).

    \b
    Example:
        climategraph validate
        climategraph build --out out/climategraph.ttl
        climategraph query sister-cities --param city=인천 --lang ko
        climategraph --quiet run --out out
    """
    if quiet and verbose:
        raise click.UsageError("give --quiet or --verbose, not both")
    level = terminal.QUIET if quiet else terminal.VERBOSE if verbose else terminal.NORMAL
    terminal.set_level(level)


def data_options(func: F) -> F:
    """``--data`` (repeatable) and ``--store`` for every command that reads the graph,
    and ``--endpoint``/``--timeout``: with an endpoint, every ``graph.load_graph()``
    the command makes (without data) reads from the server.
    """
    func = _layer_option(_endpoint_options(func))
    func = click.option(
        "--store",
        type=click.Choice(choices.STORES),
        default=None,
        help="Triple store behind rdflib (default: oxigraph).",
    )(func)
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Data file or folder to read (repeatable; default: the shipped data/).",
    )(func)


def _layer_option(func: F) -> F:
    """``--layer NAME`` (repeatable): add ``layers/NAME/*.ttl`` to the data read (to the
    shipped data/ when no ``--data`` is given), e.g. ``--layer world``."""

    @functools.wraps(func)
    def wrapper(*args: Any, layer: tuple[str, ...] = (), **kwargs: Any) -> Any:
        if layer:
            from climategraph.store.project import default_data, project_root

            data = tuple(kwargs.get("data") or ()) or tuple(default_data())
            for name in layer:
                files = sorted((project_root() / "layers" / name).glob("*.ttl"))
                if not files:
                    raise click.BadParameter(
                        f"no layer {name!r}: layers/{name}/ holds no .ttl file",
                        param_hint="--layer")
                data += tuple(files)
            kwargs["data"] = data
        return func(*args, **kwargs)

    return click.option(  # type: ignore[return-value]
        "--layer",
        multiple=True,
        metavar="NAME",
        help="Add a shipped layer, layers/NAME/*.ttl, to the data read (repeatable), "
        "e.g. --layer world.",
    )(wrapper)

class Seconds(click.ParamType):
    """A time limit in seconds: positive, finite, at most a week (``nan``, ``inf``
    and ``1e30`` are refused with one line)."""

    name = "seconds"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        from climategraph.errors import LimitError
        from climategraph.limits import seconds

        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        try:
            return seconds(number, "the value")
        except LimitError as exc:
            self.fail(str(exc), param, ctx)


def timeout_option(help: str) -> Callable[[F], F]:
    """``--timeout SECONDS`` (see :class:`Seconds`)."""
    return click.option("--timeout", type=Seconds(), default=None, help=help)


def endpoint_url(value: str | None, option: str = "--endpoint") -> str | None:
    """A server URL given by the user, checked before any request (see
    :func:`climategraph.server.client.check_url`); an empty value is refused."""
    if value is None:
        return None
    from climategraph.server.client import check_url

    if not value.strip():
        raise click.BadParameter("is empty; give the server's URL", param_hint=option)
    return check_url(value, option)


def _endpoint_options(func: F) -> F:
    """``--endpoint URL`` (or ``CLIMATEGRAPH_ENDPOINT``) and ``--timeout``: run the
    command inside :func:`climategraph.store.load.reading_from` the server."""

    @functools.wraps(func)
    def wrapper(*args: Any, endpoint: str | None, timeout: float | None, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        source = ctx.get_parameter_source("endpoint")
        if source == ParameterSource.ENVIRONMENT and not (endpoint or "").strip():
            endpoint = None  # an empty variable is an unset one
        if endpoint is None or (source == ParameterSource.ENVIRONMENT and kwargs.get("data")):
            return _with_timeout(func, timeout, args, kwargs)
        if kwargs.get("data"):
            raise click.UsageError("give --data or --endpoint, not both")
        from climategraph.server import client
        from climategraph.store.load import reading_from

        url = endpoint_url(endpoint)
        assert url is not None
        with reading_from(client.source(url, timeout=timeout)):
            return _with_timeout(func, timeout, args, kwargs)

    wrapped = timeout_option(
        "Seconds to wait for the server's answer (with --endpoint; default 30), "
        "and the query time limit of 'query' (default 60)."
    )(wrapper)
    return click.option(  # type: ignore[return-value]
        "--endpoint",
        envvar="CLIMATEGRAPH_ENDPOINT",
        metavar="URL",
        default=None,
        help="Read from this SPARQL query URL instead of the files "
        "(env CLIMATEGRAPH_ENDPOINT), e.g. http://127.0.0.1:7878/query.",
    )(wrapped)


def _with_timeout(func: Callable[..., Any], timeout: float | None, args: Any, kwargs: Any) -> Any:
    """Call ``func``, passing ``timeout`` on when it takes one."""
    import inspect

    if "timeout" in inspect.signature(func).parameters:
        kwargs["timeout"] = timeout
    return func(*args, **kwargs)


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format`` with the given choices, the first being the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def lang_option(help: str = "Language of the labels.") -> Callable[[F], F]:
    """``--lang en|ko`` (English by default)."""
    return click.option(
        "--lang", type=click.Choice(LANGS), default="en", show_default=True, help=help
    )


def out_option(default: Path | None, help: str, *, folder: bool = False) -> Callable[[F], F]:
    """``--out`` for a file (or, with ``folder=True``, a folder) to write."""
    return click.option(
        "--out",
        type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )


def network_option(help: str) -> Callable[[F], F]:
    """``--network actor|bipartite|country`` (actor by default)."""
    return click.option(
        "--network",
        type=click.Choice(choices.NETWORKS),
        default="actor",
        show_default=True,
        help=help,
    )


def data_list(data: tuple[Path, ...]) -> list[Path] | None:
    """``--data`` values for the library: None means the shipped data."""
    return list(data) or None
