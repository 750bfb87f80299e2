"""The tie queries: who took part in which event, and the partner-city and agreement
links, each with its date and source, filtered by :class:`~climategraph.network.filters.Filters`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from climategraph.network.filters import Filters, _in_window

if TYPE_CHECKING:
    from rdflib import Graph


_PREFIXES = """
PREFIX cg: <https://w3id.org/climategraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

PARTICIPATIONS = (
    _PREFIXES
    + """
SELECT DISTINCT ?actor ?root ?event ?role ?source ?date WHERE {
  # each event's top event once, in a sub-query over the distinct events, not once
  # per participation: Oxigraph 4.0 s -> 1.7 s at 10^6 triples (98,373 rows either
  # way), rdflib's engine 9.1 s -> 8.3 s on the shipped data
  {
    SELECT ?event ?root WHERE {
      { SELECT DISTINCT ?event WHERE { [] cg:atEvent ?event } }
      ?event cg:partOf* ?root .
      FILTER NOT EXISTS { ?root cg:partOf ?up }
    }
  }
  ?p cg:agent ?agent ; cg:atEvent ?event .
  OPTIONAL { ?p cg:onBehalfOf ?behalf }
  BIND(COALESCE(?behalf, ?agent) AS ?actor)
  ?actor a/rdfs:subClassOf* cg:Organisation .
  OPTIONAL { ?p cg:inRole ?role }
  OPTIONAL { ?p prov:wasDerivedFrom ?source }
  OPTIONAL { ?root cg:startDate ?d1 }
  OPTIONAL { ?root cg:plannedYear ?d2 }
  OPTIONAL { ?event cg:startDate ?d3 }
  OPTIONAL { ?event cg:startTime ?d4 }
  BIND(COALESCE(?d1, ?d2, ?d3, ?d4) AS ?date)
}"""
)


def _pair_query(pattern: str, date_property: str) -> str:
    """Pairs (``?a``, ``?b``, once each) of a ``?link`` record, with its article and date."""
    return _PREFIXES + f"""
SELECT DISTINCT ?link ?a ?b ?source ?date WHERE {{
  {pattern}
  FILTER(STR(?a) < STR(?b))
  OPTIONAL {{ ?link prov:wasDerivedFrom ?source }}
  OPTIONAL {{ ?link {date_property} ?date }}
}}"""


PARTNERS = _pair_query("?link a cg:PartnerRelation ; cg:partner ?a , ?b .", "cg:since")

AGREEMENTS = _pair_query(
    """?link a/rdfs:subClassOf* cg:Agreement ; cg:party ?a , ?b .
  ?a a/rdfs:subClassOf* cg:Organisation .
  ?b a/rdfs:subClassOf* cg:Organisation .""",
    "cg:signedOn",
)


def participations(graph: Graph, f: Filters) -> list[tuple[str, str, str, str, str]]:
    """(actor, top event, event, role, source) rows that pass the filters, sorted."""
    from climategraph.store.backend import select

    rows = set()
    for actor, root, event, role, source, date in select(graph, PARTICIPATIONS):
        if actor in f.exclude or (f.sources and source not in f.sources):
            continue
        if _in_window(date, f, standing=False):
            rows.add((actor, root, event, role or "", source or ""))
    return sorted(rows)  # type: ignore[arg-type]


def _links(graph: Graph, query: str, f: Filters) -> list[tuple[str, str, str, str]]:
    from climategraph.store.backend import select

    rows = set()
    for link, a, b, source, date in select(graph, query):
        if a in f.exclude or b in f.exclude or (f.sources and source not in f.sources):
            continue
        if _in_window(date, f, standing=True):
            rows.add((link, a, b, source or ""))
    return sorted(rows)  # type: ignore[arg-type]
