"""The terminal: how much goes to stderr (``--quiet``/``--verbose``), progress lines
for long stages, and a closed pipe ending quietly.

Progress goes to stderr, one line when a stage starts and one when it ends with its
elapsed time, only when stderr is a terminal (or with ``--verbose``), never with
``--quiet``; standard output keeps only the command's result.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator

import click

#: -1 quiet, 0 normal, 1 verbose (set by the group's --quiet/--verbose)
QUIET, NORMAL, VERBOSE = -1, 0, 1
_level = {"value": NORMAL}

#: the exit code of a command whose output pipe was closed (128 + SIGPIPE, as a shell)
BROKEN_PIPE_EXIT = 141


def set_level(level: int) -> None:
    """Set how much goes to stderr (:data:`QUIET`, :data:`NORMAL`, :data:`VERBOSE`)."""
    _level["value"] = level


def level() -> int:
    """The current level (see :func:`set_level`)."""
    return _level["value"]


def note(text: str) -> None:
    """An informational line on stderr (not an error), left out with ``--quiet``."""
    if level() > QUIET:
        click.echo(text, err=True)


def showing_progress() -> bool:
    """Progress is shown with --verbose, or when stderr is a terminal (not --quiet)."""
    if level() == VERBOSE:
        return True
    if level() == QUIET:
        return False
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Show ``name ...`` on stderr, then ``name: done in 1.2 s`` (see
    :func:`showing_progress`); the block runs the same either way."""
    if not showing_progress():
        yield
        return
    click.echo(f"{name} ...", err=True)
    start = time.monotonic()
    yield
    click.echo(f"{name}: done in {time.monotonic() - start:.1f} s", err=True)


def pipe_closed() -> int:
    """After a BrokenPipeError on stdout (``climategraph stats | head -1``): point
    stdout at /dev/null so Python's final flush is silent, and return the exit code."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return BROKEN_PIPE_EXIT
