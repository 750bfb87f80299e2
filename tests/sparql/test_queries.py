"""Saved queries: headers, safe parameters, the answers read from the articles, formats.

The expected values are the facts the five articles state (cited per test), not
whatever the queries return.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from climategraph import pipeline
from climategraph.cli import cli
from climategraph.errors import ParameterError, QueryError
from climategraph.namespaces import CGR
from climategraph.sparql import binding, results
from climategraph.sparql import params as sparql_params
from climategraph.sparql import run as sparql_run
from climategraph.sparql import saved as sparql_saved

NAMES = {
    "events-hosted-by",
    "partners-at-events",
    "sister-cities",
    "sister-cities-at-events",
    "organisation-reach",
    "timeline",
    "agreements",
    "event-sessions",
    "sources-of",
    "cross-border-cooperation",
    "people-and-roles",
    "partners-of-at-events",
}
MINI = FIXTURES / "queries" / "mini.ttl"


@pytest.fixture(scope="module")
def memory_graph(shipped_graph):
    from climategraph.store.backend import to_memory

    return to_memory(shipped_graph)


@pytest.fixture(scope="module")
def mini():
    from climategraph.store.load import load_graph

    return load_graph([MINI])


def run(graph, name, lang="en", **params):
    return sparql_run.run_query(graph, sparql_saved.get(name), params, lang)


def column(graph, name, col, lang="en", **params):
    return run(graph, name, lang, **params).column(col)


# --- discovery and headers -------------------------------------------------------


def test_the_public_names_are_discovered_from_the_folder():
    saved = sparql_saved.discover()
    assert set(saved) == NAMES
    assert sorted(p.name for p in (ROOT / "queries").glob("*.rq")) == sorted(
        f"{n}.rq" for n in NAMES
    )
    for query in saved.values():
        assert query.title and query.description, query.name
        binding.check_read_only(query.text)


def test_header_parameters_name_kind_default():
    saved = sparql_saved.discover()
    assert [p.describe() for p in saved["sister-cities"].params] == [
        "city (local-government, default: incheon)"
    ]
    assert [(p.name, p.kind, p.default) for p in saved["timeline"].params] == [
        ("from", "date", None),
        ("to", "end-date", None),
    ]
    assert saved["organisation-reach"].params[0].default is None


def test_a_malformed_header_is_refused():
    with pytest.raises(QueryError, match="unknown kind"):
        sparql_saved.parse("# param: x | colour | red\nSELECT ?x WHERE { ?x ?p ?o }")
    with pytest.raises(QueryError, match="not used"):
        sparql_saved.parse("# param: city | local-government |\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="unknown header"):
        sparql_saved.parse("# author: me\nSELECT * WHERE { ?s ?p ?o }")


def test_a_misspelt_query_name_lists_the_saved_ones():
    with pytest.raises(QueryError, match="did you mean sister-cities") as err:
        sparql_saved.get("sister-citys")
    assert "timeline" in str(err.value)


# --- every query on both stores -------------------------------------------------


@pytest.mark.parametrize("name", sorted(NAMES))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_oxigraph_and_memory_store_give_the_same_rows(shipped_graph, memory_graph, name, lang):
    on_oxigraph = run(shipped_graph, name, lang)
    on_memory = run(memory_graph, name, lang)
    assert on_oxigraph.rows, f"{name} returns nothing on the shipped data"
    assert on_oxigraph.vars == on_memory.vars
    assert on_oxigraph.rows == on_memory.rows


@pytest.mark.parametrize("name", sorted(NAMES))
def test_every_name_column_is_filled_in_both_languages(shipped_graph, name):
    english, korean = run(shipped_graph, name, "en"), run(shipped_graph, name, "ko")
    names = [v for v in english.vars if v.endswith("Name")]
    assert names, f"{name} returns no label column"
    for var in names:
        filled = sum(map(bool, english.column(var)))
        assert filled == sum(map(bool, korean.column(var))), f"{name}: {var} in ko"
    assert any(all(english.column(v)) for v in names), f"{name}: no label column is full"


# --- the answers the articles give -----------------------------------------------


def test_incheons_sister_cities_are_exactly_the_four_the_article_names(shipped_graph):
    # 000: "인천시 자매도시인 중국 선양, 충칭 그리고 일본의 고베와 기타큐슈"
    result = run(shipped_graph, "sister-cities", city="Incheon")
    rows = {(r["partnerName"], r["countryName"], r["kind"]) for r in result.records()}
    assert rows == {
        ("Shenyang", "China", "sister city"),
        ("Chongqing", "China", "sister city"),
        ("Kobe", "Japan", "sister city"),
        ("Kitakyushu", "Japan", "sister city"),
    }
    korean = set(column(shipped_graph, "sister-cities", "partnerName", "ko", city="인천"))
    assert korean == {"선양", "충칭", "고베", "기타큐슈"}


def test_sister_cities_from_the_other_side_of_the_link(shipped_graph):
    assert column(shipped_graph, "sister-cities", "partnerName", city="Kobe") == [
        "Incheon Metropolitan City"
    ]


def test_gwangmyeongs_partner_cities(shipped_graph):
    # 002: 4 overseas (Osnabrück, Austin, Liaocheng, Yamato) and 6 domestic cities
    result = run(shipped_graph, "sister-cities", city="gwangmyeong")
    assert set(result.column("partnerName")) == {
        "Osnabrück", "Austin", "Liaocheng", "Yamato",
        "Jecheon", "Buan", "Sinan", "Yeongam", "Eunpyeong", "Osan",
    }
    assert set(result.column("kind")) == {"mutual partnership"}


def test_events_hosted_by_incheon(shipped_graph):
    # 000: the forum on 23-24 November, held "UNESCAP과 공동으로"
    [row] = run(shipped_graph, "events-hosted-by", "ko", city="Incheon").records()
    assert row["event"] == str(CGR["forum-low-carbon-cities-2021"])
    assert (row["start"], row["end"]) == ("2021-11-23", "2021-11-24")
    assert row["coHosts"] == "유엔아시아태평양경제사회위원회"


def test_events_hosted_by_daejeon_and_gwangmyeong(shipped_graph):
    # 001: with DISTEP, co-hosted by 국가기후환경회의, at KIMM
    [row] = run(shipped_graph, "events-hosted-by", "ko", city="대전").records()
    assert row["start"] == "2021-04-23"
    assert row["coHosts"].split("; ") == ["국가기후환경회의", "대전과학산업진흥원"]
    assert row["venueName"] == "한국기계연구원"
    # 004: climate council on the 22nd (April 2024); 002: forum 29 Oct, evaluation 4 Nov
    starts = column(shipped_graph, "events-hosted-by", "start", city="Gwangmyeong")
    assert starts == ["2024-04-22", "2024-10-29", "2024-11-04"]


def test_partners_at_incheons_events(shipped_graph):
    result = run(shipped_graph, "partners-at-events", city="incheon")
    roles = {r["partner"].rsplit("/", 1)[-1]: r["roles"] for r in result.records()}
    for city in ("shenyang", "chongqing", "kobe", "kitakyushu", "gwangju", "jeju"):
        assert "presenter" in roles[city]
    assert "co-host" in roles["unescap"]
    assert "organiser" in roles["iclei"]  # runs sessions 2 and 5
    for body in ("gcf", "adb", "incheon-climate-environment-centre"):
        assert body in roles
    assert "incheon" not in roles
    countries = {r["partnerName"]: r.get("countryName") for r in result.records()}
    assert countries["Kobe"] == "Japan" and countries["Shenyang"] == "China"
    assert set(result.column("event")) == {str(CGR["forum-low-carbon-cities-2021"])}


def test_sister_cities_at_each_others_events(shipped_graph):
    rows = run(shipped_graph, "sister-cities-at-events").records()
    incheon = {r["guestName"] for r in rows if r["hostName"] == "Incheon Metropolitan City"}
    assert incheon == {"Shenyang", "Chongqing", "Kobe", "Kitakyushu"}
    gwangmyeong = {r["guestName"] for r in rows if r["hostName"] == "Gwangmyeong"}
    assert {"Osnabrück", "Austin", "Liaocheng", "Yamato"} <= gwangmyeong


def test_event_sessions_of_the_incheon_forum(shipped_graph):
    # 000, 붙임2: five numbered sessions between the opening and the closing
    result = run(shipped_graph, "event-sessions", "ko", event="저탄소도시 국제포럼 2021")
    by_number = {r["sequence"]: r for r in result.records() if "sequence" in r}
    assert sorted(by_number) == ["1", "2", "3", "4", "5"]
    assert by_number["2"]["organisers"] == "이클레이"
    assert by_number["4"]["organisers"] == "GCF사무국"
    assert set(by_number["1"]["presenters"].split("; ")) == {
        "충칭", "선양", "기타큐슈", "고베", "인천광역시",
    }
    assert by_number["1"]["start"] == "2021-11-23T13:30:00+09:00"


def test_agreements(shipped_graph):
    records = run(shipped_graph, "agreements", "ko").records()
    rows = {r["agreement"].rsplit("/", 1)[-1]: r for r in records}
    moa = rows["moa-incheon-unescap-2021"]  # 000: "지난 11월 12일 양기관간 MOA를 체결"
    assert moa["signedOn"] == "2021-11-12"
    assert "인천광역시" in moa["parties"]
    assert moa["events"] == "저탄소도시 국제포럼 2021"
    mou = rows["mou-clean-sky-2019"]  # 003: "청천계획 양해각서('19.11, 양국 장관)"
    assert mou["signedOn"] == "2019-11"


def test_timeline_between_two_dates(shipped_graph):
    result = run(shipped_graph, "timeline", **{"from": "2021-11-22", "to": "2021-11-22"})
    assert set(result.column("date")) == {"2021-11-22"}
    # 003: the conference opened on 22 November with the forecast workshop (오전) and
    # the vehicle pollutant forum (오후)
    assert slugs(result.column("event")) == [
        "conference-clean-sky-2021",
        "clean-sky-2021-forecast-workshop-2",
        "clean-sky-2021-vehicle-pollutant-forum-3",
    ]
    everything = run(shipped_graph, "timeline").column("date")
    assert everything[0] == "2021-04-23"  # 001: Daejeon's conference


def slugs(iris):
    return [iri.rsplit("/", 1)[-1] for iri in iris]


def test_timeline_order_dated_then_planned_and_programme_order(shipped_graph, memory_graph):
    for graph in (shipped_graph, memory_graph):
        rows = run(graph, "timeline").records()
        dated = [r["date"] for r in rows if len(r["date"]) == 10]
        assert dated == sorted(dated)
        # 001: the UCLG congress has only a planned year (2022): after every dated event
        assert rows[-1]["event"] == str(CGR["uclg-congress-2022"])
        widths = [len(r["date"]) for r in rows]
        assert widths == sorted(widths, reverse=True)
        # 003: the clean-sky sessions of 23 November in programme order (3, 4, 5), not
        # by label ("13th ..." before "1st ...")
        day = [r for r in rows if r["date"] == "2021-11-23"]
        sky_iri = str(CGR["conference-clean-sky-2021"])
        sky = [r["sequence"] for r in day if r.get("partOf") == sky_iri]
        assert sky == ["3", "4", "5"]
        # 000: the forum, then its opening (13:00) and sessions 1-3 by time
        forum = slugs(r["event"] for r in day if "forum-low-carbon" in r["event"])
        assert forum == [
            "forum-low-carbon-cities-2021",
            "forum-low-carbon-cities-2021-opening",
            "forum-low-carbon-cities-2021-session-1",
            "forum-low-carbon-cities-2021-session-2",
            "forum-low-carbon-cities-2021-session-3",
        ]


def test_organisation_reach_of_unescap(shipped_graph):
    [row] = run(shipped_graph, "organisation-reach", "ko", org="UNESCAP").records()
    assert row["events"] == "저탄소도시 국제포럼 2021"
    cities = row["cities"].split("; ")
    assert {"인천광역시", "선양", "고베"} <= set(cities)
    assert int(row["cityCount"]) == len(cities)
    assert {"중국", "일본", "대한민국"} <= set(row["countries"].split("; "))


def test_sources_of_shenyang(shipped_graph):
    rows = run(shipped_graph, "sources-of", entity="선양").records()
    assert {r["textFile"] for r in rows} == {"articles/000_27ddbc14b899a388.txt"}
    kinds = {r["factKind"]: int(r["facts"]) for r in rows}
    assert kinds["partner relation"] == 1


def test_cross_border_cooperation(shipped_graph):
    rows = run(shipped_graph, "cross-border-cooperation").records()
    pairs = {frozenset((r["countryAName"], r["countryBName"])): r for r in rows}
    # Incheon-Shenyang, Incheon-Chongqing (000), Gwangmyeong-Liaocheng (002)
    assert pairs[frozenset(("China", "South Korea"))]["partnerLinks"] == "3"
    # Incheon-Kobe, Incheon-Kitakyushu (000), Gwangmyeong-Yamato (002)
    assert pairs[frozenset(("Japan", "South Korea"))]["partnerLinks"] == "3"
    assert all(r["countryA"] != r["countryB"] for r in rows)


def test_people_and_roles(shipped_graph):
    rows = run(shipped_graph, "people-and-roles", "ko", org="Incheon").records()
    assert [r["personName"] for r in rows] == ["박남춘"]  # 000: 시장 박남춘
    assert "저탄소도시 국제포럼 2021" in rows[0]["events"]
    everyone = set(column(shipped_graph, "people-and-roles", "person"))
    for slug in ("armida-salsiah-alisjahbana", "ban-ki-moon", "park-seung-won"):
        assert str(CGR[slug]) in everyone


def test_people_without_a_post_and_when_a_post_was_held(shipped_graph):
    rows = run(shipped_graph, "people-and-roles").records()
    by_person: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_person.setdefault(row["person"].rsplit("/", 1)[-1], []).append(row)
    # 001: they presented at the Daejeon conference; the article gives no post
    for slug in ("jeong-rae-gwon", "go-young-ju"):
        [row] = by_person[slug]
        assert "postName" not in row and "orgName" not in row
        assert row["events"]
    # 000: ambassador of Mongolia to Korea from 2013 to 2018, before the UNESCAP post
    held = {(r.get("heldFrom"), r.get("heldUntil")) for r in by_person["ganbold-baasanjav"]}
    assert ("2013", "2018") in held and len(by_person["ganbold-baasanjav"]) == 2


# --- parameter forms ------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["Incheon", "incheon metropolitan city", "인천광역시", "인천", "incheon", str(CGR["incheon"])],
)
def test_each_parameter_form_names_the_same_city(shipped_graph, value):
    names = set(column(shipped_graph, "sister-cities", "partnerName", city=value))
    assert names == {"Shenyang", "Chongqing", "Kobe", "Kitakyushu"}


def test_an_unknown_name_gives_the_closest_matches(shipped_graph):
    with pytest.raises(ParameterError, match=r"unknown city.*did you mean.*Incheon"):
        run(shipped_graph, "sister-cities", city="Incheonn")


def test_an_ambiguous_name_lists_the_candidates(shipped_graph):
    with pytest.raises(ParameterError, match="ambiguous") as err:
        run(shipped_graph, "people-and-roles", org="Ministry")
    assert "korea-ministry-of-environment" in str(err.value)
    assert "china-ministry-of-ecology-and-environment" in str(err.value)


def test_a_name_of_the_wrong_kind_is_unknown(shipped_graph):
    with pytest.raises(ParameterError, match="unknown"):
        run(shipped_graph, "sister-cities", city="UNESCAP")


@pytest.mark.parametrize("value", ["2021-13-01", "yesterday", "2024-02-30", "21-11", "2021-1"])
def test_dates_are_checked(shipped_graph, value):
    with pytest.raises(ParameterError, match=f"from: '{value}' is not a date"):
        run(shipped_graph, "timeline", **{"from": value})


def test_a_year_or_month_spans_its_first_to_its_last_day(shipped_graph):
    month = run(shipped_graph, "timeline", **{"from": "2021-11", "to": "2021-11"})
    assert {d[:7] for d in month.column("date")} == {"2021-11"}
    assert "2021-11-24" in month.column("date")  # 000: the forum's second day
    year = run(shipped_graph, "timeline", **{"from": "2024", "to": "2024"}).column("date")
    assert year and all(d.startswith("2024-") for d in year)
    assert "2024-11-04" in year  # 002: the evaluation meeting, late in the year
    assert run(shipped_graph, "timeline", **{"from": "2021-11-24", "to": "2021-11"}).rows


def test_an_empty_window_is_refused(shipped_graph):
    with pytest.raises(ParameterError, match="empty time window: from 2022-01-01 is after to"):
        run(shipped_graph, "timeline", **{"from": "2022", "to": "2021"})


def test_an_empty_value_does_not_drop_a_default(shipped_graph):
    with pytest.raises(ParameterError, match="city: empty value"):
        run(shipped_graph, "sister-cities", city="")
    with pytest.raises(ParameterError, match="city: empty value"):
        run(shipped_graph, "sister-cities", city="  ")
    # an optional parameter left empty means "any", as leaving it out does
    assert run(shipped_graph, "organisation-reach", org="") == run(
        shipped_graph, "organisation-reach"
    )


def test_a_parameter_given_twice_is_refused():
    with pytest.raises(ParameterError, match="'city' is given twice"):
        sparql_params.parse_assignments(["city=Incheon", "city=Kobe"])


def test_an_unknown_parameter_is_refused(shipped_graph):
    with pytest.raises(ParameterError, match="no parameter 'town'"):
        run(shipped_graph, "sister-cities", town="Incheon")


# --- no value can change what a query does ---------------------------------------

INJECTION = 'Incheon" } ; DROP ALL ; #'


def test_the_injection_attempt_is_a_name_that_matches_nothing(shipped_graph):
    before = len(shipped_graph)
    with pytest.raises(ParameterError, match="unknown"):
        run(shipped_graph, "sister-cities", city=INJECTION)
    assert len(shipped_graph) == before


def test_a_literal_value_is_escaped_and_matches_nothing(mini):
    """Even a value that reaches the query (a literal) is one escaped RDF term."""
    from rdflib import Literal

    before = set(mini)
    text = "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?name }"
    bound = binding.bind(text, {"name": Literal(INJECTION, lang="en")})
    assert list(mini.query(bound)) == []
    assert list(mini.query(binding.bind(text, {"name": Literal("Incheon", lang="en")})))
    assert set(mini) == before


def test_terms_are_written_into_the_text_only_where_the_variable_is():
    """Virtuoso 7 drops ``OPTIONAL { ... FILTER(LANG(?n) = ?lang) }`` when ``?lang``
    comes from an outer VALUES row, so bound terms are written, escaped, in place of
    the variable tokens; ``?lang`` inside a string, an IRI or a comment stays."""
    from rdflib import Literal, URIRef

    text = (
        "SELECT ?n ?note WHERE { # ?lang in a comment\n"
        '  ?s <http://x/p?lang=1> ?city . BIND("?lang and $lang" AS ?note)\n'
        "  OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?n "
        "FILTER(LANG(?n) = $lang && LANG(?n) = ?lang && ?s != ?city) } }"
    )
    bound = binding.bind(text, {"lang": Literal("ko"), "city": URIRef("http://x/c")})
    assert bound.count('"ko"') == 2 and bound.count("<http://x/c>") == 2
    assert "?lang in a comment" in bound and "<http://x/p?lang=1>" in bound
    assert '"?lang and $lang"' in bound
    assert "?city" not in bound and "VALUES" not in bound


def test_a_projected_variable_keeps_its_values_row(mini):
    from rdflib import Literal

    text = "SELECT ?lang WHERE { ?s ?p ?o } LIMIT 1"
    bound = binding.bind(text, {"lang": Literal("en")})
    assert "VALUES (?lang)" in bound
    assert [str(row[0]) for row in mini.query(bound)] == ["en"]


@pytest.mark.parametrize("name", sorted(NAMES))
def test_saved_queries_get_their_terms_inline(shipped_graph, name):
    query = sparql_saved.get(name)
    values = sparql_run.bindings_for(shipped_graph, query, None, "ko")
    bound = binding.bind(query.text, values)
    code = binding._strip_comments(bound)
    assert "?lang" not in code and '"ko"' in code
    rows = code[code.index("VALUES") :].split("}")[0] if "VALUES" in code else ""
    for var, term in values.items():  # inline, or (projected) in the VALUES row
        assert f"?{var}" not in code or f"?{var}" in rows, var
        assert term.n3() in code


def test_federated_queries_are_refused_before_anything_is_fetched(mini, tmp_path, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("a query went to the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    file = tmp_path / "remote.rq"
    file.write_text(
        "# title: Remote\nSELECT * WHERE { ?s ?p ?o "
        "FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match=r"remote\.rq: SERVICE \(federated query\) is refused"):
        sparql_run.run_query(mini, sparql_saved.get(str(file)))
    with pytest.raises(QueryError, match="SERVICE"):
        binding.check_read_only("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }")


def test_a_query_file_that_is_not_utf8_or_missing(tmp_path):
    file = tmp_path / "latin.rq"
    file.write_bytes("# title: Séoul\nSELECT * WHERE { ?s ?p ?o }\n".encode("latin-1"))
    with pytest.raises(QueryError, match=r"latin\.rq: not UTF-8 text \(byte 0xe9"):
        sparql_saved.get(str(file))
    with pytest.raises(QueryError, match=r"missing\.rq: no such file"):
        sparql_saved.get(str(tmp_path / "missing.rq"))
    with pytest.raises(QueryError, match=r"missing\.rq: no such file"):
        sparql_saved.get("missing.rq")


def test_updates_are_refused(mini, tmp_path):
    before = set(mini)
    for text in ("DROP ALL", "DELETE WHERE { ?s ?p ?o }", "INSERT DATA { <a:b> <a:c> <a:d> }"):
        with pytest.raises(QueryError, match="updates are refused"):
            sparql_run.run_query(mini, text)
    with pytest.raises(QueryError, match="only SELECT"):
        sparql_run.run_query(mini, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert set(mini) == before


def test_values_go_in_the_where_group_not_in_strings_or_expressions():
    text = 'SELECT ("{" AS ?x) (EXISTS { ?a ?b ?c } AS ?y) ?o WHERE { ?s ?p ?o } # {'
    assert binding.bind(text, {}) == text
    bound = binding.bind(text, {"o": CGR["incheon"]})  # projected: a VALUES row
    assert bound.index("VALUES") > bound.index("WHERE {")


# --- a query file and the small fixture -----------------------------------------


def test_a_query_file_with_its_own_header(mini, tmp_path):
    file = tmp_path / "names.rq"
    file.write_text(
        "# title: Names\n# param: who | local-government | incheon\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?name WHERE { ?who rdfs:label ?name FILTER(LANG(?name) = ?lang) }\n",
        encoding="utf-8",
    )
    saved = sparql_saved.get(str(file))
    assert saved.title == "Names"
    assert sparql_run.run_query(mini, saved, {}, "ko").values() == [("인천광역시",)]
    assert sparql_run.run_query(mini, saved, {"who": "Kobe"}).values() == [("Kobe",)]


@pytest.fixture(scope="module")
def reach():
    from climategraph.store.load import load_graph

    return load_graph([FIXTURES / "queries" / "reach.ttl"], ontology=False)


def test_partners_are_grouped_by_event_not_by_its_label(reach):
    from climategraph.store.backend import to_memory

    for graph in (reach, to_memory(reach)):
        result = run(graph, "partners-at-events", city="host-city")
        network = str(CGR["network-international"])
        events = [r["event"] for r in result.records() if r["partner"] == network]
        # event-a and event-b share the English label; event-c has none in English
        assert sorted(slugs(events)) == ["event-a", "event-b", "event-c"]


def test_organisation_reach_counts_unlabelled_events_and_skips_domestic_networks(reach):
    from climategraph.store.backend import to_memory

    for graph in (reach, to_memory(reach)):
        [row] = run(graph, "organisation-reach").records()
        assert row["org"] == str(CGR["network-international"])  # not network-domestic
        assert row["eventCount"] == "3"  # event-c has only a Korean label
        assert (row["cityCount"], row["countryCount"]) == ("2", "2")
        assert run(graph, "organisation-reach", "ko").records()[0]["events"] == (
            "포럼 가; 포럼 나; 한국어 이름만"
        )


def test_organisation_reach_lists_international_bodies_only(shipped_graph):
    orgs = set(slugs(column(shipped_graph, "organisation-reach", "org")))
    assert {"iclei", "uclg", "unescap", "gcf"} <= orgs
    assert "climate-crisis-local-government-council" not in orgs  # 002: a domestic council


def test_sister_cities_on_the_fixture_from_both_sides(mini):
    assert set(column(mini, "sister-cities", "partnerName", city="Incheon")) == {"Kobe"}
    assert column(mini, "sister-cities", "partnerName", city="Kobe") == ["Incheon"]


# --- formats ---------------------------------------------------------------------


def test_json_parses_back_to_the_same_rows(shipped_graph):
    from rdflib.query import Result

    result = run(shipped_graph, "events-hosted-by", "ko")
    text = results.to_json(result)
    assert results.from_json(text).rows == result.rows
    parsed = Result.parse(io.StringIO(text), format="json")  # rdflib's own reader
    assert [str(v) for v in parsed.vars] == result.vars
    assert [tuple(r) for r in parsed] == result.rows
    data = json.loads(text)
    assert data["head"]["vars"] == result.vars
    cell = data["results"]["bindings"][0]["start"]
    assert cell == {
        "type": "literal",
        "value": "2021-11-23",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert data["results"]["bindings"][0]["eventName"]["xml:lang"] == "ko"


def test_csv_header_and_quoting_follow_the_w3c_format(shipped_graph):
    result = run(shipped_graph, "events-hosted-by", city="Daejeon")
    text = results.to_csv(result)
    lines = text.split("\r\n")
    assert lines[0] == ",".join(result.vars)  # names without '?'
    assert text.endswith("\r\n")
    event = CGR["conference-daejeon-carbon-neutral-2021"]
    name = str(result.records()[0]["eventName"])
    assert "," in name  # the article's English title holds commas: quoted
    assert lines[1].startswith(f'{event},"{name}",')
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == list(result.values()[0])


def test_csv_doubles_quotes():
    from rdflib import Literal

    result = results.QueryResult(["a", "b"], [(Literal('say "hi"'), None)])
    assert results.to_csv(result) == 'a,b\r\n"say ""hi""",\r\n'


