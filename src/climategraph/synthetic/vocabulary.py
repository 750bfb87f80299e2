"""The vocabulary of the synthetic graph (:mod:`climategraph.synthetic.generator`): countries,
Korean syllables for names, administrative levels, kinds of bodies and events,
themes, roles, family names and publishers, and the Oxigraph terms it writes with."""

from __future__ import annotations

#: (ISO alpha-2, alpha-3, English, Korean, centre latitude, centre longitude)
COUNTRIES = [
    ("KR", "KOR", "Republic of Korea", "대한민국", 36.5, 127.8),
    ("CN", "CHN", "China", "중국", 33.0, 112.0),
    ("JP", "JPN", "Japan", "일본", 36.2, 138.3),
    ("MN", "MNG", "Mongolia", "몽골", 46.9, 103.8),
    ("RU", "RUS", "Russian Federation", "러시아", 55.8, 60.0),
    ("US", "USA", "United States", "미국", 39.8, -98.6),
    ("CA", "CAN", "Canada", "캐나다", 50.1, -100.3),
    ("MX", "MEX", "Mexico", "멕시코", 23.6, -102.5),
    ("BR", "BRA", "Brazil", "브라질", -14.2, -51.9),
    ("AR", "ARG", "Argentina", "아르헨티나", -34.4, -63.6),
    ("CL", "CHL", "Chile", "칠레", -33.7, -71.0),
    ("CO", "COL", "Colombia", "콜롬비아", 4.6, -74.3),
    ("PE", "PER", "Peru", "페루", -9.2, -75.0),
    ("GB", "GBR", "United Kingdom", "영국", 53.4, -2.0),
    ("FR", "FRA", "France", "프랑스", 46.2, 2.2),
    ("DE", "DEU", "Germany", "독일", 51.2, 10.5),
    ("IT", "ITA", "Italy", "이탈리아", 42.9, 12.6),
    ("ES", "ESP", "Spain", "스페인", 40.5, -3.7),
    ("PT", "PRT", "Portugal", "포르투갈", 39.4, -8.2),
    ("NL", "NLD", "Netherlands", "네덜란드", 52.1, 5.3),
    ("SE", "SWE", "Sweden", "스웨덴", 60.1, 16.6),
    ("NO", "NOR", "Norway", "노르웨이", 60.5, 8.5),
    ("FI", "FIN", "Finland", "핀란드", 62.9, 25.7),
    ("DK", "DNK", "Denmark", "덴마크", 56.0, 9.5),
    ("PL", "POL", "Poland", "폴란드", 51.9, 19.1),
    ("TR", "TUR", "Türkiye", "튀르키예", 38.9, 35.2),
    ("IN", "IND", "India", "인도", 21.6, 78.0),
    ("ID", "IDN", "Indonesia", "인도네시아", -2.5, 113.9),
    ("VN", "VNM", "Viet Nam", "베트남", 16.1, 107.3),
    ("TH", "THA", "Thailand", "태국", 15.9, 100.9),
    ("PH", "PHL", "Philippines", "필리핀", 12.9, 121.8),
    ("MY", "MYS", "Malaysia", "말레이시아", 3.9, 102.0),
    ("SG", "SGP", "Singapore", "싱가포르", 1.35, 103.8),
    ("AU", "AUS", "Australia", "오스트레일리아", -27.3, 140.0),
    ("NZ", "NZL", "New Zealand", "뉴질랜드", -40.9, 174.9),
    ("ZA", "ZAF", "South Africa", "남아프리카 공화국", -30.6, 24.9),
    ("KE", "KEN", "Kenya", "케냐", -0.5, 37.9),
    ("EG", "EGY", "Egypt", "이집트", 27.8, 30.8),
    ("NG", "NGA", "Nigeria", "나이지리아", 9.1, 8.7),
    ("UZ", "UZB", "Uzbekistan", "우즈베키스탄", 41.4, 64.6),
    ("KZ", "KAZ", "Kazakhstan", "카자흐스탄", 48.0, 68.0),
]
#: North-East Asia dominates, as in the curated data: KR, CN, JP weigh more
COUNTRY_WEIGHTS = [25, 15, 10, 4] + [1.5] * (len(COUNTRIES) - 4)

