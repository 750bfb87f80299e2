"""The ``climategraph`` command line: a thin click CLI over the library.

Each command parses, calls one library function, formats. Heavy libraries are
imported inside the commands, so ``climategraph --help`` is fast. The commands
live in one module per concept; importing this package registers them all.

Exit codes (as pySHACL's): 0 success / conforms, 1 the data does not conform,
2 bad input or runtime error (one line on stderr, never a traceback), 130
interrupted.
"""

from __future__ import annotations

from climategraph.cli import core, export, importers, networks, pages, queries, servers, synthetic
from climategraph.cli.base import cli, data_options, format_option
from climategraph.cli.export import EXPORT_FORMATS, EXPORT_INCLUDES
from climategraph.cli.failures import CommandError

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_INCLUDES",
    "CommandError",
    "cli",
    "core",
    "data_options",
    "export",
    "format_option",
    "importers",
    "main",
    "networks",
    "pages",
    "queries",
    "servers",
    "synthetic",
]


def main() -> None:
    """Console-script entry point: a pipe closed before the last flush (``| head``)
    ends quietly too (exit 141, no "Exception ignored" from Python), and the
    process ends without freeing its heap (:func:`terminal.exit_now`)."""
    import sys

    from climategraph.cli import terminal

    try:
        cli(complete_var="_CLIMATEGRAPH_COMPLETE")
    except SystemExit as done:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            sys.exit(terminal.pipe_closed())
        terminal.exit_now(done)
