"""The partner's country as evidence: which countries' places are twinned with which.

Where a name fits places in several countries, the countries of the place's partners
(those that resolved without doubt) are compared with how often places of each
candidate country are twinned with places of those countries, counted over the links
of the same input whose two places both resolved. A candidate is taken only when this
gives it at least :data:`ODDS` to one over all the others together; candidates in one
country cannot be told apart this way.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from climategraph.importers.resolve import AMBIGUOUS, GAZETTEER, GRAPH, Resolution

if TYPE_CHECKING:
    from climategraph.importers.output import Entry, Link

#: the winner's likelihood against all other candidates together
ODDS = 9.0


def country_of(entry: Entry) -> str | None:
    """The country of a resolved entry, else None."""
    res = entry.resolution
    if res is None or res.outcome not in (GRAPH, GAZETTEER) or res.candidate is None:
        return None
    return res.candidate.country


def country_pairs(entries: dict[str, Entry], links: list[Link]) -> dict[str, Counter[str]]:
    """Country -> how many links its resolved places have to each country."""
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for link in links:
        a, b = country_of(entries[link.a]), country_of(entries[link.b])
        if a and b:
            pairs[a][b] += 1
            pairs[b][a] += 1
    return pairs


def partner_countries(entries: dict[str, Entry], links: list[Link]) -> dict[str, list[str]]:
    """Entry key -> the countries of its resolved partners."""
    found: dict[str, list[str]] = defaultdict(list)
    for link in links:
        for one, other in ((link.a, link.b), (link.b, link.a)):
            country = country_of(entries[other])
            if country:
                found[one].append(country)
    return found


def by_partners(res: Resolution, partners: list[str], pairs: dict[str, Counter[str]]
                ) -> Resolution | None:
    """The candidate the partners' countries point to, or None when they do not tell."""
    cands = res.candidates
    countries = {c.country for c in cands}
    if len(cands) < 2 or len(countries) != len(cands) or not partners or None in countries:
        return None
    known = {q for row in pairs.values() for q in row}
    if not known:
        return None
    scores = {}
    for cand in cands:
        row = pairs.get(cand.country or "", Counter())
        total = sum(row.values()) + len(known)
        scores[cand.id] = sum(math.log((row[q] + 1) / total) for q in partners)
    ranked = sorted(cands, key=lambda c: -scores[c.id])
    best = scores[ranked[0].id]
    rest = sum(math.exp(scores[c.id] - best) for c in ranked[1:])
    if rest * ODDS > 1:
        return None
    top = ranked[0]
    return Resolution(GRAPH if top.in_graph else GAZETTEER, top,
                      f"{res.reason}; the partners' countries ({', '.join(sorted(set(partners)))})"
                      f" point to {top.country} at {1 / rest:.0f} to 1", tier=res.tier)


def apply(entries: dict[str, Entry], links: list[Link], decided: set[str]) -> int:
    """Settle ambiguous entries by their partners' countries; returns how many."""
    pairs = country_pairs(entries, links)
    partners = partner_countries(entries, links)
    settled = 0
    for key, entry in entries.items():
        res = entry.resolution
        if key in decided or res is None or res.outcome != AMBIGUOUS:
            continue
        found = by_partners(res, partners.get(key, []), pairs)
        if found is not None:
            entry.resolution = found
            settled += 1
    return settled