#: Korean syllables with their Revised Romanization, for synthetic names
SYLLABLES = [
    ("가", "ga"), ("나", "na"), ("다", "da"), ("산", "san"), ("천", "cheon"),
    ("주", "ju"), ("해", "hae"), ("원", "won"), ("양", "yang"), ("포", "po"),
    ("안", "an"), ("성", "seong"), ("강", "gang"), ("광", "gwang"), ("수", "su"),
    ("영", "yeong"), ("청", "cheong"), ("동", "dong"), ("남", "nam"), ("북", "buk"),
    ("서", "seo"), ("한", "han"), ("평", "pyeong"), ("진", "jin"),
]
#: administrative level: (slug, English suffix, Korean suffix, weight)
LEVELS = [
    ("City", "City", "시", 50),
    ("County", "County", "군", 20),
    ("District", "District", "구", 15),
    ("Province", "Province", "도", 8),
    ("MetropolitanCity", "Metropolitan City", "광역시", 7),
]
#: international body kinds: (class, English noun, Korean noun); a cg:CityNetwork is
#: also typed cg:InternationalOrganisation (the network class itself may be domestic)
INTL_KINDS = [
    ("IntergovernmentalOrganisation", "Commission", "위원회"),
    ("MultilateralFinanceInstitution", "Climate Fund", "기후기금"),
    ("CityNetwork", "City Network", "도시 네트워크"),
    ("ProgrammeOrSecretariat", "Programme Secretariat", "사무국"),
]
EVENT_KINDS = [("Forum", "Forum", "포럼"), ("Conference", "Conference", "컨퍼런스"),
               ("Workshop", "Workshop", "워크숍"), ("Council", "Council", "기후회의"),
               ("Meeting", "Meeting", "회의")]
#: (English, Korean, topic slug in ontology/topics.ttl)
THEMES = [("Carbon Neutrality", "탄소중립", "carbon-neutrality"),
          ("Clean Air", "맑은 공기", "air-quality"),
          ("Climate Governance", "기후 거버넌스", "climate-governance"),
          ("Green Finance", "녹색금융", "green-finance"),
          ("Low-Carbon Cities", "저탄소 도시", "low-carbon-cities"),
          ("Renewable Energy", "재생에너지", "renewable-energy"),
          ("Hydrogen", "수소", "hydrogen"),
          ("Circular Economy", "순환경제", "circular-economy")]
POST_ROLES = [("mayor", "Mayor", "시장"), ("governor", "Governor", "도지사"),
              ("director", "Director", "국장"), ("secretary-general", "Secretary-General",
              "사무총장"), ("minister", "Minister", "장관"), ("officer", "Officer", "담당관")]
FAMILY = [("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"),
          ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim")]

PUBLISHERS = ["합성일보", "기후신문", "환경부 보도자료", "지방정부 보도자료", "국제협력 통신"]


class Terms:
    """Oxigraph named nodes for every predicate and class, made once."""

    """Oxigraph named nodes for every predicate and class, made once."""

    def __init__(self) -> None:
        import pyoxigraph as ox
        from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

        from climategraph.namespaces import CG, CGR, CGT, GEO, ORG

        nn = ox.NamedNode
        self.ox = ox
        self.cg = lambda name: nn(str(getattr(CG, name)))
        self.cgr = str(CGR)
        self.topic = lambda slug: nn(str(CGT[slug]))
        self.type = nn(str(RDF.type))
        self.label = nn(str(RDFS.label))
        self.alt = nn(str(SKOS.altLabel))
        self.derived = nn(str(PROV.wasDerivedFrom))
        self.title = nn(str(DCTERMS.title))
        self.issued = nn(str(DCTERMS.issued))
        self.language = nn(str(DCTERMS.language))
        self.identifier = nn(str(DCTERMS.identifier))
        self.publisher = nn(str(DCTERMS.publisher))
        self.lat = nn(str(GEO.lat))
        self.long = nn(str(GEO.long))
        self.held_by = nn(str(ORG.heldBy))
        self.post_in = nn(str(ORG.postIn))
        self.org_role = nn(str(ORG.role))
        self.date = nn(str(XSD.date))
        self.datetime = nn(str(XSD.dateTime))
        self.integer = nn(str(XSD.integer))
        self.decimal = nn(str(XSD.decimal))
        self.year = nn(str(XSD.gYear))
