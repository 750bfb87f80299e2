"""The places the graph already has, indexed by every name, slug, IRI, QID and GeoNames id.

Built from an rdflib graph with rdflib's API only; the importer never mints a second
node for a place found here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from climategraph.importers.normalise import keys, stripped
from climategraph.namespaces import CG, SCHEMA

if TYPE_CHECKING:
    from rdflib import Graph

WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass
class Known:
    """One local government of the graph."""

    iri: str
    label: str
    country: str | None  # ISO alpha-2, when the graph gives it
    geonames_id: str | None = None
    qids: set[str] = field(default_factory=set)


@dataclass
class GraphIndex:
    """Local governments and countries of a graph, by name key and identifier."""

    nodes: dict[str, Known] = field(default_factory=dict)
    strong: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    weak: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_qid: dict[str, str] = field(default_factory=dict)
    by_geonames: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # alpha-2 -> country IRI
    country_keys: dict[str, str] = field(default_factory=dict)  # name key -> alpha-2
    iris: set[str] = field(default_factory=set)  # every subject IRI (to avoid clashes)
    relations: dict[frozenset[str], str] = field(default_factory=dict)  # partners -> record

    def by_name(self, name: str, *, weak: bool = False) -> list[Known]:
        """The nodes one of whose names has a key of ``name`` (strong keys, or weak)."""
        if weak:
            found = {i for k in [*keys(name), *stripped(name)] for i in self.weak.get(k, ())}
            found |= {i for k in stripped(name) for i in self.strong.get(k, ())}
        else:
            found = {i for k in keys(name) for i in self.strong.get(k, ())}
            found |= {i for i in (_expand(name),) if i in self.nodes}
        return [self.nodes[i] for i in sorted(found)]


def _expand(name: str) -> str:
    """``cgr:x`` -> the full IRI; anything else as given."""
    from climategraph.namespaces import CGR

    return str(CGR) + name[4:] if name.startswith("cgr:") else name


def build(graph: Graph) -> GraphIndex:
    """Index the local governments and countries of ``graph``."""
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import OWL, SKOS

    index = GraphIndex()
    _index_countries(graph, index)
    name_props = (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel, CG.localName)
    for node in graph.subjects(RDF.type, CG.LocalGovernment, unique=True):
        if not isinstance(node, URIRef):
            continue
        iri = str(node)
        country = graph.value(node, CG.inCountry)
        known = Known(iri, _main_label(graph, node),
                      _alpha2(graph, country) if country is not None else None,
                      _text(graph.value(node, CG.geonamesId)))
        index.nodes[iri] = known
        names = [str(o) for p in name_props for o in graph.objects(node, p)]
        names.append(iri.rsplit("/", 1)[-1].replace("-", " "))
        for name in names:
            for key in keys(name):
                index.strong[key].add(iri)
            for key in stripped(name):
                index.weak[key].add(iri)
        for prop in (OWL.sameAs, SCHEMA.sameAs):
            for other in graph.objects(node, prop):
                if str(other).startswith(WIKIDATA):
                    qid = str(other)[len(WIKIDATA):]
                    known.qids.add(qid)
                    index.by_qid[qid] = iri
        if known.geonames_id:
            index.by_geonames[known.geonames_id] = iri
    index.iris = {str(s) for s in graph.subjects(unique=True) if isinstance(s, URIRef)}
    for record in graph.subjects(RDF.type, CG.PartnerRelation, unique=True):
        partners = frozenset(str(p) for p in graph.objects(record, CG.partner))
        if len(partners) == 2:
            index.relations.setdefault(partners, str(record))
    return index


def _index_countries(graph: Graph, index: GraphIndex) -> None:
    from rdflib import RDF, RDFS
    from rdflib.namespace import SKOS

    for country in graph.subjects(RDF.type, CG.Country, unique=True):
        code = _alpha2(graph, country)
        if not code:
            continue
        index.countries.setdefault(code, str(country))
        for prop in (RDFS.label, SKOS.altLabel):
            for name in graph.objects(country, prop):
                for key in keys(str(name)):
                    index.country_keys.setdefault(key, code)


def _alpha2(graph: Graph, country: object) -> str | None:
    return _text(graph.value(country, CG.iso3166Alpha2))  # type: ignore[call-overload]


def _text(value: object) -> str | None:
    return str(value) if value is not None else None


def _main_label(graph: Graph, node: object) -> str:
    from rdflib import RDFS

    labels = sorted(graph.objects(node, RDFS.label),  # type: ignore[arg-type]
                    key=lambda o: (getattr(o, "language", "") != "en", str(o)))
    return str(labels[0]) if labels else str(node).rsplit("/", 1)[-1]
