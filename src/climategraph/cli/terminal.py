"""The terminal: how much goes to stderr (``--quiet``/``--verbose``), progress lines
for long stages, a closed pipe ending quietly, and the process ending without
freeing its heap object by object (:func:`exit_now`).

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
from typing import NoReturn

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


def exit_now(done: SystemExit) -> NoReturn:
    """End the process as ``done`` would, without Python's finalisation: the exit
    functions run (``atexit``: temporary folders, logging) and the standard
    streams are flushed, but the heap is not freed object by object (6 s after a
    run on 10^6 triples). Threads still working get the normal ending.
    """
    import atexit
    import threading

    if any(t.is_alive() and not t.daemon for t in threading.enumerate()
           if t is not threading.main_thread()):
        raise done
    code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # SystemExit("text"): the text, exit 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)