def test_tsv_uses_turtle_terms(shipped_graph):
    result = run(shipped_graph, "sister-cities", "ko")
    lines = results.to_tsv(result).splitlines()
    assert lines[0] == "\t".join(f"?{v}" for v in result.vars)
    assert f"<{CGR['kobe']}>\t\"고베\"@ko" in results.to_tsv(result)


def test_table_and_markdown(shipped_graph):
    result = run(shipped_graph, "sister-cities", "ko")
    table = results.to_table(result)
    assert "cgr:kobe" in table and "고베" in table
    markdown = results.to_markdown(result)
    assert markdown.splitlines()[0] == "| " + " | ".join(result.vars) + " |"


# --- command line and main job --------------------------------------------------


def test_cli_queries_lists_every_saved_query():
    out = CliRunner().invoke(cli, ["queries"])
    assert out.exit_code == 0, out.output
    for name in NAMES:
        assert name in out.output
    listing = json.loads(CliRunner().invoke(cli, ["queries", "--format", "json"]).output)
    assert {q["name"] for q in listing} == NAMES


def test_cli_query_formats_and_errors():
    runner = CliRunner()
    out = runner.invoke(cli, ["query", "sister-cities", "--param", "city=인천", "--lang", "ko"])
    assert out.exit_code == 0, out.output
    assert "기타큐슈" in out.output
    out = runner.invoke(cli, ["query", "sister-cities", "--format", "json"])
    assert len(json.loads(out.output)["results"]["bindings"]) == 4
    out = runner.invoke(cli, ["query", "sister-cities", "--param", f"city={INJECTION}"])
    assert out.exit_code == 2 and "unknown city" in out.output
    out = runner.invoke(cli, ["query", "sister-citys"])
    assert out.exit_code == 2 and "did you mean sister-cities" in out.output
    out = runner.invoke(cli, ["query", "timeline", "--param", "from"])
    assert out.exit_code == 2 and "key=value" in out.output
    out = runner.invoke(cli, ["query", "sister-cities", "--param", "city=인천",
                              "--param", "city=고베"])
    assert out.exit_code == 2 and "given twice" in out.output
    out = runner.invoke(cli, ["query", "nowhere/missing.rq"])
    assert out.exit_code == 2 and "no such file" in out.output


