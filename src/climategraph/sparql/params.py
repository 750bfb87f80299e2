"""Parameters of saved queries: their kinds (entity, date, language), parsing
``name=value`` pairs, and resolving a value to the RDF term it is bound to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from climategraph.choices import LANGS
from climategraph.errors import ParameterError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


import datetime
import logging
from collections.abc import Sequence

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


@dataclass(frozen=True)
class Param:
    """A query parameter: the variable ``?name``, its kind, its default (None: optional)."""

    name: str
    kind: str
    default: str | None = None

    def describe(self) -> str:
        """``name (kind, default: x)`` or ``name (kind, optional)``.

        >>> Param("city", "local-government", "incheon").describe()
        'city (local-government, default: incheon)'
        """
        tail = f"default: {self.default}" if self.default is not None else "optional"
        return f"{self.name} ({self.kind}, {tail})"

#: parameter kind -> the classes (local names in the cg: ontology) a value must belong to
ENTITY_KINDS: dict[str, tuple[str, ...]] = {
    "local-government": ("LocalGovernment",),
    "organisation": ("Organisation",),
    "international-organisation": ("InternationalOrganisation",),
    "actor": ("Actor",),
    "event": ("Event",),
    "entity": (),
}
DATE_KINDS = ("date", "end-date")
KINDS = (*ENTITY_KINDS, *DATE_KINDS)
#: the variable every query may use for the output language
LANG_VAR = "lang"



def parse_assignments(pairs: Sequence[str]) -> dict[str, str]:
    """``["city=Incheon", ...]`` -> ``{"city": "Incheon"}``; a key given twice is refused.

    >>> parse_assignments(["city=Incheon", "to=2021-12-31"])
    {'city': 'Incheon', 'to': '2021-12-31'}
    """
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"a parameter is key=value, not {pair!r}", name=pair)
        if key in values:
            raise ParameterError(
                f"parameter {key!r} is given twice ({values[key]!r} and {value!r})", name=key
            )
        values[key] = value
    return values


def parse_date(value: str, *, end: bool = False, name: str = "date") -> datetime.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a day: the first of the period, or
    with ``end`` its last; impossible dates are refused.

    >>> parse_date("2024-02"), parse_date("2024-02", end=True), parse_date("2021", end=True)
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), datetime.date(2021, 12, 31))
    >>> parse_date("2024-02-30", name="from")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    climategraph.errors.ParameterError: from: '2024-02-30' is not a date: day is out of range...
    """
    from climategraph.dates import DateFormatError, period_day

    try:
        return period_day(value.strip(), end=end)
    except DateFormatError:
        raise ParameterError(
            f"{name}: {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", name=name
        ) from None
    except ValueError as exc:
        raise ParameterError(f"{name}: {value!r} is not a date: {exc}", name=name) from None


def resolve_value(graph: Graph, param: Param, value: str) -> Node:
    """The RDF term for one parameter value (an entity of the graph or an xsd:date)."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from climategraph.namespaces import CG
    from climategraph.store.labels import resolve

    if param.kind in DATE_KINDS:
        day = parse_date(value, end=param.kind == "end-date", name=param.name)
        return Literal(day.isoformat(), datatype=XSD.date)
    types = [CG[c] for c in ENTITY_KINDS[param.kind]]
    # resolve() tries the text as an IRI first; rdflib logs a warning for text that
    # is no IRI (e.g. a Korean name), which is expected here, not worth a line.
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)
    try:
        return resolve(graph, value, types, what=f"{param.name} ({param.kind})")
    finally:
        term_log.setLevel(level)


def bindings_for(
    graph: Graph,
    params: Sequence[Param],
    values: Mapping[str, str] | None,
    lang: str,
    *,
    uses_lang: bool = True,
) -> dict[str, Node]:
    """Every parameter's RDF term (given value, else default; optional ones may stay
    out), plus ``?lang`` when ``uses_lang``. ``values`` names only known parameters."""
    from rdflib import Literal

    if lang not in LANGS:
        raise ParameterError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    given = dict(values or {})
    bound: dict[str, Node] = {}
    for param in params:
        value = given.get(param.name, param.default)
        if value is not None and not value.strip() and param.default is not None:
            raise ParameterError(
                f"{param.name}: empty value (leave the parameter out for its default, "
                f"{param.default})",
                name=param.name,
            )
        if value is not None and value.strip():
            bound[param.name] = resolve_value(graph, param, value)
    _check_window(params, bound)
    if uses_lang:
        bound[LANG_VAR] = Literal(lang)
    return bound


def _check_window(params: Sequence[Param], bound: Mapping[str, Node]) -> None:
    starts = [p.name for p in params if p.kind == "date" and p.name in bound]
    ends = [p.name for p in params if p.kind == "end-date" and p.name in bound]
    for lo in starts:
        for hi in ends:
            if str(bound[lo]) > str(bound[hi]):
                raise ParameterError(
                    f"empty time window: {lo} {bound[lo]} is after {hi} {bound[hi]}", name=lo
                )


_BUSIEST_CITY = """PREFIX cg: <https://w3id.org/climategraph/ontology#>
SELECT ?lg (COUNT(*) AS ?n) WHERE { ?p cg:agent ?lg ; cg:inRole cg:HostRole .
  ?lg a cg:LocalGovernment } GROUP BY ?lg ORDER BY DESC(?n) STR(?lg) LIMIT 1"""
_FIRST_PARENT_EVENT = """PREFIX cg: <https://w3id.org/climategraph/ontology#>
SELECT ?e WHERE { ?s cg:partOf ?e } ORDER BY STR(?e) LIMIT 1"""


def busiest_params(graph: Graph) -> dict[str, str]:
    """Parameter values by kind for running every saved query on a graph whose
    entities are not the shipped ones (a synthetic graph): the local government
    hosting most events stands for every entity kind, the event is the first (by
    IRI) with a part. ``make bench`` and the fast-versus-baseline test use it.

    >>> from climategraph.store.load import load_graph
    >>> found = busiest_params(load_graph())
    >>> sorted(found), found["entity"] == found["local-government"]
    (['entity', 'event', 'international-organisation', 'local-government', 'organisation'], True)
    """
    city = str(next(iter(graph.query(_BUSIEST_CITY)))[0])  # type: ignore[index]
    event = str(next(iter(graph.query(_FIRST_PARENT_EVENT)))[0])  # type: ignore[index]
    return {"local-government": city, "entity": city, "event": event,
            "organisation": city, "international-organisation": city}
