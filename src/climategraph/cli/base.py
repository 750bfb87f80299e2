"""The command group and the options shared by the commands.

Exit codes (as pySHACL's): 0 success / conforms, 1 the data does not conform,
2 bad input or runtime error (one line on stderr, never a traceback), 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from climategraph.errors import ClimateGraphError, NotConformingError

F = TypeVar("F", bound=Callable[..., Any])

LANGS = ("en", "ko")


class CommandError(click.ClickException):
    """A library error shown as one line, exit code 2."""

    exit_code = 2


class NotConforming(click.ClickException):
    """The data does not conform: one line, exit code 1."""

    exit_code = 1


class Group(click.Group):
    """Runs every command with the same error handling: library errors become one
    line (exit 2, or 1 when the data does not conform), Ctrl-C exits 130, and an
    unexpected error is one line too (``CLIMATEGRAPH_DEBUG=1`` shows the traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        # rdflib logs a traceback for every literal it cannot convert; validation
        # reports those literals itself, as violations naming the node
        logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
        try:
            return super().invoke(ctx)
        except NotConformingError as exc:
            raise NotConforming(str(exc)) from None
        except ClimateGraphError as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("CLIMATEGRAPH_DEBUG"):
                raise
            raise CommandError(
                f"unexpected error: {type(exc).__name__}: {exc} "
                "(set CLIMATEGRAPH_DEBUG=1 to see the traceback, and please report it)"
            ) from None


@click.group(cls=Group)
@click.version_option(package_name="climategraph")
def cli() -> None:
    """A knowledge graph of climate cooperation between local governments,
    international bodies and events.

    Exit codes: 0 success or the data conforms, 1 the data does not conform,
    2 bad input or a runtime error.

    \b
    Example:
        climategraph validate
        climategraph build --out out/climategraph.ttl
        climategraph query sister-cities --param city=인천 --lang ko
    """


def data_options(func: F) -> F:
    """``--data`` (repeatable) and ``--store`` for every command that reads the graph,
    and ``--endpoint``/``--timeout``: with an endpoint, every ``graph.load_graph()``
    the command makes (without data) reads from the server.
    """
    func = _layer_option(_endpoint_options(func))
    func = click.option(
        "--store",
        type=click.Choice(["oxigraph", "memory"]),
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


def _endpoint_options(func: F) -> F:
    """``--endpoint URL`` (or ``CLIMATEGRAPH_ENDPOINT``) and ``--timeout``: run the
    command inside :func:`climategraph.store.load.reading_from` the server."""

    @functools.wraps(func)
    def wrapper(*args: Any, endpoint: str | None, timeout: float | None, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        from_env = ctx.get_parameter_source("endpoint") == ParameterSource.ENVIRONMENT
        if not endpoint or (from_env and kwargs.get("data")):
            return func(*args, **kwargs)
        if kwargs.get("data"):
            raise click.UsageError("give --data or --endpoint, not both")
        from climategraph.server import client
        from climategraph.store.load import reading_from

        with reading_from(client.source(endpoint, timeout=timeout)):
            return func(*args, **kwargs)

    wrapped = click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="Seconds to wait for the server's answer (with --endpoint; default 30).",
    )(wrapper)
    return click.option(  # type: ignore[return-value]
        "--endpoint",
        envvar="CLIMATEGRAPH_ENDPOINT",
        metavar="URL",
        default=None,
        help="Read from this SPARQL query URL instead of the files "
        "(env CLIMATEGRAPH_ENDPOINT), e.g. http://127.0.0.1:7878/query.",
    )(wrapped)


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
        type=click.Choice(["actor", "bipartite", "country"]),
        default="actor",
        show_default=True,
        help=help,
    )


def data_list(data: tuple[Path, ...]) -> list[Path] | None:
    """``--data`` values for the library: None means the shipped data."""
    return list(data) or None