def test_write_results(shipped_graph, tmp_path):
    written = pipeline.write_results(shipped_graph, tmp_path)
    assert sorted(p.name for p, _ in written) == sorted(
        [f"{n}.csv" for n in NAMES] + ["README.md"]
    )
    with open(tmp_path / "sister-cities.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["partnerName"] for r in rows} == {"Shenyang", "Chongqing", "Kobe", "Kitakyushu"}
    summary = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "## Sister and partner cities of a local government (`sister-cities`)" in summary


def test_write_results_skips_a_query_whose_default_is_not_in_the_graph(reach, tmp_path):
    # the fixture has no incheon and no forum-low-carbon-cities-2021 (the defaults)
    stale = tmp_path / "sister-cities.csv"
    stale.write_text("left from another graph\r\n", encoding="utf-8")
    written = pipeline.write_results(reach, tmp_path)
    with_defaults = {n for n, q in sparql_saved.discover().items()
                     if any(p.default is not None for p in q.params)}
    assert with_defaults == {
        "events-hosted-by", "partners-at-events", "sister-cities", "event-sessions", "sources-of",
        "partners-of-at-events",
    }
    assert sorted(p.name for p, _ in written) == sorted(
        [f"{n}.csv" for n in NAMES - with_defaults] + ["README.md"]
    )
    assert not stale.exists()
    summary = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert summary.count("**Skipped**") == len(with_defaults)
    assert "Parameters: city=incheon. **Skipped**: a default does not resolve" in summary
    assert "unknown city (local-government) 'incheon'" in summary
    assert "## Reach of international bodies (`organisation-reach`)" in summary
