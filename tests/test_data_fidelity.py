"""Issue 15: the data says what the five articles say, no more and no less.

The checks read the shipped data and the project's copies of the articles
(data/articles/); the romanization check uses the test's own Revised
Romanization transliterator (below), not a list of known names.
"""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import PROV, SKOS

from climategraph.namespaces import CG, CGR, CGS, GEO, ORG
from climategraph.sparql.run import run_query
from climategraph.sparql.saved import get
from climategraph.store.labels import resolve
from climategraph.store.project import default_data, project_root

ARTICLES = project_root() / "data" / "articles"

# --- the romanizer ------------------------------------------------------------------
# A small Revised Romanization of Korean (국어의 로마자 표기법, 2000), for the tests.
#
# It romanizes Hangul syllable by syllable from their jamo (Unicode decomposition,
# no word list) and applies the rules between syllables that change the spelling of
# names: a final consonant carried over to a following silent ㅇ (협의회 hyeobuihoe),
# nasalisation (백마 baengma, 협력 hyeomnyeok), ㄹ after a consonant read as ㄴ
# (종로 jongno), ㄴ/ㄹ meeting ㄹ/ㄴ as ll (신라 silla, 별내 byeollae) and ㅎ with a
# following ㄱ/ㄷ/ㅈ aspirated (좋고 joko). In nouns an ㅎ after ㄱ/ㄷ/ㅂ is written
# (묵호 Mukho), as the rules say. It does not know word boundaries inside a
# compound, so it cannot insert ㄴ (학여울 hangnyeoul) or palatalise (해돋이 haedoji).
#
# romanizations() gives the forms a romanized label may take: the spelling
# with the sound rules, the plain syllable-by-syllable one (how persons' names are
# written), and each with a few family names in their conventional spelling (the
# policy in data/actors.ttl: 박 Park, 김 Kim, 이 Lee, 최 Choi).

INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
            "ch", "k", "t", "p", "h"]
VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
          "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]
#: the 27 finals (index 1..27) as (sound before a consonant or at the end,
#: initial index of the consonant carried over to a silent ㅇ, or None)
FINALS = [("", None), ("k", 0), ("k", 1), ("k", 9), ("n", 2), ("n", 12), ("n", None),
          ("t", 3), ("l", 5), ("k", 0), ("m", 6), ("l", 7), ("l", 9), ("l", 16),
          ("p", 17), ("l", None), ("m", 6), ("p", 7), ("p", 9), ("t", 9), ("t", 10),
          ("ng", None), ("t", 12), ("t", 14), ("k", 15), ("t", 16), ("p", 17), ("t", None)]
#: what stays of a double final when its second consonant is carried over
KEPT = {3: "k", 5: "n", 9: "l", 10: "l", 11: "l", 12: "l", 13: "l", 14: "l", 18: "p"}
NASAL = {"k": "ng", "t": "n", "p": "m"}
ASPIRATE = {0: "k", 3: "t", 12: "ch"}
FAMILY = {"bak": "park", "gim": "kim", "i": "lee", "choe": "choi"}
HANGUL = re.compile("[가-힣]")


