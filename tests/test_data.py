"""The shipped data: it conforms, it is traceable, and facts read from each article are there."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import DCTERMS, PROV

from climategraph.namespaces import CG, CGR
from climategraph.store.labels import resolve
from climategraph.store.project import project_root

PREFIXES = """
PREFIX cg: <https://w3id.org/climategraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


def node(graph, name):
    return resolve(graph, name)


def rows(graph, query, **bindings):
    """Rows of a test query, bound with VALUES (portable to every store)."""
    if bindings:
        names = sorted(bindings)
        values = " ".join(bindings[n].n3() for n in names)
        head, _, body = query.partition("WHERE {")
        variables = " ".join("?" + n for n in names)
        query = f"{head}WHERE {{ VALUES ({variables}) {{ ({values}) }} {body}"
    return list(graph.query(PREFIXES + query))


def test_shipped_data_conforms(shipped_report):
    violations = [f for f in shipped_report.findings if f.severity == "Violation"]
    assert shipped_report.passes, violations


ARTICLES = project_root() / "data" / "articles"


def _recorded_sums() -> dict[str, str]:
    """``data/articles/SHA256SUMS``: the digests of the five articles as received."""
    lines = (ARTICLES / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line)}


def test_article_copies_are_exact():
    sums = _recorded_sums()
    assert len(sums) == 5 and sorted(sums) == sorted(p.name for p in ARTICLES.glob("*.txt"))
    for name, digest in sums.items():
        assert hashlib.sha256((ARTICLES / name).read_bytes()).hexdigest() == digest, name


def test_every_article_is_a_source_with_its_file_name(shipped_graph):
    ids = {str(o) for a in shipped_graph.subjects(RDF.type, CG.Article)
           for o in shipped_graph.objects(a, DCTERMS.identifier)}
    assert ids == set(_recorded_sums())


@pytest.mark.parametrize(
    "cls",
    [CG.Participation, CG.PartnerRelation, CG.Agreement, CG.Post, CG.Event, CG.Milestone],
    ids=lambda c: c.fragment,
)
def test_every_record_cites_an_article(shipped_graph, cls):
    found = rows(
        shipped_graph,
        """SELECT DISTINCT ?r WHERE { ?r a ?c . ?c rdfs:subClassOf* ?cls .
           FILTER NOT EXISTS { ?r prov:wasDerivedFrom ?a . ?a a cg:Article } }""",
        cls=cls,
    )
    assert found == []


ARTICLE_FILES = sorted((project_root() / "data").glob("[0-9][0-9][0-9]-*.ttl"))


def test_there_are_per_article_data_files():
    assert len(ARTICLE_FILES) >= 5


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.name)
def test_per_article_file_cites_only_its_article(path):
    """data/NNN-*.ttl goes whole into article NNN's named graph on export, so each
    record in it must cite article NNN and no other (shared records: shared-records.ttl)."""
    own = CGR[f"article-{path.name[:3]}"]
    graph = Graph().parse(path, format="turtle")
    cited = set(graph.subject_objects(PROV.wasDerivedFrom))
    assert cited, f"{path.name} cites no article"
    others = sorted(f"{r} -> {a}" for r, a in cited if a != own)
    assert others == [], f"{path.name}: records citing another article"


def test_every_actor_has_english_and_korean_labels(shipped_graph):
    missing = rows(
        shipped_graph,
        """SELECT DISTINCT ?x WHERE { ?x a ?c . ?c rdfs:subClassOf* cg:Actor .
           FILTER NOT EXISTS { ?x rdfs:label ?en . FILTER(LANG(?en) = "en") }
           FILTER NOT EXISTS { ?x rdfs:label ?ko . FILTER(LANG(?ko) = "ko") } }""",
    )
    assert missing == []


def _international(graph):
    found = rows(
        graph,
        "SELECT DISTINCT ?x WHERE { ?x a ?c . ?c rdfs:subClassOf* cg:InternationalOrganisation }",
    )
    return {str(x) for (x,) in found}


