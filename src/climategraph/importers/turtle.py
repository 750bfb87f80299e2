"""Byte-stable Turtle for an import: the project's prefixes, subjects sorted by IRI,
predicates in a fixed order, objects sorted, one statement block per subject.

The same triples always give the same bytes, whatever order they were added in.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Node

PREFIXES = (
    ("cg", "https://w3id.org/climategraph/ontology#"),
    ("cgr", "https://w3id.org/climategraph/id/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ("schema", "https://schema.org/"),
    ("pav", "http://purl.org/pav/"),
    ("wd", "http://www.wikidata.org/entity/"),
)

#: predicates first in this order, the rest after them by IRI
ORDER = (
    "rdf:type", "rdfs:label", "skos:altLabel", "skos:hiddenLabel", "cg:partner",
    "cg:relationKind", "cg:since", "cg:inCountry", "cg:geonamesId", "geo:lat", "geo:long",
    "owl:sameAs", "cg:partnerOf",
)


@lru_cache(maxsize=1 << 16)
def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES:
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and all(c.isalnum() or c in "-_" for c in local) and local.isascii() \
                    and not local.startswith("-"):
                return f"{prefix}:{local}"
    return f"<{iri}>"


def term(node: Node) -> str:
    """A node in Turtle: a prefixed name where it fits, else its N-Triples form."""
    from rdflib import Literal, URIRef

    if isinstance(node, URIRef):
        return _short(str(node))
    if isinstance(node, Literal) and node.datatype is not None:
        return f"{Literal(str(node)).n3()}^^{_short(str(node.datatype))}"
    return node.n3()


def serialise(triples: set[tuple[Node, Node, Node]], header: list[str]) -> bytes:
    """The Turtle bytes of ``triples``, after a comment ``header`` (one line each)."""
    by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[str(s)][_short(str(p))].append(term(o))
    rank = {p: i for i, p in enumerate(ORDER)}
    out = [f"# {line}".rstrip() for line in header]
    out.append("")
    out += [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES]
    for subject in sorted(by_subject):
        preds = by_subject[subject]
        out.append("")
        out.append(_short(subject))
        names = sorted(preds, key=lambda p: (rank.get(p, len(rank)), p))
        for i, pred in enumerate(names):
            objects = " , ".join(sorted(set(preds[pred])))
            end = " ." if i == len(names) - 1 else " ;"
            out.append(f"    {'a' if pred == 'rdf:type' else pred} {objects}{end}")
    return ("\n".join(out) + "\n").encode("utf-8")