def _syllables(text: str) -> list[tuple[int, int, int] | str]:
    """Each Hangul syllable as (initial, vowel, final) indices; other characters as is."""
    out: list[tuple[int, int, int] | str] = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            out.append((code // 588, (code % 588) // 28, code % 28))
        else:
            out.append(char)
    return out


def _join(final: int, initial: int) -> tuple[str, str]:
    """The spelling of a final and the next syllable's initial where they meet."""
    sound, carried = FINALS[final]
    head = INITIALS[initial]
    if initial == 11 and carried is not None:           # silent ㅇ: carry the consonant over
        return KEPT.get(final, ""), INITIALS[carried]
    if final == 27 and (initial in ASPIRATE or initial == 11):   # ㅎ: 좋고 joko, 좋아 joa
        return "", ASPIRATE.get(initial, head)
    if initial == 5:                                    # ㄹ: 신라 silla, 종로 jongno
        if sound in ("n", "l"):
            return "l", "l"
        return NASAL.get(sound, sound), "n" if sound else "r"
    if initial == 2 and sound == "l":                   # ㄹ + ㄴ: 별내 byeollae
        return "l", "l"
    if initial in (2, 6) and sound in NASAL:            # ㄴ, ㅁ
        return NASAL[sound], head
    return sound, head


def romanize(text: str, sound_rules: bool = True) -> str:
    """``text`` with its Hangul romanized; other characters are kept."""
    parts = _syllables(text)
    out: list[str] = []
    for i, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part)
            continue
        initial, vowel, final = part
        prev = parts[i - 1] if i else None
        if not (sound_rules and isinstance(prev, tuple)):
            out.append(INITIALS[initial])     # else the previous syllable wrote it
        out.append(VOWELS[vowel])
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if sound_rules and isinstance(nxt, tuple):
            tail, head = _join(final, nxt[0])
            out.append(tail + head)
        else:
            out.append(FINALS[final][0])
    return "".join(out)


def key(text: str) -> str:
    """A comparison key: lower-case letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def loose(text: str) -> str:
    """A looser key: without the glides y and w and with doubled letters single,
    so that "Seutudio" matches the strict "seutyudio"."""
    return re.sub(r"(.)\1+", r"\1", key(text).replace("y", "").replace("w", ""))


def romanizations(korean: str) -> set[str]:
    """The loose keys of the romanized forms ``korean`` may take (see module doc);
    a person's name (two to four syllables) also with its family name's
    conventional spelling."""
    forms = {key(romanize(korean, True)), key(romanize(korean, False))}
    if re.fullmatch("[가-힣]{2,4}", korean):
        for form in list(forms):
            forms |= {usual + form[len(strict):] for strict, usual in FAMILY.items()
                      if form.startswith(strict)}
    return {loose(form) for form in forms}


def is_romanization(english: str, korean: str) -> bool:
    """Whether ``english`` is a romanization of ``korean`` (which must hold Hangul)."""
    return bool(HANGUL.search(korean)) and loose(english) in romanizations(korean)


# examples of the rules (국어의 로마자 표기법, 2000) this romanizer applies
RULES = {
    "백마": "baengma", "종로": "jongno", "왕십리": "wangsimni", "별내": "byeollae",
    "신라": "silla", "좋고": "joko", "묵호": "mukho", "집현전": "jiphyeonjeon",
    "압구정": "apgujeong", "낙동강": "nakdonggang", "울산": "ulsan",
}


@pytest.mark.parametrize(("korean", "roman"), sorted(RULES.items()))
def test_the_romanizer_follows_the_rules(korean, roman):
    assert romanize(korean) == roman


# the romanized labels the data audit found, and what replaced them
OLD_LABELS = {
    "Aibekseu Seutudio": "아이벡스 스튜디오",
    "Gyeonggi Hwangyeong Eneoji Jinheungwon": "경기환경에너지진흥원",
    "Gihu Eneoji Senteo": "기후에너지센터",
    "Noksaek Jeonhwan Yeonguso": "녹색전환연구소",
    "Sudogwon Daegihwangyeongcheong": "수도권대기환경청",
    "Gwangmyeong-si 2050 Tanso Jungnip Noksaek Seongjang Wiwonhoe":
        "광명시 2050 탄소중립 녹색성장 위원회",
    "Gwangmyeong Simin Jeollyeok Hyeopdong Johap": "광명시민 전력 협동조합",
}


@pytest.mark.parametrize(("english", "korean"), sorted(OLD_LABELS.items()))
def test_the_romanizer_recognises_the_labels_the_issue_found(shipped_graph, english, korean):
    assert is_romanization(english, korean)
    [node] = shipped_graph.subjects(RDFS.label, Literal(korean, lang="ko"))
    [label] = [o for o in shipped_graph.objects(node, RDFS.label) if o.language == "en"]
    assert not is_romanization(str(label), korean), label


def _named(graph):
    """(node, English label, Korean label, name basis) of every resource with both."""
    for node in set(graph.subjects(RDFS.label, None)):
        english = [o for o in graph.objects(node, RDFS.label) if getattr(o, "language", "") == "en"]
        korean = [o for o in graph.objects(node, RDFS.label) if getattr(o, "language", "") == "ko"]
        if english and korean:
            yield node, str(english[0]), str(korean[0]), graph.value(node, CG.hasNameBasis)


def _foreign(graph, node, english):
    """Whether the Korean label transcribes a name of another language, so that
    the English label is not the project's romanization even when it equals one:
    the place has a cg:localName or a country other than Korea (베이징 Beijing), or
    the article it cites prints the English name itself (유수케 모리(Yusuke Mori))."""
    if graph.value(node, CG.localName) is not None:
        return True
    if graph.value(node, CG.inCountry) not in (None, CGR["south-korea"]):
        return True
    texts = (graph.value(a, CG.textFile) for a in graph.objects(node, PROV.wasDerivedFrom))
    return graph.value(node, CG.hasNameBasis) == CG.NameFromArticle and any(
        english in (project_root() / "data" / str(t)).read_text(encoding="utf-8")
        for t in texts if t is not None)


def test_no_english_label_is_a_romanization_unless_its_basis_says_so(shipped_graph):
    g = shipped_graph
    wrong = [(str(n), en, str(basis)) for n, en, ko, basis in _named(g)
             if is_romanization(en, ko) and basis != CG.RevisedRomanization
             and not _foreign(g, n, en)]
    assert wrong == []
    # the exemption is narrow: the foreign names it lets through, and no Korean one
    exempt = {str(n).rsplit("/", 1)[-1] for n, en, ko, basis in _named(g)
              if is_romanization(en, ko) and _foreign(g, n, en)}
    assert exempt == {"beijing", "baoding", "yusuke-mori"}


def test_every_romanization_label_is_one(shipped_graph):
    """The other direction, which also tests the romanizer on the shipped names."""
    romanized = [(str(n), en, ko) for n, en, ko, basis in _named(shipped_graph)
                 if basis == CG.RevisedRomanization]
    assert len(romanized) >= 10
    assert [r for r in romanized if not is_romanization(r[1], r[2])] == []


def test_translations_and_established_names_replace_the_romanizations(shipped_graph):
    g = shipped_graph
    own = CG.EstablishedEnglishName
    expected = {
        "수도권대기환경청": ("Metropolitan Air Quality Management Office", own),
        "녹색전환연구소": ("Institute for Green Transformation", own),
        "대전과학산업진흥원": (
            "Daejeon Institute of Science and Technology for Enterprise and People", own),
        "경기환경에너지진흥원": ("Gyeonggi Environment and Energy Agency", CG.Translation),
        "한정애": ("Han Jeoung-ae", own),
    }
    for korean, (english, basis) in expected.items():
        [node] = g.subjects(RDFS.label, Literal(korean, lang="ko"))
        assert (node, RDFS.label, Literal(english, lang="en")) in g, korean
        assert g.value(node, CG.hasNameBasis) == basis, korean


def test_post_titles_are_the_bodies_own(shipped_graph):
    g = shipped_graph
    for post, title in (("post-armida-salsiah-alisjahbana-unescap", "Executive Secretary"),
                        ("post-yannick-glemarec-gcf-secretariat", "Executive Director")):
        role = g.value(CGR[post], ORG.role)
        assert (role, RDFS.label, Literal(title, lang="en")) in g, post
        assert (role, RDFS.label, Literal("사무총장", lang="ko")) in g, post


# --- actors in use -------------------------------------------------------------------


def test_every_actor_is_used_by_a_fact(shipped_graph):
    unused = shipped_graph.query("""
        PREFIX cg: <https://w3id.org/climategraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT DISTINCT ?actor WHERE {
            ?actor a ?class . ?class rdfs:subClassOf* cg:Actor .
            FILTER NOT EXISTS { ?user ?p ?actor . FILTER(?user != ?actor && ?p != rdf:object) }
        }""")
    assert [str(a) for (a,) in unused] == []


# --- 002: the council counted by its cities, the disputed partner cities -----------

COUNTED = re.compile(r"([가-힣]+협의회)\s*(\d+)\s*개\s*도시")


def test_a_council_whose_cities_the_article_counts_is_not_a_participant(shipped_graph):
    g = shipped_graph
    found = 0
    for text_file in sorted(ARTICLES.glob("*.txt")):
        article = CGR[f"article-{text_file.name[:3]}"]
        for name, count in COUNTED.findall(text_file.read_text(encoding="utf-8")):
            found += 1
            council = resolve(g, name)
            records = set(g.subjects(PROV.wasDerivedFrom, article))
            assert not [p for p in g.subjects(CG.agent, council) if p in records], name
            members = [p for p in g.subjects(CG.asMemberOf, council) if p in records]
            assert len(members) == int(count), (name, count)
            assert all((p, CG.hasCertainty, CG.Inferred) in g for p in members)
    assert found, "no article counts a council's cities"


def test_the_six_domestic_partner_cities_of_002_are_marked(shipped_graph):
    g = shipped_graph
    certainty = {}
    for relation in g.subjects(CG.partner, CGR["gwangmyeong"]):
        [other] = [c for c in g.objects(relation, CG.partner) if c != CGR["gwangmyeong"]]
        certainty[other.rsplit("/", 1)[-1]] = g.value(relation, CG.hasCertainty)
        if certainty[other.rsplit("/", 1)[-1]] is not None:
            notes = {n.language for n in g.objects(relation, SKOS.scopeNote)}
            assert notes == {"en", "ko"}, relation
    assert certainty == {
        "osnabrueck": None, "austin": None, "liaocheng": None, "yamato": None,
        "jecheon": CG.Inferred, "buan": CG.Inferred, "sinan": CG.Inferred,
        "yeongam": CG.Inferred, "eunpyeong": CG.Disputed, "osan": CG.Disputed,
    }
    shortcut = set(g.objects(CGR["gwangmyeong"], CG.partnerOf))
    assert {CGR["eunpyeong"], CGR["osan"]}.isdisjoint(shortcut)
    assert CGR["jecheon"] in shortcut


# --- Jeju ----------------------------------------------------------------------------


def test_jeju_has_no_level_and_no_geonames_record_and_says_why(shipped_graph):
    g = shipped_graph
    jeju = CGR["jeju"]
    for prop in (CG.adminLevel, CG.geonamesId, GEO.lat, GEO.long):
        assert g.value(jeju, prop) is None, prop
    assert {n.language for n in g.objects(jeju, SKOS.scopeNote)} == {"en", "ko"}
    header = (project_root() / "data" / "geo.ttl").read_text(encoding="utf-8").split("@prefix")[0]
    assert re.search(r"Left out on purpose.*\n#\s+jeju: ", header)


# --- who presented what --------------------------------------------------------------


def _run(graph, name, lang, **params):
    return run_query(graph, get(name), params, lang).records()


def test_event_sessions_give_each_talk_with_its_presenter(shipped_graph):
    rows = {r.get("sequence"): r for r in _run(shipped_graph, "event-sessions", "ko")}
    # 000, 붙임2, session 2: three talks, one listed with a country only
    assert set(rows["2"]["talks"].split("; ")) == {
        "재생가능 에너지관련 도시개발 (아시아개발은행)",
        "넷제로 에너지 빌딩 및 산업단지 (중국)",
        "수소생태계 구축전략 (인천광역시)",
    }
    english = {r.get("sequence"): r for r in _run(shipped_graph, "event-sessions", "en")}
    assert "Electric mobility policy (Jeju)" in english["3"]["talks"].split("; ")
    # 003: Korea's talk at the 3rd vehicle-pollutant forum, presenter inferred
    sky = _run(shipped_graph, "event-sessions", "en", event="conference-clean-sky-2021")
    [forum] = [r for r in sky if r["sequence"] == "2"]
    assert "(Ministry of Environment, inferred)" in forum["talks"]
    assert "(the Chinese side)" in forum["talks"]


def test_partners_at_events_show_what_is_inferred(shipped_graph):
    rows = _run(shipped_graph, "partners-at-events", "en", city="Gwangmyeong")
    by_slug = {r["partner"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_slug["osan"].get("certainty") == "inferred"
    assert not by_slug["osnabrueck"].get("certainty")
    assert "climate-crisis-local-government-council" not in by_slug


# --- the shapes catch each kind of error --------------------------------------------

PLANTED = """
@prefix cg:   <https://w3id.org/climategraph/ontology#> .
@prefix cgr:  <https://w3id.org/climategraph/id/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

