"""The triples the ontology entails (OWL 2 RL with owlrl), as a graph of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph


def inferred(graphs: Iterable[Graph]) -> Graph:
    """The RDFS and OWL-RL entailments (owlrl) of the union of ``graphs`` that are not
    already stated, without what holds of everything: triples about the W3C
    vocabularies themselves (rdf:, rdfs:, owl:, xsd:), reflexive ones (``x owl:sameAs x``,
    ``C rdfs:subClassOf C`` ...), typing or subclassing as ``rdfs:Resource``/``owl:Thing``,
    and owlrl's literal subjects (not RDF).
    """
    import owlrl
    from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal

    asserted = Graph()
    for graph in graphs:
        asserted += graph
    closure = Graph()
    closure += asserted
    owlrl.DeductiveClosure(owlrl.RDFS_OWLRL_Semantics).expand(closure)
    builtin = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD))
    trivial = {OWL.Thing, RDFS.Resource}
    result = Graph()
    for s, p, o in closure:
        if (
            isinstance(s, Literal)
            or str(s).startswith(builtin)
            or s == o
            or (p in (RDF.type, RDFS.subClassOf) and o in trivial)
            or (s, p, o) in asserted
        ):
            continue
        result.add((s, p, o))
    return result
