"""Bounds on the work one input can cause, each with an environment override.

Every limit has a default fit for the shipped data and for the benchmarks' 10^6
triples, and an environment variable to raise (or lower) it. A refusal names the
limit and the variable, so a user who trusts the input knows what to do::

    CLIMATEGRAPH_MAX_XML_DEPTH=2000 climategraph validate --data deep.rdf

>>> MAX_XML_DEPTH.env
'CLIMATEGRAPH_MAX_XML_DEPTH'
>>> MAX_XML_DEPTH.get({"CLIMATEGRAPH_MAX_XML_DEPTH": "10"})
10
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from climategraph.errors import LimitError

#: the longest message the command line prints (characters, "Error: " included)
MAX_MESSAGE = 300
#: redirects followed (same origin only) before an HTTP read gives up
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Limit:
    """One bound: its environment variable, default, unit and what it bounds."""

    name: str
    default: int
    unit: str
    what: str

    @property
    def env(self) -> str:
        return f"CLIMATEGRAPH_{self.name}"

    def get(self, env: Mapping[str, str] | None = None) -> int:
        """The value in force: the environment's (a positive whole number), else the default."""
        raw = (os.environ if env is None else env).get(self.env, "").strip()
        if not raw:
            return self.default
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 1 or value != int(value):
            raise LimitError(f"{self.env}={raw[:40]!r} is not a positive whole number")
        return int(value)

    def check(self, value: float, where: str = "") -> None:
        """Raise :class:`LimitError` when ``value`` exceeds the limit."""
        limit = self.get()
        if value > limit:
            raise LimitError(self.exceeded(where, limit))

    def exceeded(self, where: str = "", limit: int | None = None) -> str:
        """The message for a refusal: what, the limit, and how to raise it."""
        limit = self.get() if limit is None else limit
        prefix = f"{where}: " if where else ""
        return (
            f"{prefix}{self.what} exceeds the limit of {limit:,} {self.unit} "
            f"(set {self.env} to raise it if you trust the input)"
        )


MAX_FILE_BYTES = Limit("MAX_FILE_BYTES", 2 * 1024**3, "bytes", "input file size")
MAX_XML_DEPTH = Limit("MAX_XML_DEPTH", 256, "levels", "XML element nesting")
MAX_NESTING = Limit("MAX_NESTING", 128, "levels", "nesting of [ ], ( ) or JSON objects")
MAX_RESPONSE_BYTES = Limit("MAX_RESPONSE_BYTES", 1024**3, "bytes", "server answer size")
QUERY_TIMEOUT = Limit("QUERY_TIMEOUT", 60, "seconds", "query run time")
MAX_TIMEOUT = Limit("MAX_TIMEOUT", 7 * 24 * 3600, "seconds", "timeout")
MAX_TRIPLES = Limit("MAX_TRIPLES", 20_000_000, "triples", "synthetic graph size")
MAX_QUERY_BYTES = Limit("MAX_QUERY_BYTES", 1_000_000, "bytes", "query file size")
MAX_PARAM_CHARS = Limit("MAX_PARAM_CHARS", 10_000, "characters", "parameter value length")

ALL = (
    MAX_FILE_BYTES,
    MAX_XML_DEPTH,
    MAX_NESTING,
    MAX_RESPONSE_BYTES,
    QUERY_TIMEOUT,
    MAX_TIMEOUT,
    MAX_TRIPLES,
    MAX_QUERY_BYTES,
    MAX_PARAM_CHARS,
)


def seconds(value: float, what: str = "--timeout") -> float:
    """A time limit: positive, finite, at most :data:`MAX_TIMEOUT`.

    >>> seconds(2.5)
    2.5
    >>> seconds(float("nan"))
    Traceback (most recent call last):
    ...
    climategraph.errors.LimitError: --timeout must be a positive number of seconds, not nan
    """
    if not math.isfinite(value) or value <= 0:
        raise LimitError(f"{what} must be a positive number of seconds, not {value}")
    MAX_TIMEOUT.check(value, what)
    return float(value)
