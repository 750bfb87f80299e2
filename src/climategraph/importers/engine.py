"""One import, whatever the input: resolve every distinct place (decisions first),
hold back the places that need a person, and turn the rest into cited triples.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from climategraph.errors import LoadError
from climategraph.importers import gazetteer as gazetteer_module
from climategraph.importers import graphindex
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
    _same_target(entries.values(), decisions)
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


def _same_target(entries: object, decisions: dict[str, str]) -> None:
    """Two QIDs that resolved to one place: neither is taken without a decision."""
    by_target: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:  # type: ignore[attr-defined]
        res = entry.resolution
        if entry.qid and res.candidate is not None:
            by_target[res.candidate.id].append(entry)
    for target, group in by_target.items():
        if len(group) < 2:
            continue
        qids = ", ".join(sorted(e.qid for e in group))
        for entry in group:
            if entry.key in decisions:
                continue
            cand = entry.resolution.candidate
            entry.resolution = Resolution(
                AMBIGUOUS, None, f"{qids} all resolve to {target}: decide which one it is",
                [cand])