def test_city_networks_are_international_only_when_they_are(shipped_graph):
    g = shipped_graph
    international = _international(g)
    for name in ("ICLEI", "UCLG"):
        assert (node(g, name), RDF.type, CG.CityNetwork) in g, name
        assert str(node(g, name)) in international, name
    council = node(g, "기후위기대응지방정부협의회")   # domestic (002)
    assert (council, RDF.type, CG.CityNetwork) in g
    assert str(council) not in international


def test_family_name_park_is_written_park(shipped_graph):
    """Naming policy (actors.ttl header): 박 is "Park" in every person's English label."""
    g = shipped_graph
    found = rows(
        g,
        """SELECT ?en WHERE { ?p a cg:Person ; rdfs:label ?ko , ?en .
           FILTER(LANG(?ko) = "ko" && STRSTARTS(STR(?ko), "박") && LANG(?en) = "en") }""",
    )
    assert len(found) >= 3
    assert all(str(en).startswith("Park ") for (en,) in found), found


def _partners(graph, city):
    found = rows(
        graph,
        """SELECT ?other ?kind WHERE { ?r a cg:PartnerRelation ; cg:partner ?city, ?other ;
           cg:relationKind ?kind . FILTER(?other != ?city) }""",
        city=city,
    )
    return {(str(o), k) for o, k in found}


# --- 000: Incheon and UNESCAP's International Forum on Low Carbon Cities ------------

def test_incheon_sister_cities_are_the_four_named(shipped_graph):
    g = shipped_graph
    expected = {str(node(g, n)) for n in ("선양", "충칭", "고베", "기타큐슈")}
    partners = _partners(g, node(g, "인천광역시"))
    assert {o for o, _ in partners} == expected
    assert {k for _, k in partners} == {CG.SisterCity}
    assert (node(g, "인천광역시"), CG.partnerOf, node(g, "선양")) in g or (
        node(g, "선양"), CG.partnerOf, node(g, "인천광역시")) in g


def test_low_carbon_forum(shipped_graph):
    g = shipped_graph
    forum = node(g, "International Forum on Low Carbon Cities")
    assert str(g.value(forum, CG.startDate)) == "2021-11-23"
    assert str(g.value(forum, CG.endDate)) == "2021-11-24"
    assert int(g.value(forum, CG.attendance)) == 500
    sessions = rows(
        g, "SELECT ?s ?n WHERE { ?s cg:partOf ?forum ; cg:sequenceNumber ?n }", forum=forum
    )
    assert sorted(int(n) for _, n in sessions)[:5] == [1, 2, 3, 4, 5]
    hosts = rows(
        g,
        """SELECT ?a WHERE { ?p cg:atEvent ?forum ; cg:agent ?a ;
           cg:inRole ?r FILTER(?r IN (cg:HostRole, cg:CoHostRole)) }""",
        forum=forum,
    )
    assert {str(a) for (a,) in hosts} == {str(node(g, "인천광역시")), str(node(g, "UNESCAP"))}


def test_low_carbon_forum_participants(shipped_graph):
    g = shipped_graph
    forum = node(g, "International Forum on Low Carbon Cities")
    agents = {str(a) for (a,) in rows(g, "SELECT ?a WHERE { ?p cg:atEvent ?forum ; cg:agent ?a }",
                                        forum=forum)}
    for name in ("GCF", "ICLEI", "ADB", "인천기후환경센터", "선양", "충칭", "고베", "기타큐슈"):
        assert str(node(g, name)) in agents, name


def test_moa_with_unescap(shipped_graph):
    g = shipped_graph
    found = rows(
        g,
        """SELECT ?a ?d WHERE { ?a a cg:MemorandumOfAgreement ; cg:party ?i, ?u ;
           cg:signedOn ?d }""",
        i=node(g, "인천광역시"),
        u=node(g, "UNESCAP"),
    )
    assert [str(d) for _, d in found] == ["2021-11-12"]


