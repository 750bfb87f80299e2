"""Counts per class, source article and country, on a small fixture and the shipped data."""

from __future__ import annotations

from conftest import FIXTURES

from climategraph.sparql.stats import compute
from climategraph.store.load import load_graph


def test_counts_on_the_small_fixture():
    result = compute(load_graph([FIXTURES / "shapes" / "good.ttl"]))
    assert result.classes["local government"] == 2
    assert result.classes["participation"] == 3
    assert result.sources == {"Test article": 9}
    assert result.countries == {"Korea": 2}


def test_korean_labels(shipped_graph):
    result = compute(shipped_graph, lang="ko")
    assert result.countries["중국"] >= 8
    assert set(result.as_dict()) == {"triples", "classes", "sources", "countries"}


def test_every_article_supports_some_facts(shipped_graph):
    result = compute(shipped_graph)
    assert len(result.sources) == 5
    assert all(count > 0 for count in result.sources.values())