cgr:planted-orphan a cg:Agency ;
    rdfs:label "Orphan Agency"@en , "고아 기관"@ko ;
    cg:hasNameBasis cg:Translation ;
    prov:wasDerivedFrom cgr:article-002 .

cgr:planted-council-participant a cg:Participation ;
    cg:agent cgr:climate-crisis-local-government-council ;
    cg:atEvent cgr:forum-gwangmyeong-carbon-neutrality-2024 ; cg:inRole cg:ParticipantRole ;
    prov:wasDerivedFrom cgr:article-002 .

cgr:gwangmyeong cg:partnerOf cgr:osan .

cgr:planted-note a cg:Inference ;
    rdf:subject cgr:gwangmyeong ; rdf:predicate cg:partnerOf ; rdf:object cgr:seoul ;
    cg:hasCertainty cg:Inferred ;
    prov:wasDerivedFrom cgr:article-002 .
"""


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_the_shapes_catch_the_errors_issue_15_names(tmp_path, engine):
    from climategraph.shacl.engine import validate_paths

    planted = tmp_path / "planted.ttl"
    planted.write_text(PLANTED, encoding="utf-8")
    _, report = validate_paths([*default_data(), planted], engine=engine)
    found = {(f.shape, f.focus) for f in report.findings if f.severity == "Violation"}
    shape = {name: str(CGS[name]) for name in (
        "ActorUsedShape", "CountedMembersShape", "DisputedPartnerShape", "InferenceShape",
        "Certainty-reasonEn", "Certainty-reasonKo")}
    assert (shape["ActorUsedShape"], str(CGR["planted-orphan"])) in found
    assert (shape["CountedMembersShape"], str(CGR["planted-council-participant"])) in found
    assert (shape["DisputedPartnerShape"], str(CGR["partner-gwangmyeong-osan"])) in found
    assert (shape["InferenceShape"], str(CGR["planted-note"])) in found
    assert (shape["Certainty-reasonEn"], str(CGR["planted-note"])) in found
    assert (shape["Certainty-reasonKo"], str(CGR["planted-note"])) in found
    planted_nodes = {str(CGR[n]) for n in ("planted-orphan", "planted-council-participant",
                                           "partner-gwangmyeong-osan", "planted-note")}
    assert {focus for _, focus in found} <= planted_nodes | {str(CGR["gwangmyeong"])}


def test_the_shipped_data_has_no_certainty_without_reasoning(shipped_graph):
    g = shipped_graph
    marked = set(g.subjects(CG.hasCertainty, None))
    assert len(marked) >= 20
    assert all({n.language for n in g.objects(m, SKOS.scopeNote)} >= {"en", "ko"} for m in marked)
    notes = set(g.subjects(RDF.type, CG.Inference))
    assert notes and notes <= marked
