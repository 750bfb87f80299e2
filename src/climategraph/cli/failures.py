"""What a command shows when it fails: one line on stderr and an exit code.

Library errors (:mod:`climategraph.errors`), click's usage errors and unexpected
errors all become one line (user names and passwords in URLs hidden, control and
invisible characters escaped, the length bounded; the library's messages name the
file, line or option and say what to do), never a traceback
(``CLIMATEGRAPH_DEBUG=1`` shows it for an unexpected error). The command group
(:class:`climategraph.cli.base.Group`) raises :func:`translate`'s answer instead of
the exception a command raised.

Exit codes (as pySHACL's): 0 success / conforms, 1 the data does not conform,
2 bad input or runtime error (one line on stderr, never a traceback), 130
interrupted (Ctrl-C), 141 the output pipe was closed (``| head``).
"""

from __future__ import annotations

import os

import click

from climategraph.cli import terminal
from climategraph.errors import ClimateGraphError, NotConformingError


def message_line(text: str) -> str:
    """The one line an error shows: user names and passwords in URLs hidden, control
    and invisible characters escaped, at most :data:`~climategraph.limits.MAX_MESSAGE`
    characters with click's ``Error: `` (long texts keep their start and end)."""
    from climategraph.limits import MAX_MESSAGE
    from climategraph.text import one_line, redact

    return one_line(redact(text), MAX_MESSAGE - len("Error: "))


class CommandError(click.ClickException):
    """A library error shown as one line (see :func:`message_line`), exit code 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message_line(message))


class NotConforming(CommandError):
    """The data does not conform: one line, exit code 1."""

    exit_code = 1


def _os_error(exc: OSError) -> str:
    """An OSError as a line naming the file and saying what to do."""
    where = exc.filename if exc.filename is not None else ""
    what = exc.strerror or type(exc).__name__
    return f"{where}: {what} (check the path and its permissions)" if where else what


def translate(exc: BaseException) -> click.ClickException | click.exceptions.Exit | None:
    """What the command group raises instead of ``exc``: library errors become one
    line (exit 2, or 1 when the data does not conform), Ctrl-C exit 130 after
    "interrupted", a closed output pipe a quiet exit 141, usage errors and unexpected
    errors one line too. None lets ``exc`` through unchanged: click's own errors and
    exits, ``SystemExit``, what is not an :class:`Exception`, and any unexpected error
    when ``CLIMATEGRAPH_DEBUG`` is set (its traceback is shown)."""
    if isinstance(exc, NotConformingError):
        return NotConforming(str(exc))
    if isinstance(exc, ClimateGraphError):
        return CommandError(str(exc))
    if isinstance(exc, KeyboardInterrupt):
        click.echo("interrupted", err=True)
        return click.exceptions.Exit(130)
    if isinstance(exc, BrokenPipeError):  # the reader went away (| head): end quietly
        return click.exceptions.Exit(terminal.pipe_closed())
    if isinstance(exc, click.UsageError):
        where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        return CommandError(exc.format_message() + where)
    if isinstance(exc, (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit)):
        return None
    if not isinstance(exc, Exception) or os.environ.get("CLIMATEGRAPH_DEBUG"):
        return None
    return CommandError(_unexpected(exc))


def _unexpected(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, MemoryError):
        return "out of memory: the input is too large for this machine (see SECURITY.md, limits)"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to process"
    return (
        f"unexpected error: {type(exc).__name__}: {exc} "
        "(set CLIMATEGRAPH_DEBUG=1 to see the traceback, and please report it)"
    )
