"""Network building blocks (climategraph.network.build): date filters and actor kinds.

The networks themselves are checked in tests/test_analysis.py on a hand-made
fixture and on the shipped data.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from climategraph.errors import ParameterError
from climategraph.namespaces import CGR
from climategraph.network.actors import add_actor_nodes
from climategraph.network.build import build_network
from climategraph.network.filters import normalise_date
from climategraph.store.load import load_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize(
    ("value", "end", "day"),
    [("2021", False, "2021-01-01"), ("2021", True, "2021-12-31"),
     ("2021-02", True, "2021-02-28"), ("2024-02", True, "2024-02-29"),
     ("2021-11", False, "2021-11-01"), ("2024-02-29", False, "2024-02-29"),
     ("2021-11-23T10:00:00+09:00", False, "2021-11-23")],
)
def test_dates_pad_to_a_real_day(value, end, day):
    assert normalise_date(value, end=end) == day


@pytest.mark.parametrize("value", ["2024-02-30", "2021-13", "2021-00", "2021-02-00",
                                   "2023-02-29", "2021-04-31", "0000"])
@pytest.mark.parametrize("end", [False, True])
def test_impossible_dates_are_refused(value, end):
    with pytest.raises(ParameterError, match=f"not a date: '{value}'"):
        normalise_date(value, end=end)


def test_impossible_window_is_refused_by_the_builder():
    g = load_graph([FIXTURES / "network-small.ttl"])
    with pytest.raises(ParameterError, match="not a date"):
        build_network(g, start="2024-02-30")
    with pytest.raises(ParameterError, match="not a date"):
        build_network(g, end="2021-13")


def kinds(graph, *slugs):
    G = nx.Graph()
    add_actor_nodes(graph, G, [str(CGR[s]) for s in slugs])
    return [G.nodes[str(CGR[s])]["kind"] for s in slugs]


def test_kind_under_the_new_hierarchy():
    # the hierarchy comes from the fixture alone (no shipped ontology)
    g = load_graph([FIXTURES / "network-kinds.ttl"], ontology=False)
    assert kinds(g, "k-net", "k-institute", "k-igo", "k-plain") == [
        "CityNetwork", "ResearchInstitute", "IntergovernmentalOrganisation", "Organisation"]


def test_kind_with_the_shipped_ontology():
    g = load_graph([FIXTURES / "network-kinds.ttl"])
    assert kinds(g, "k-net", "k-institute", "k-igo") == [
        "CityNetwork", "ResearchInstitute", "IntergovernmentalOrganisation"]


def dump(G):
    """Everything a network holds, in its order (dict reprs keep insertion order)."""
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    return repr((type(G).__name__, G.graph, list(G.nodes(data=True)), list(edges),
                 [list(G.adj[n]) for n in G]))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from climategraph.synthetic.generator import generate

    out = tmp_path_factory.mktemp("g4")
    generate(10_000, 1, out)
    return [out]


@pytest.mark.slow  # rdflib's memory store as the reference, up to 10^4 triples
@pytest.mark.parametrize("data", ["shipped", "generated"])
@pytest.mark.parametrize("kind", ["actor", "bipartite", "country"])
def test_oxigraph_reads_give_the_rdflib_network(request, data, kind):
    # the fast path (SPARQL and lookups straight on pyoxigraph) against rdflib's API
    paths = request.getfixturevalue("generated") if data == "generated" else None
    fast = build_network(load_graph(paths, store="oxigraph"), kind)
    assert fast.number_of_edges() > 0
    assert dump(fast) == dump(build_network(load_graph(paths, store="memory"), kind))


@pytest.mark.slow
def test_filtered_networks_match_across_stores():
    ox, mem = load_graph(store="oxigraph"), load_graph(store="memory")
    for filters in ({"start": "2021", "end": "2022"}, {"end": "2020"},
                    {"edge_kinds": ["agreement", "partner-city"]}):
        assert dump(build_network(ox, "actor", **filters)) == dump(
            build_network(mem, "actor", **filters))


def test_network_is_built_once_and_handed_out_as_copies(monkeypatch):
    from climategraph.network import build

    g = load_graph([FIXTURES / "network-small.ttl"])
    first = build_network(g)
    calls = []
    monkeypatch.setattr(build, "actor_network",
                        lambda *a: calls.append(a) or pytest.fail("rebuilt"))
    node = next(iter(first))
    first.nodes[node]["pagerank"] = 1.0  # callers annotate their copy
    first.graph["labels"].clear()
    second = build_network(g)
    assert "pagerank" not in second.nodes[node] and second.graph["labels"]
    assert dump(second) == dump(build_network(g)) and not calls
    with pytest.raises(pytest.fail.Exception, match="rebuilt"):
        build_network(g, edge_kinds=["agreement"])  # other filters: built anew


def plain_shared_ties(rows):
    """The shared-event ties by the obvious loop over pairs: the reference for
    climategraph.network.cooccurrence."""
    import itertools
    from collections import defaultdict

    by_event = defaultdict(lambda: defaultdict(set))
    for actor, root, _event, _role, source in rows:
        by_event[root][actor] |= {source} - {""}
    ties = {}
    for root in sorted(by_event):
        members = by_event[root]
        for a, b in itertools.combinations(sorted(members), 2):
            events, sources = ties.setdefault((a, b), ([], set()))
            events.append(root)
            sources |= members[a] | members[b]
    return {pair: {"kind": "shared-event", "weight": len(ev), "events": ev, "links": [],
                   "sources": sorted(src)} for pair, (ev, src) in sorted(ties.items())}


@pytest.mark.parametrize("data", ["shipped", "generated"])
def test_bulk_shared_event_ties_equal_the_plain_loop(request, data):
    from climategraph.network import cooccurrence
    from climategraph.network.filters import make_filters
    from climategraph.network.ties import participations

    g = load_graph(request.getfixturevalue("generated") if data == "generated" else None)
    rows = participations(g, make_filters(g))
    actors = sorted({r[0] for r in rows})
    keys, attrs, events = cooccurrence.shared_event_ties(rows, actors)
    n = len(actors)
    found = {(actors[k // n], actors[k % n]): a for k, a in zip(keys.tolist(), attrs)}
    expected = plain_shared_ties(rows)
    assert list(found) == list(expected) and found == expected
    assert len(found) > 10
    if data == "generated":  # sources merged from both ends and several events
        assert any(len(a["sources"]) > 1 for a in found.values())
    assert events == {e for a in found.values() for e in a["events"]}


def test_bulk_shared_event_ties_of_nothing():
    from climategraph.network import cooccurrence

    keys, attrs, events = cooccurrence.shared_event_ties([], [])
    assert len(keys) == 0 and attrs == [] and events == set()
    one = [("a", "e", "e", "", "s")]  # one actor at one event: no pair
    assert cooccurrence.shared_event_ties(one, ["a"])[1] == []


def test_an_edit_that_keeps_the_size_gives_the_new_network():
    # the D-E partner relation now links D and F: as many triples as before
    from climategraph.namespaces import CG

    g = load_graph([FIXTURES / "network-small.ttl"])
    d, e, f = (str(CGR[f"t-city-{x}"]) for x in "def")
    before = build_network(g)
    assert before.has_edge(d, e) and not before.has_edge(d, f)
    size = len(g)
    g.remove((CGR["t-rel-d-e"], CG.partner, CGR["t-city-e"]))
    g.add((CGR["t-rel-d-e"], CG.partner, CGR["t-city-f"]))
    assert len(g) == size
    after = build_network(g)
    assert after.has_edge(d, f) and not after.has_edge(d, e)
    fresh = load_graph([FIXTURES / "network-small.ttl"])
    fresh.remove((CGR["t-rel-d-e"], CG.partner, CGR["t-city-e"]))
    fresh.add((CGR["t-rel-d-e"], CG.partner, CGR["t-city-f"]))
    assert dump(after) == dump(build_network(fresh))


def test_clear_caches_builds_and_computes_anew(monkeypatch):
    from climategraph.network import backends, build
    from climategraph.network.analysis import node_metrics

    g = load_graph([FIXTURES / "network-small.ttl"])
    first = node_metrics(build_network(g))
    calls = []
    for module, name in ((build, "actor_network"), (backends, "structure")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name,
                            lambda *a, real=real, name=name, **k: calls.append(name)
                            or real(*a, **k))
    assert node_metrics(build_network(g)) == first and calls == []  # kept
    build.clear_caches()
    assert node_metrics(build_network(g)) == first
    assert calls == ["actor_network", "structure"]


def test_metrics_are_kept_with_the_kept_network(monkeypatch):
    """The analysis, the page's combined network and the export's view of the kept
    actor network share one computation, equal to the metrics computed afresh on
    the same content; a network the caller changed, or the graph after an edit,
    gets its own."""
    from climategraph.namespaces import CG
    from climategraph.network import analysis, backends, build, transform

    g = load_graph([FIXTURES / "network-small.ttl"])
    build.clear_caches()
    kept = build_network(g, shared=True)
    computed = []
    real = analysis._compute
    monkeypatch.setattr(analysis, "_compute",
                        lambda *a: computed.append(a[0]) or real(*a))
    digests = []  # a kept network needs no digest of its content (seconds at 10^6)
    real_digest = backends.fingerprint
    monkeypatch.setattr(backends, "fingerprint",
                        lambda H: digests.append(H) or real_digest(H))
    first = analysis.analyze(g)
    combined = transform.combine(kept)
    build.same_content(combined, kept)
    view = transform.with_own_nodes(kept)
    build.same_content(view, kept)
    assert analysis.node_metrics(combined) == analysis.node_metrics(view)
    assert len(computed) == 1 and digests == []  # once, for all three
    build.clear_caches()
    afresh = analysis.node_metrics(transform.combine(kept))
    assert analysis.node_metrics(view) == afresh  # the kept values are the real ones
    assert [n["pagerank"] for n in first.nodes] == sorted(
        (m["pagerank"] for m in afresh.values()), reverse=True)

    changed = build_network(g)  # a copy: the caller may change it
    u, v, key = next(iter(changed.edges(keys=True)))
    changed[u][v][key]["weight"] = 100
    assert analysis.node_metrics(changed) != analysis.node_metrics(build_network(g))
    assert not build.is_kept(changed) and digests  # by content
    kept = build_network(g, shared=True)
    analysis.analyze(g)
    computed.clear()
    g.add((CGR["t-rel-d-e"], CG.partner, CGR["t-city-f"]))  # an edit: a new version
    after = analysis.analyze(g)
    assert len(computed) == 1 and build_network(g, shared=True) is not kept
    assert after.edges == first.edges + 2  # a third partner: pairs D-F and E-F


@pytest.mark.parametrize("data", ["shipped", "generated"])
def test_tie_lists_are_sorted_without_repeats_so_combine_may_share_them(request, data):
    """build_network's promise that combine(presorted=True) relies on, and the
    combined network equal to the one that sorts every list; a single tie's lists
    are shared, not copied."""
    from climategraph.network import transform

    g = load_graph(request.getfixturevalue("generated") if data == "generated" else None)
    M = build_network(g, "actor", shared=True)
    lists = [d[a] for *_, d in M.edges(keys=True, data=True)
             for a in ("events", "links", "sources") if a in d]
    assert len(lists) > 100
    assert any(len(x) > 1 for x in lists) == (data == "generated")  # shipped: one each
    assert all(list(x) == sorted(set(x)) for x in lists)
    fast, reference = transform.combine(M, presorted=True), transform.combine(M)
    assert list(fast.edges(data=True)) == list(reference.edges(data=True))
    assert list(fast.nodes(data=True)) == list(reference.nodes(data=True))
    single = [(u, v, next(iter(M[u][v].values()))) for u, v in fast.edges if len(M[u][v]) == 1]
    assert single and all(fast[u][v]["events"] is tie["events"] for u, v, tie in single
                          if tie.get("events"))


def _per_row(query: str) -> str:
    """The participation query with each participation's top event found row by row
    (its form before the top events moved to a sub-query over the distinct events)."""
    import re

    block = re.search(r"  # each event's top event once.*?\n  \}\n", query, re.S)
    assert block is not None
    per_row = ("  ?event cg:partOf* ?root .\n"
               "  FILTER NOT EXISTS { ?root cg:partOf ?up }\n")
    return query.replace(block.group(0), "").replace(
        "  OPTIONAL { ?p prov:wasDerivedFrom ?source }\n",
        "  OPTIONAL { ?p prov:wasDerivedFrom ?source }\n" + per_row)


@pytest.mark.parametrize("data", ["shipped", "generated"])
def test_participations_equal_the_per_row_query(request, data):
    """The top events found once per event give the rows of the per-row form, also
    for a sub-event two levels down and an event with two parents (added here)."""
    from rdflib import Literal, URIRef

    from climategraph.namespaces import CG
    from climategraph.network.ties import PARTICIPATIONS
    from climategraph.store.backend import select

    g = load_graph(request.getfixturevalue("generated") if data == "generated" else None)
    events = sorted({str(o) for o in g.objects(None, CG.atEvent)})
    first, last = URIRef(events[0]), URIRef(events[-1])
    deep, middle, twice = CGR["t-deep-session"], CGR["t-middle"], CGR["t-two-parents"]
    g.add((deep, CG.partOf, middle))
    g.add((middle, CG.partOf, first))
    g.add((middle, CG.startDate, Literal("2020-01-01")))
    g.add((twice, CG.partOf, first))
    g.add((twice, CG.partOf, last))
    actor = URIRef(select(g, PARTICIPATIONS)[0][0])  # an organisation that took part
    for event, name in ((deep, "t-p-deep"), (twice, "t-p-twice")):
        g.add((CGR[name], CG.atEvent, event))
        g.add((CGR[name], CG.agent, actor))

    rows = sorted(select(g, PARTICIPATIONS), key=str)
    reference = _per_row(PARTICIPATIONS)
    assert "SELECT DISTINCT ?event" not in reference and "partOf* ?root" in reference
    assert rows == sorted(select(g, reference), key=str)
    assert {r[2] for r in rows} >= {str(deep), str(twice)}
    assert len({r[1] for r in rows if r[2] == str(twice)}) == 2
