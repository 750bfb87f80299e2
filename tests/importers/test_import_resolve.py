"""Entity resolution, one rule at a time: each rule with a name it must resolve and one
it must not (pass/fail pairs), on the shipped graph and the packaged gazetteers."""

from __future__ import annotations

import pytest

from climategraph.importers import gazetteer, graphindex
from climategraph.importers.normalise import keys, split_district, stripped
from climategraph.importers.resolve import Query, Resolver


@pytest.fixture(scope="module")
def resolver(shipped_graph):
    return Resolver(graphindex.build(shipped_graph), gazetteer.load())


def _to(resolver, name, country=None, qid=None):
    res = resolver.resolve(Query(name, country, qid))
    node = res.candidate.id if res.candidate else None
    return res.outcome, (node.rsplit("/", 1)[-1] if node else None)


# --- normalisation -----------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Kōbe", "Kobe"), ("Osnabrück", "Osnabrueck"), ("KITAKYŪSHŪ", "kitakyushu"),
])
def test_spellings_meet(a, b):
    assert set(keys(a)) & set(keys(b))


@pytest.mark.parametrize(("a", "b"), [("Kobe", "Kōchi"), ("Osnabrück", "Osnabrock")])
def test_different_names_do_not_meet(a, b):
    assert not set(keys(a)) & set(keys(b))


@pytest.mark.parametrize(("name", "bare"), [
    ("광명시", "광명"), ("인천광역시", "인천"), ("서울특별시", "서울"), ("부안군", "부안"),
    ("강남구", "강남"), ("Gwangmyeong-si", "gwangmyeong"), ("Buan-gun", "buan"),
    ("Gangnam-gu", "gangnam"), ("Daejeon City", "daejeon"),
    ("Incheon Metropolitan City", "incheon"),
])
def test_korean_administrative_suffixes_are_stripped(name, bare):
    assert bare in stripped(name)


@pytest.mark.parametrize("name", ["중구", "대구", "Seoul", "Daegu"])
def test_a_name_that_is_only_a_suffix_away_is_kept(name):
    assert stripped(name) == [] or all(len(k) >= 2 for k in stripped(name))
    assert "" not in stripped(name)


def test_district_forms_split():
    assert split_district("Seoul – Gangnam") == ("Gangnam", "Seoul")
    assert split_district("Gangnam (Seoul)") == ("Gangnam", "Seoul")
    assert split_district("Gangnam") is None


# --- (a) nodes the graph has ---------------------------------------------------------

@pytest.mark.parametrize(("name", "node"), [
    ("Incheon", "incheon"), ("인천광역시", "incheon"), ("인천시", "incheon"),
    ("Incheon Metropolitan City", "incheon"), ("Kōbe", "kobe"), ("고베", "kobe"),
    ("Osnabrueck", "osnabrueck"), ("오스나브뤼크", "osnabrueck"), ("osnabrueck", "osnabrueck"),
    ("cgr:jecheon", "jecheon"), ("https://w3id.org/climategraph/id/sinan", "sinan"),
    ("Gwangmyeong-si", "gwangmyeong"), ("광명", "gwangmyeong"), ("제천시", "jecheon"),
    ("Gangnam (Seoul)", "gangnam-gu"), ("Seoul – Gangnam", "gangnam-gu"),
    ("츠쿠바", "tsukuba"), ("쓰쿠바", "tsukuba"), ("선양", "shenyang"), ("심양", "shenyang"),
    ("Peking", "beijing"), ("북경", "beijing"),
])
def test_names_resolve_to_the_graphs_node(resolver, name, node):
    assert _to(resolver, name) == ("graph", node)


def test_a_qid_the_graph_has_wins_over_the_name(resolver, shipped_graph):
    from rdflib import OWL, URIRef

    from climategraph.namespaces import CGR

    shipped = shipped_graph
    shipped.add((CGR.jecheon, OWL.sameAs, URIRef(graphindex.WIKIDATA + "Q42143")))
    try:
        local = Resolver(graphindex.build(shipped), gazetteer.load())
        assert _to(local, "anything at all", qid="Q42143") == ("graph", "jecheon")
    finally:
        shipped.remove((CGR.jecheon, OWL.sameAs, URIRef(graphindex.WIKIDATA + "Q42143")))


# --- (b) gazetteer places -----------------------------------------------------------

@pytest.mark.parametrize(("name", "place"), [
    ("Wladiwostok", "geonames:2013348"),  # German exonym, an alternate name in GeoNames
    ("Vladivostok", "geonames:2013348"),
    ("블라디보스토크", "geonames:2013348"),  # Hangul spelling the gazetteer gives
    ("Mérida", None),  # Mexico, Spain, Venezuela: ambiguous without a country
])
def test_gazetteer_places(resolver, name, place):
    outcome, node = _to(resolver, name)
    if place is None:
        assert outcome == "ambiguous"
    else:
        assert (outcome, node) == ("gazetteer", place.split("/")[-1])


def test_a_country_decides_between_namesakes(resolver):
    outcome, node = _to(resolver, "Mérida", "MX")
    assert outcome == "gazetteer"
    assert gazetteer.load().places[node].country == "MX"
    outcome, node = _to(resolver, "Mérida", "ES")
    assert gazetteer.load().places[node].country == "ES"


def test_population_decides_only_when_one_place_dominates(resolver):
    outcome, node = _to(resolver, "Paris")
    assert outcome == "gazetteer" and gazetteer.load().places[node].country == "FR"
    assert _to(resolver, "Plymouth")[0] == "ambiguous"  # GB 260k vs US 76k: too close


def test_countries_must_agree(resolver):
    assert _to(resolver, "Osnabrück", "DE") == ("graph", "osnabrueck")
    assert _to(resolver, "Osnabrück", "JP")[0] == "new"
    assert _to(resolver, "Gwangju", "KR")[1] == "gwangju"  # 1.4 million vs 82 thousand


def test_a_country_name_is_not_a_city(resolver):
    assert _to(resolver, "Panama")[0] == "unresolved"
    assert _to(resolver, "독일")[0] == "unresolved"
    assert _to(resolver, "Monaco")[0] == "gazetteer"  # a city-state is its city


def test_a_region_label_resolves_to_the_subdivision(resolver):
    assert _to(resolver, "Präfektur Kyōto") == ("gazetteer", "iso3166-2:JP-26")
    assert _to(resolver, "Hainan") == ("gazetteer", "iso3166-2:CN-HI")


# --- (c) nothing fits ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["Brou", "Llanfairpwllgwyngyll", "Zzyzxville"])
def test_unknown_names_are_new(resolver, name):
    assert _to(resolver, name)[0] == "new"


def test_jeju_si_needs_the_decisions_file(resolver):
    """The curated Jeju leaves city or province unsettled (no GeoNames id), so by the name
    alone "Jeju-si" is GeoNames' Jeju City; layers/world/decisions.csv maps Q42142 to the
    curated node."""
    assert _to(resolver, "Jeju-si") == ("gazetteer", "geonames:1846266")
    assert _to(resolver, "제주") == ("graph", "jeju")