# --- 001: Daejeon's Korea–China–Japan conference ---------------------------------------

def test_daejeon_conference(shipped_graph):
    g = shipped_graph
    daejeon = node(g, "대전광역시") if _has(g, "대전광역시") else node(g, "Daejeon")
    found = rows(
        g,
        """SELECT ?e ?d WHERE { ?p cg:atEvent ?e ; cg:agent ?dj ; cg:inRole ?r .
           FILTER(?r IN (cg:HostRole, cg:CoHostRole)) ?e cg:startDate ?d
           FILTER NOT EXISTS { ?e cg:partOf ?x } }""",
        dj=daejeon,
    )
    assert [str(d) for _, d in found] == ["2021-04-23"]
    event = found[0][0]
    assert g.value(event, CG.feedsInto) is not None
    assert g.value(event, CG.mode) == CG.Hybrid


def _has(graph, name):
    try:
        resolve(graph, name)
    except Exception:
        return False
    return True


# --- 002: Gwangmyeong's 2024 forum and its evaluation meeting ------------------------

def test_gwangmyeong_overseas_partners(shipped_graph):
    g = shipped_graph
    partners = {o for o, _ in _partners(g, node(g, "광명시"))}
    for name in ("오스나브뤼크", "오스틴", "랴오청", "야마토"):
        assert str(node(g, name)) in partners, name


def test_gwangmyeong_forum_and_evaluation(shipped_graph):
    g = shipped_graph
    found = rows(
        g,
        """SELECT ?e ?m WHERE { ?m cg:evaluates ?e . ?e cg:startDate ?d .
           FILTER(STR(?d) = "2024-10-29") }""",
    )
    assert len(found) == 1


# --- 003: the Korea–China Clean Sky conference --------------------------------------

def test_clean_sky_five_sub_events_in_order(shipped_graph):
    g = shipped_graph
    found = rows(
        g,
        """SELECT ?parent ?s ?n ?ed WHERE {
           ?s cg:partOf ?parent ; cg:sequenceNumber ?n ; cg:editionNumber ?ed .
           ?parent cg:startDate ?d . FILTER(STR(?d) = "2021-11-22") } ORDER BY ?n""",
    )
    assert [int(n) for _, _, n, _ in found] == [1, 2, 3, 4, 5]
    assert [int(ed) for *_, ed in found] == [2, 3, 1, 5, 13]


def test_clean_sky_joint_observation_cities(shipped_graph):
    g = shipped_graph
    found = rows(
        g,
        """SELECT ?p (COUNT(DISTINCT ?c) AS ?n)
           WHERE { ?p a cg:CooperationProject ; cg:site ?c } GROUP BY ?p""",
    )
    assert [int(n) for _, n in found] == [8]


# --- 004: Gwangmyeong's climate council ----------------------------------------------

def test_gwangmyeong_climate_council_with_iclei_korea(shipped_graph):
    g = shipped_graph
    found = rows(
        g,
        """SELECT ?e WHERE { ?e a cg:Council ; cg:startDate ?d .
           FILTER(STR(?d) = "2024-04-22") }""",
    )
    assert len(found) == 1
    query = "SELECT ?a WHERE { ?p cg:atEvent ?e ; cg:agent ?a }"
    agents = {str(a) for (a,) in rows(g, query, e=found[0][0])}
    iclei_korea = [s for s, v in g.subject_objects(RDFS.label)
                   if isinstance(v, Literal) and v.language == "ko" and "이클레이 한국" in str(v)]
    assert {str(s) for s in iclei_korea} & agents


def test_milestones_for_gwangmyeong(shipped_graph):
    g = shipped_graph
    found = rows(g, "SELECT ?m WHERE { ?m a cg:Milestone ; cg:agent ?gm }", gm=node(g, "광명시"))
    assert len(found) >= 5
    assert all((m, PROV.wasDerivedFrom, None) in g for (m,) in found)
