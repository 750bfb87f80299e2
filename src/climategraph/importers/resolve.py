"""Entity resolution: a place name (with its country, QID ...) to a graph node, a
gazetteer place, a new node, or *ambiguous* with the candidates and why.

The order of evidence: a QID or IRI the graph already has; the names of the graph's
nodes and the gazetteer's main names (one tier), then the gazetteer's alternate names
(exonyms such as "Peking"), then names without their administrative suffix. A given
country must agree. Where more than one place fits, the most populous is taken only
when it is at least :data:`DOMINANCE` times the next; otherwise the name is ambiguous.
A gazetteer place whose GeoNames id a graph node carries *is* that node.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from climategraph.importers.gazetteer import Gazetteer, Place
from climategraph.importers.graphindex import GraphIndex, Known
from climategraph.importers.normalise import region_name, split_district

#: the most populous candidate wins only when it has this many times the next one's people
DOMINANCE = 5
#: a place matched by an alternate name competes with places matched by their main name
#: only when it has this many times their people (Panama City: 408,168 vs 38,286)
DOMINANCE_ALTERNATE = 10
#: gazetteer records of one name and country closer than this (degrees) are one place
SAME_PLACE = 0.1

GRAPH, GAZETTEER, NEW, AMBIGUOUS, UNRESOLVED, SKIPPED = (
    "graph", "gazetteer", "new", "ambiguous", "unresolved", "skipped")


TIERS = ("name", "alternate name", "name without suffix")  # the second: strength only


@dataclass(frozen=True)
class Candidate:
    """A place a name may mean: a graph node or a gazetteer place."""

    id: str  # the graph IRI, or the gazetteer id ("geonames:...")
    label: str
    country: str | None
    population: int = 0
    place: Place | None = None

    @property
    def in_graph(self) -> bool:
        """Whether this is a node the graph already has."""
        return not self.id.startswith(("geonames:", "iso3166-2:"))

    def describe(self) -> str:
        """One short line for the review file."""
        people = f", pop. {self.population:,}" if self.population else ""
        return f"{self.id} {self.label} ({self.country or '?'}{people})"


@dataclass
class Resolution:
    """What a name resolved to, and why."""

    outcome: str
    candidate: Candidate | None = None
    reason: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    tier: int = 9  # 0 name, 1 alternate name, 2 name without suffix (lower is stronger)


@dataclass(frozen=True)
class Query:
    """A name to resolve, with the evidence the input gives."""

    name: str
    country: str | None = None  # ISO alpha-2
    qid: str | None = None


class Resolver:
    """Resolves names against a graph index and the gazetteer."""

    def __init__(self, graph: GraphIndex, gazetteer: Gazetteer) -> None:
        self.graph = graph
        self.gaz = gazetteer

    def resolve(self, query: Query) -> Resolution:
        """Resolve one name (see the module docstring for the order of evidence)."""
        if query.qid and query.qid in self.graph.by_qid:
            node = self.graph.nodes[self.graph.by_qid[query.qid]]
            return Resolution(GRAPH, self._from_graph(node), f"the graph has {query.qid}")
        found = self._by_name(query.name, query.country)
        nation = self._country_named(query.name, found)
        if nation:
            return Resolution(UNRESOLVED, None, f"{query.name!r} names a country ({nation}), "
                              "not a local government", found.candidates)
        if found.outcome == NEW:
            found = self._by_parts(query) or found
        return found

    def _country_named(self, name: str, found: Resolution) -> str | None:
        """The country ``name`` names, unless the place found is a city-state (a city of
        that country with half its people or more, as Singapore or Monaco)."""
        from climategraph.importers.normalise import keys

        code = next((self.gaz.country_names[k] for k in keys(name)
                     if k in self.gaz.country_names), None)
        if code is None:
            return None
        cand = found.candidate
        people = self.gaz.country_people.get(code, 0)
        if cand is not None and cand.country == code and 2 * cand.population >= people > 0:
            return None
        return code

    def _by_parts(self, query: Query) -> Resolution | None:
        """District forms and region labels: ``Gangnam (Seoul)``, ``Präfektur Tokio``."""
        region = region_name(query.name)
        if region:
            places = [p for p in self.gaz.region(region)
                      if not query.country or p.country == query.country]
            if len(places) == 1:
                return Resolution(GAZETTEER, _from_place(places[0]), "region name")
            return None
        parts = split_district(query.name)
        if not parts:
            return None
        place, context = parts
        regions = {p.country for p in self.gaz.region(context)}
        country = self.country_of(context) or (
            regions.pop() if len(regions) == 1 else None) or query.country
        found = self._by_name(place, country)
        if found.outcome in (GRAPH, GAZETTEER):
            found.reason += f"; {context!r} read as context"
            return found
        return None

    def country_of(self, text: str) -> str | None:
        """The ISO alpha-2 code of a country name: the graph's names first, then pycountry."""
        from climategraph.importers.normalise import keys

        for key in keys(text):
            if key in self.graph.country_keys:
                return self.graph.country_keys[key]
        return self.gaz.country(text)

    def _by_name(self, name: str, country: str | None) -> Resolution:
        dropped: list[Candidate] = []
        for tier, found, main in self.tiers(name):
            fitting = [c for c in found if not country or not c.country or c.country == country]
            dropped += [c for c in found if c not in fitting and c not in dropped]
            if fitting:
                chosen = self.choose(tier, fitting, name)
                strength = TIERS.index(tier)
                if tier == TIERS[0] and chosen.candidate and chosen.candidate.id not in main:
                    strength = 1  # by an alternate name only (an exonym or a spelling)
                chosen.tier = strength
                return chosen
        if dropped:
            return Resolution(NEW, None, f"name fits only places in another country "
                              f"than {country}", dropped)
        return Resolution(NEW, None, "no graph node or gazetteer place has this name")

    def tiers(self, name: str) -> list[tuple[str, list[Candidate], set[str]]]:
        """Candidates by name (the graph's names, the gazetteer's main and alternate
        names), then by name without suffix; with the ids matched by a main name."""
        gaz = dict(self.gaz.lookup(name))
        graph_strong = [self._from_graph(n) for n in self.graph.by_name(name)]
        main = [self._from_place_or_graph(p) for p in gaz.get("main", [])]
        alternate = [self._from_place_or_graph(p) for p in gaz.get("alternate", [])]
        weak = [self._from_graph(n) for n in self.graph.by_name(name, weak=True)]
        weak += [self._from_place_or_graph(p) for p in gaz.get("weak", [])]
        out = []
        strong = graph_strong + main
        if not strong:  # a region's name, where no town has it as its main name
            strong = [_from_place(p) for p in self.gaz.region(name)]
        if strong:  # an alternate name competes with a main name only from far bigger
            biggest = max(c.population for c in strong)
            alternate = [c for c in alternate
                         if biggest > 0 and c.population >= DOMINANCE_ALTERNATE * biggest]
        for tier, found, mains in ((TIERS[0], strong + alternate, strong),
                                   (TIERS[2], weak, [])):
            merged = {c.id: c for c in found}
            if merged:
                out.append((tier, sorted(merged.values(), key=lambda c: c.id),
                            {c.id for c in mains}))
        return out

    def choose(self, tier: str, found: list[Candidate], name: str) -> Resolution:
        """One of several candidates by evidence (one left, exact spelling, population),
        else ambiguous."""
        found = _one_per_place(found)
        if len(found) == 1:
            return _picked(found[0], f"by {tier}")
        exact = [c for c in found if c.place is not None and name in c.place.names]
        if len(exact) == 1 and any(c.place is not None for c in found if c is not exact[0]):
            return _picked(exact[0], f"by {tier}, the only one of {len(found)} spelt exactly so")
        ranked = sorted(found, key=lambda c: (-c.population, c.id))
        top, second = ranked[0], ranked[1]
        if second.population and top.population >= DOMINANCE * second.population:
            return _picked(top, f"by {tier}, the most populous of {len(found)} "
                                f"({top.population:,} vs {second.population:,})")
        return Resolution(AMBIGUOUS, None, f"{len(found)} places have this {tier}", ranked)

    def _from_graph(self, node: Known) -> Candidate:
        place = None
        if node.geonames_id:
            place = self.gaz.places.get(f"geonames:{node.geonames_id}")
        return Candidate(node.iri, node.label, node.country,
                         place.population if place else 0, place)

    def _from_place_or_graph(self, place: Place) -> Candidate:
        iri = self.graph.by_geonames.get(place.geonames_id or "")
        if iri:
            return self._from_graph(self.graph.nodes[iri])
        return _from_place(place)


def _one_per_place(found: list[Candidate]) -> list[Candidate]:
    """Drop gazetteer records that repeat a more populous one (same country, a few km)."""
    kept: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (-c.population, c.id)):
        p = cand.place
        if p is None or p.lat is None or p.lon is None or not any(
            k.place is not None and k.place.lat is not None and k.place.lon is not None
            and k.country == cand.country and abs(k.place.lat - p.lat) < SAME_PLACE
            and abs(k.place.lon - p.lon) < SAME_PLACE for k in kept
        ):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.id)


def _from_place(place: Place) -> Candidate:
    return Candidate(place.id, place.name, place.country, place.population, place)


def _picked(cand: Candidate, reason: str) -> Resolution:
    return Resolution(GRAPH if cand.in_graph else GAZETTEER, cand, reason)
