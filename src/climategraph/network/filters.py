"""Which ties a network keeps: the time window, countries, kinds and excluded actors
(:class:`Filters`), and the dates users give.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from climategraph.errors import ParameterError

if TYPE_CHECKING:
    from rdflib import Graph


NETWORKS = ("actor", "bipartite", "country")
EDGE_KINDS = ("shared-event", "partner-city", "agreement")


@dataclass(frozen=True)
class Filters:
    """The filters a network was built with (dates normalised to YYYY-MM-DD)."""

    start: str | None = None
    end: str | None = None
    edge_kinds: tuple[str, ...] = EDGE_KINDS
    sources: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "from": self.start,
            "to": self.end,
            "edge_kinds": list(self.edge_kinds),
            "sources": list(self.sources),
            "exclude": list(self.exclude),
        }


def normalise_date(value: object, *, end: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first (or, with ``end``, last) day.

    The padded day must exist (``datetime.date``): a month 13 or 30 February is
    refused with :class:`ParameterError`.

    >>> normalise_date("2021"), normalise_date("2021", end=True), normalise_date(2024)
    ('2021-01-01', '2021-12-31', '2024-01-01')
    >>> normalise_date("2024-02", end=True), normalise_date("2021-11-23T10:00:00+09:00")
    ('2024-02-29', '2021-11-23')
    """
    from climategraph.dates import DateFormatError, period_day

    if value is None or value == "":
        return None
    usage = "use YYYY, YYYY-MM or YYYY-MM-DD"
    try:
        return period_day(str(value)[:10], end=end).isoformat()
    except DateFormatError:
        raise ParameterError(f"not a date: {value!r} ({usage})") from None
    except ValueError as exc:
        raise ParameterError(f"not a date: {value!r} ({exc}; {usage})") from None


def make_filters(
    graph: Graph,
    *,
    start: object = None,
    end: object = None,
    edge_kinds: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> Filters:
    """Check and normalise the filters of :func:`build_network`.

    Parameters
    ----------
    graph : rdflib.Graph
        The loaded graph (articles and actors are resolved in it).
    start, end : str or int, optional
        Time window (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), inclusive; an
        impossible date (month 13, 30 February) raises :class:`ParameterError`.
    edge_kinds : iterable of str, optional
        Tie kinds to keep (default: all of :data:`EDGE_KINDS`).
    sources : iterable of str, optional
        Articles (slug, label or IRI): keep only records derived from them.
    exclude : iterable of str
        Actors (name, slug or IRI) to leave out.
    """
    from climategraph.namespaces import CG
    from climategraph.store.labels import resolve

    kinds = tuple(sorted(set(edge_kinds))) if edge_kinds else EDGE_KINDS
    unknown = sorted(set(kinds) - set(EDGE_KINDS))
    if unknown:
        raise ParameterError(
            f"unknown edge kind {unknown[0]!r}; choose from {', '.join(EDGE_KINDS)}"
        )
    lo, hi = normalise_date(start), normalise_date(end, end=True)
    if lo and hi and lo > hi:
        raise ParameterError(f"empty time window: from {lo} is after to {hi}")
    arts = sorted({str(resolve(graph, s, [CG.Article], what="article")) for s in sources or ()})
    gone = sorted({str(resolve(graph, x, [CG.Organisation], what="actor")) for x in exclude})
    return Filters(lo, hi, kinds, tuple(arts), tuple(gone))


def _in_window(date: str | None, f: Filters, *, standing: bool) -> bool:
    if f.start is None and f.end is None:
        return True
    if date is None:
        return standing
    day = normalise_date(date)
    assert day is not None
    if f.end and day > f.end:
        return False
    return standing or not (f.start and day < f.start)
