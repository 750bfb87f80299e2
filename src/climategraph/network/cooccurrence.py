"""The edges of the actor network (:func:`climategraph.network.build.actor_network`), in bulk.

A network of 10^6 triples has about 10^5 participations and 2 * 10^6 pairs of
actors meeting at an event, which a Python loop over the pairs makes the slowest part
of building the network. Here the pairs of each event are generated as numpy index
arrays, sorted once by (actor, actor, event), and only the 7 * 10^5 resulting ties
are touched in Python. The result is the same as the plain loop's, in the same
order: ties sorted by (actor IRI, actor IRI, kind), each with its events in
ascending order and its sources sorted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


#: the tie kinds in the order their edges go into the network (alphabetical)
KIND_ORDER = ("agreement", "partner-city", "shared-event")

#: a tie: (a, b, kind, {"kind", "weight", "events", "links", "sources"})
Tie = tuple[str, str, str, dict[str, Any]]


@lru_cache(maxsize=256)
def _pairs(k: int) -> tuple[np.ndarray, np.ndarray]:
    """The index pairs ``i < j`` of ``k`` members, in ``itertools.combinations`` order."""
    import numpy as np

    return np.triu_indices(k, 1)  # type: ignore[return-value]


def _incidences(
    rows: Sequence[tuple[str, str, str, str, str]], index: dict[str, int],
) -> tuple[list[str], list[frozenset[str]], np.ndarray, np.ndarray]:
    """(top events, source sets, pair keys, per pair incidence: event and source-set
    ids of both ends) for every pair of actors in the same top event."""
    import numpy as np

    by_event: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for actor, root, _event, _role, source in rows:
        by_event[root][actor].add(source)
    roots = sorted(by_event)
    set_ids: dict[frozenset[str], int] = {}
    keys, info = [], []
    n = len(index)
    for r, root in enumerate(roots):
        members = by_event[root]
        if len(members) < 2:
            continue
        names = sorted(members)
        ids = np.array([index[a] for a in names], dtype=np.int64)
        sids = np.array([set_ids.setdefault(frozenset(members[a] - {""}), len(set_ids))
                         for a in names], dtype=np.int64)
        i, j = _pairs(len(names))
        keys.append(ids[i] * n + ids[j])
        info.append(np.stack([np.full(len(i), r, dtype=np.int64), sids[i], sids[j]]))
    sets = sorted(set_ids, key=set_ids.__getitem__)
    if not keys:
        return roots, sets, np.zeros(0, dtype=np.int64), np.zeros((3, 0), dtype=np.int64)
    return roots, sets, np.concatenate(keys), np.concatenate(info, axis=1)


def shared_event_ties(
    rows: Sequence[tuple[str, str, str, str, str]], actors: Sequence[str],
) -> tuple[np.ndarray, list[dict[str, Any]], set[str]]:
    """The shared-event ties among the sorted ``actors``: (pair keys ``a * n + b`` in
    ascending order, one edge attribute dict per key, the top events behind them).

    Two actors share an event when both took part in the same top event; the tie's
    events are those top events (ascending), its sources the articles of both ends'
    participations in them.
    """
    import numpy as np

    index = {a: i for i, a in enumerate(actors)}
    roots, sets, keys, info = _incidences(rows, index)
    order = np.argsort(keys, kind="stable")  # stable: events stay ascending per pair
    keys, info = keys[order], info[:, order]
    if len(keys) == 0:
        return keys, [], set()
    starts = np.flatnonzero(np.diff(keys)) + 1
    bounds = [0, *starts.tolist(), len(keys)]
    event_names = [roots[r] for r in info[0].tolist()]
    edge_of = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
    # the distinct (edge, source set) pairs, from either end
    combos = np.unique(np.concatenate([edge_of * len(sets) + info[1],
                                       edge_of * len(sets) + info[2]]))
    combo_edge, combo_set = np.divmod(combos, len(sets))
    set_bounds = np.searchsorted(combo_edge, np.arange(len(bounds)))
    set_list = combo_set.tolist()
    sorted_sets = [sorted(s) for s in sets]
    attrs = []
    for e in range(len(bounds) - 1):
        events = event_names[bounds[e]:bounds[e + 1]]
        mine = set_list[set_bounds[e]:set_bounds[e + 1]]
        sources = (sorted_sets[mine[0]] if len(mine) == 1
                   else sorted(set().union(*(sets[s] for s in mine))))
        attrs.append({"kind": "shared-event", "weight": len(events), "events": events,
                      "links": [], "sources": sources})
    return keys[bounds[:-1]], attrs, {roots[r] for r in np.unique(info[0]).tolist()}


def ordered_ties(
    actors: Sequence[str], shared: tuple[np.ndarray, list[dict[str, Any]], set[str]],
    links: dict[tuple[str, str, str], dict[str, Any]],
) -> Iterator[Tie]:
    """All ties in (a, b, kind) order: the shared-event ones from
    :func:`shared_event_ties` merged with the partner-city and agreement ``links``
    (keyed ``(a, b, kind)``)."""
    import numpy as np

    n = len(actors)
    index = {a: i for i, a in enumerate(actors)}
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    shared_keys, shared_attrs, _ = shared
    link_items = list(links.items())
    link_keys = np.array([(index[a] * n + index[b]) * 3 + rank[kind]
                          for (a, b, kind) in links], dtype=np.int64)
    all_keys = np.concatenate([shared_keys * 3 + rank["shared-event"], link_keys])
    for i in np.argsort(all_keys, kind="stable").tolist():
        if i < len(shared_attrs):
            a, b = divmod(int(shared_keys[i]), n)
            yield actors[a], actors[b], "shared-event", shared_attrs[i]
        else:
            (a_name, b_name, kind), attrs = link_items[i - len(shared_attrs)]
            yield a_name, b_name, kind, attrs
