"""One import, whatever the input: resolve every distinct place (decisions first),
hold back the places that need a person, and turn the rest into cited triples.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from climategraph.errors import LoadError
from climategraph.importers import evidence, graphindex
from climategraph.importers import gazetteer as gazetteer_module
from climategraph.importers.output import Builder, Entry, Link
from climategraph.importers.provenance import Dataset
from climategraph.importers.resolve import (
    AMBIGUOUS,
    GAZETTEER,
    GRAPH,
    NEW,
    SKIPPED,
    UNRESOLVED,
    Candidate,
    Query,
    Resolution,
    Resolver,
)

if TYPE_CHECKING:
    from rdflib import Graph

OUTCOMES = (GRAPH, GAZETTEER, NEW, AMBIGUOUS, UNRESOLVED, SKIPPED)


@dataclass
class Refused:
    """A row that could not be read: where, which column, and what to do."""

    where: str  # "file:line"
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: column {self.column}: {self.message}"


@dataclass
class Result:
    """What an import did: per-place outcomes, links, refused rows and the Turtle."""

    entries: list[Entry]
    links_total: int
    links_written: int
    links_waiting: int
    refused: list[Refused] = field(default_factory=list)
    triples: set = field(default_factory=set)  # type: ignore[type-arg]
    dataset: Dataset | None = None

    @property
    def outcomes(self) -> Counter[str]:
        """Places per outcome."""
        return Counter(e.resolution.outcome for e in self.entries if e.resolution)

    @property
    def to_review(self) -> list[Entry]:
        """The places a person must decide."""
        return [e for e in self.entries
                if e.resolution and e.resolution.outcome in (AMBIGUOUS, UNRESOLVED)]


def run(entries: dict[str, Entry], links: list[Link], graph: Graph, dataset: Dataset,
        decisions: dict[str, str], refused: list[Refused]) -> Result:
    """Resolve ``entries``, then build the triples of ``links`` whose two places resolved."""
    index = graphindex.build(graph)
    gaz = gazetteer_module.load()
    resolver = Resolver(index, gaz)
    for entry in entries.values():
        choice = decisions.get(entry.key)
        entry.resolution = (_decided(choice, entry, index, resolver) if choice else
                            resolver.resolve(Query(entry.name, entry.country, entry.qid)))
    evidence.apply(entries, links, set(decisions))
    _same_target(entries, links, decisions, resolver)
    builder = Builder(index, gaz, dataset)
    builder.describe(dataset)
    for entry in entries.values():
        builder.assign(entry)
    written = waiting = 0
    used: set[str] = set()
    for link in links:
        a, b = entries[link.a].iri, entries[link.b].iri
        if a is None or b is None or a == b:
            waiting += 1
            continue
        builder.link(link, a, b)
        used.update((link.a, link.b))
        written += 1
    for key in sorted(used):
        builder.place(entries[key])
    return Result(sorted(entries.values(), key=lambda e: e.key), len(links), written, waiting,
                  refused, builder.triples, dataset)


def _decided(choice: str, entry: Entry, index: graphindex.GraphIndex,
             resolver: Resolver) -> Resolution:
    """The resolution a curator chose (raises :class:`LoadError` for an unknown choice)."""
    from climategraph.namespaces import CGR

    reason = f"decided: {choice}"
    if choice == "skip":
        return Resolution(SKIPPED, None, reason)
    if choice == "new":
        return Resolution(NEW, None, reason)
    place = resolver.gaz.places.get(choice)
    if place is not None:
        iri = index.by_geonames.get(place.geonames_id or "")
        if iri:
            return Resolution(GRAPH, resolver._from_graph(index.nodes[iri]), reason)
        return Resolution(GAZETTEER, Candidate(place.id, place.name, place.country,
                                               place.population, place), reason)
    iri = str(CGR) + choice[4:] if choice.startswith("cgr:") else choice
    if iri in index.nodes:
        return Resolution(GRAPH, resolver._from_graph(index.nodes[iri]), reason)
    raise LoadError(f"decision for {entry.key!r}: {choice!r} is no local government of the "
                    "graph and no gazetteer place",
                    hint="use a graph IRI (cgr:...), geonames:ID, new or skip")


def _without(entry: Entry, taken: str, why: str, resolver: Resolver) -> Resolution:
    """Resolve ``entry`` again among its candidates other than ``taken``."""
    from climategraph.importers.resolve import TIERS

    for tier, found, main in resolver.tiers(entry.name):
        # only a place of the same main name: "Gwangju" for Gwangju, not "Aiud" for a
        # second "Straßburg" because Aiud's German name is Straßburg am Mieresch
        rest = [c for c in found if c.id != taken and c.id in main]
        if rest:
            res = resolver.choose(tier, rest, entry.name)
            res.reason += f" ({why})"
            res.tier = TIERS.index(tier)
            return res
    return Resolution(NEW, None, f"its name's only place: {why}; a different place")


def _same_target(entries: dict[str, Entry], links: list[Link], decisions: dict[str, str],
                 resolver: Resolver) -> None:
    """Two QIDs that resolved to one place: a QID that matched by a stronger tier (its
    main name, where the others matched an alternate name) or by a decision keeps it,
    and the others take the place left among their candidates (or are new places);
    QIDs of one tier are told apart by their partners' countries where these point
    to different places; otherwise none is taken without a decision."""
    by_target: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries.values():
        res = entry.resolution
        if entry.qid and res is not None and res.candidate is not None:
            by_target[res.candidate.id].append(entry)
    groups = [(t, g) for t, g in sorted(by_target.items()) if len(g) > 1]
    if not groups:
        return
    pairs = evidence.country_pairs(entries, links)
    partners = evidence.partner_countries(entries, links)
    degree: Counter[str] = Counter()
    for link in links:
        degree.update((link.a, link.b))
    for target, group in groups:
        best = min(e.resolution.tier for e in group)  # type: ignore[union-attr]
        winners = [e for e in group if e.resolution.tier == best]  # type: ignore[union-attr]
        decided = [e for e in group if e.key in decisions]
        keeper = decided or _most_linked(group, degree) or (
            winners if len(winners) == 1 else [])
        if not keeper and _apart(winners, resolver, pairs, partners):
            keeper = [e for e in winners if e.resolution.candidate.id == target][:1]  # type: ignore[union-attr]
        for entry in group:
            if entry.key in decisions or entry in keeper or (
                    entry in winners and entry.resolution.candidate.id != target):  # type: ignore[union-attr]
                continue
            if keeper:
                why = f"{target} is {keeper[0].qid}'s"
                entry.resolution = _without(entry, target, why, resolver)
            else:
                qids = ", ".join(sorted(e.qid for e in group))  # type: ignore[misc]
                entry.resolution = Resolution(
                    AMBIGUOUS, None, f"{qids} all resolve to {target}: decide which one it "
                    "is", [entry.resolution.candidate])  # type: ignore[union-attr,list-item]


#: a QID keeps a place others share only with this many times their twinning links
LINK_DOMINANCE = 3


def _most_linked(group: list[Entry], degree: Counter[str]) -> list[Entry]:
    """The QID with far more links than the others (the place a name usually means:
    Rotterdam with its many partners, not a namesake with one), else none."""
    ranked = sorted(group, key=lambda e: -degree[e.key])
    if degree[ranked[0].key] >= LINK_DOMINANCE * max(degree[ranked[1].key], 1):
        ranked[0].resolution.reason += (  # type: ignore[union-attr]
            f"; of the QIDs with this name it has by far the most links "
            f"({degree[ranked[0].key]} vs {degree[ranked[1].key]})")
        return ranked[:1]
    return []


def _apart(group: list[Entry], resolver: Resolver, pairs: dict[str, Counter[str]],
           partners: dict[str, list[str]]) -> bool:
    """Give each QID of ``group`` the place its partners' countries point to, when these
    are all different places; returns whether they were."""
    from climategraph.importers.resolve import TIERS

    found = {}
    for entry in group:
        tiers = {t: found for t, found, _ in resolver.tiers(entry.name)}
        tier = TIERS[2] if entry.resolution.tier == 2 else TIERS[0]  # type: ignore[union-attr]
        cands = tiers.get(tier, [])
        res = evidence.by_partners(Resolution(AMBIGUOUS, None, "", cands, entry.resolution.tier),  # type: ignore[union-attr]
                                   partners.get(entry.key, []), pairs)
        if res is None:
            return False
        found[entry.key] = res
    if len({r.candidate.id for r in found.values()}) < len(found):  # type: ignore[union-attr]
        return False
    for entry in group:
        found[entry.key].reason = f"shares its name with other QIDs; {found[entry.key].reason}"
        entry.resolution = found[entry.key]
    return True
