"""The library's exceptions: a small tree, each carrying what a user needs to fix it.

The CLI turns every :class:`ClimateGraphError` into one line and exit code 2
(bad input or runtime error); validation failures are not exceptions but a
report (exit 1).

>>> str(LoadError("Malformed Turtle", path="x.ttl", line=3, column=7))
'x.ttl:3:7: Malformed Turtle'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class ClimateGraphError(Exception):
    """Base class: an error with a message fit for one line of terminal output."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class LoadError(ClimateGraphError):
    """An input file that is missing, unreadable or malformed."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ":".join(
            str(part) for part in (self.path, self.line, self.column) if part is not None
        )
        text = super().__str__()
        return f"{where}: {text}" if where else text


class NotConformingError(ClimateGraphError):
    """The data does not conform to the shapes (the CLI exits 1, not 2)."""

    def __init__(self, message: str, *, report: Any = None) -> None:
        super().__init__(message)
        self.report = report


class QueryError(ClimateGraphError):
    """A saved query that is unknown, malformed, not read-only, or badly parameterised."""


class ParameterError(QueryError):
    """A query parameter whose value is unknown, ambiguous or of the wrong kind."""

    def __init__(
        self, message: str, *, name: str | None = None, candidates: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.name = name
        self.candidates = candidates or []


class ExportError(ClimateGraphError):
    """An export that cannot be written (unknown format, unwritable path)."""


class EndpointError(ClimateGraphError):
    """A SPARQL server that refuses, times out or answers with an error."""


class LimitError(ClimateGraphError):
    """An input past one of the bounds of :mod:`climategraph.limits` (or a bad bound)."""
