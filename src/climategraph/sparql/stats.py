"""Counts that describe the graph: per class, per source article, per country."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from climategraph.store.labels import label

if TYPE_CHECKING:
    from rdflib import Graph


PREFIXES = """
PREFIX cg: <https://w3id.org/climategraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

_BY_CLASS = PREFIXES + """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s rdf:type ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/climategraph/ontology#"))
} GROUP BY ?class
"""

_BY_SOURCE = PREFIXES + """
SELECT ?article (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?article rdf:type cg:Article .
  OPTIONAL { ?s prov:wasDerivedFrom ?article }
} GROUP BY ?article
"""

_BY_COUNTRY = PREFIXES + """
SELECT ?country (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?country rdf:type cg:Country .
  OPTIONAL { ?s cg:inCountry ?country }
} GROUP BY ?country
"""


@dataclass
class Stats:
    """Counts of the graph; each mapping is label -> count, sorted by label."""

    triples: int
    classes: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "triples": self.triples,
            "classes": self.classes,
            "sources": self.sources,
            "countries": self.countries,
        }


def _counts(graph: Graph, query: str, lang: str) -> dict[str, int]:
    rows = []
    for key, count in graph.query(query):  # type: ignore[misc]
        name = label(graph, key, lang) if lang else str(key)
        rows.append((name, int(count)))
    return dict(sorted(rows))


def compute(graph: Graph, lang: str = "en") -> Stats:
    """Count the graph's triples and its resources per class, source and country.

    Classes are the ontology's own (``cg:``); sources count the records that cite
    each article; countries count the actors and venues in each country.
    """
    return Stats(
        triples=len(graph),
        classes=_counts(graph, _BY_CLASS, lang),
        sources=_counts(graph, _BY_SOURCE, lang),
        countries=_counts(graph, _BY_COUNTRY, lang),
    )
