"""A synthetic but realistic graph in the project's own ontology, for benchmarks.

:func:`generate` writes about ``triples`` triples of N-Triples: ``triples / 100``
local governments across 41 countries (English and Korean labels, seeded
coordinates around each country's centre), national and international bodies,
events with 2–6 hosts, 5–30 participants and sessions with speakers, partner-city
relations whose degrees follow a power law (preferential attachment), agreements,
people and their posts. Every record cites a synthetic source article with
``prov:wasDerivedFrom``. Every resource's slug starts with ``syn-`` so a synthetic
graph never collides with the curated data.

The same ``seed`` gives the same bytes: one :class:`random.Random` drives every
choice, no set or dict is iterated in hash order, and triples are written in the
order they are made (by Oxigraph's serialiser, atomically).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from climategraph.synthetic.vocabulary import (
    COUNTRIES,
    COUNTRY_WEIGHTS,
    EVENT_KINDS,
    FAMILY,
    INTL_KINDS,
    LEVELS,
    POST_ROLES,
    PUBLISHERS,
    SYLLABLES,
    THEMES,
    Terms,
)

#: records between two new source articles
RECORDS_PER_ARTICLE = 25


@dataclass(frozen=True)
class Generated:
    """What :func:`generate` wrote."""

    path: Path
    triples: int
    local_governments: int
    events: int
    seed: int


def generate(triples: int, seed: int, out_dir: str | Path) -> Generated:
    """Write a synthetic graph of about ``triples`` triples to ``out_dir/synthetic.nt``.

    Parameters
    ----------
    triples : int
        Target size; the file holds ``triples`` plus one record (at most a few
        hundred triples) more, once the fixed part (countries, roles, bodies,
        ``triples / 100`` local governments) fits, and then one partner relation or
        post for each actor no fact used yet (about 0.3 % more at 10^6).
    seed : int
        Seed of every random choice: the same seed gives the same bytes.
    out_dir : str or Path
        Folder to write into (created if missing).

    Returns
    -------
    Generated
        The file written and what it holds.

    Examples
    --------
    >>> import tempfile
    >>> from climategraph.store.load import load_files
    >>> made = generate(2000, seed=1, out_dir=tempfile.mkdtemp())
    >>> made.path.name, made.triples >= 2000, len(load_files([made.path])) == made.triples
    ('synthetic.nt', True, True)
    """
    import pyoxigraph as ox

    from climategraph.errors import ParameterError
    from climategraph.fileio import atomic_write

    if triples < 1:
        raise ParameterError(f"--triples must be positive, got {triples}")
    builder = _Builder(triples, seed)
    builder.build()
    path = Path(out_dir) / "synthetic.nt"
    data = ox.serialize(builder.triples, format=ox.RdfFormat.N_TRIPLES) or b""
    atomic_write(path, data)
    return Generated(path, len(builder.triples), len(builder.lgs), builder.n_events, seed)



class _Builder:
    """Makes the triples, in a fixed order, from one seeded random generator."""

    def __init__(self, target: int, seed: int) -> None:
        self.target = target
        self.rng = random.Random(seed)
        self.t = Terms()
        self.triples: list[Any] = []
        self.lgs: list[Any] = []
        self.bodies: list[Any] = []  # national and international bodies
        self.people: list[tuple[Any, Any]] = []  # (person, organisation of their post)
        self.events: list[Any] = []
        self.n_events = 0
        self.article: Any = None
        self.n_articles = 0
        self.records = 0
        self.endpoints: list[int] = []  # partner-relation endpoints (preferential attachment)
        self.pairs: set[tuple[int, int]] = set()

    # --- helpers -------------------------------------------------------------
    def node(self, slug: str) -> Any:
        return self.t.ox.NamedNode(self.t.cgr + "syn-" + slug)

    def add(self, s: Any, p: Any, o: Any) -> None:
        self.triples.append(self.t.ox.Triple(s, p, o))

    def lit(self, text: str, lang: str | None = None, datatype: Any = None) -> Any:
        if lang:
            return self.t.ox.Literal(text, language=lang)
        return self.t.ox.Literal(text, datatype=datatype) if datatype else self.t.ox.Literal(text)

    def labels(self, s: Any, en: str, ko: str) -> None:
        self.add(s, self.t.label, self.lit(en, "en"))
        self.add(s, self.t.label, self.lit(ko, "ko"))

    def record(self, s: Any, cls: str) -> None:
        """A new record of class ``cls`` citing the current source article."""
        if self.article is None or self.records % RECORDS_PER_ARTICLE == 0:
            self.new_article()
        self.records += 1
        self.add(s, self.t.type, self.t.cg(cls))
        self.add(s, self.t.derived, self.article)

    def new_article(self) -> None:
        n = self.n_articles = self.n_articles + 1
        art = self.article = self.node(f"article-{n:06d}")
        self.add(art, self.t.type, self.t.cg("Article"))
        self.labels(art, f"Synthetic news report {n}", f"합성 기사 {n}")
        self.add(art, self.t.title, self.lit(f"기후협력 소식 {n}", "ko"))
        self.add(art, self.t.issued, self.lit(self.day(), datatype=self.t.date))
        self.add(art, self.t.publisher, self.lit(self.rng.choice(PUBLISHERS), "ko"))
        self.add(art, self.t.language, self.lit("ko"))
        self.add(art, self.t.identifier, self.lit(f"syn-{n:06d}.txt"))

    def name(self, index: int) -> tuple[str, str]:
        """A unique Korean-looking name (Korean, romanised) for ``index``."""
        ko, en = [], []
        k = len(SYLLABLES)
        index += k  # at least two syllables
        while index:
            index, digit = divmod(index, k)
            ko.append(SYLLABLES[digit][0])
            en.append(SYLLABLES[digit][1])
        return "".join(ko), "".join(en).capitalize()

    def day(self, first: int = 2015, last: int = 2025) -> str:
        rng = self.rng
        return f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def actor(self) -> Any:
        """An organisation taking part: mostly local governments, Zipf-weighted."""
        if self.rng.random() < 0.25:
            return self.rng.choice(self.bodies)
        return self.rng.choices(self.lgs, cum_weights=self.lg_weights)[0]

    # --- the fixed part ------------------------------------------------------
    def build(self) -> None:
        self.countries()
        self.roles()
        self.local_governments(max(2, self.target // 100))
        self.organisations()
        makers = [self.event, self.partner_relation, self.agreement, self.person]
        weights = [12, 55, 10, 23]
        while len(self.triples) < self.target:
            self.rng.choices(makers, cum_weights=_cumulative(weights))[0]()
        self.adopt_orphans()

    def adopt_orphans(self) -> None:
        """Give every actor no fact uses yet one fact, as the shapes require: a
        partner relation for a local government, a post for a body."""
        used = {triple.object for triple in self.triples}
        for index, lg in enumerate(self.lgs):
            if lg not in used and len(self.lgs) > 1:
                self.partner_relation(first=index)
        for body in self.bodies:
            if body not in used:
                self.person(org=body)

    def countries(self) -> None:
        self.country_nodes = []
        for a2, a3, en, ko, _, _ in COUNTRIES:
            c = self.node(f"country-{a2.lower()}")
            self.country_nodes.append(c)
            self.record(c, "Country")
            self.labels(c, en, ko)
            self.add(c, self.t.cg("hasNameBasis"), self.t.cg("EstablishedEnglishName"))
            self.add(c, self.t.cg("iso3166Alpha2"), self.lit(a2))
            self.add(c, self.t.cg("iso3166Alpha3"), self.lit(a3))

    def roles(self) -> None:
        self.role_nodes = []
        for slug, en, ko in POST_ROLES:
            r = self.node(f"role-{slug}")
            self.role_nodes.append(r)
            self.add(r, self.t.type, self.t.cg("Role"))
            self.labels(r, en, ko)

    def local_governments(self, count: int) -> None:
        rng, t = self.rng, self.t
        cum = _cumulative(COUNTRY_WEIGHTS)
        level_cum = _cumulative([w for *_, w in LEVELS])
        self.lg_country: list[int] = []
        for i in range(count):
            ci = rng.choices(range(len(COUNTRIES)), cum_weights=cum)[0]
            level, en_suffix, ko_suffix, _ = rng.choices(LEVELS, cum_weights=level_cum)[0]
            ko, en = self.name(i)
            lg = self.node(f"lg-{i:06d}")
            self.lgs.append(lg)
            self.lg_country.append(ci)
            self.record(lg, "LocalGovernment")
            self.labels(lg, f"{en} {en_suffix}", f"{ko}{ko_suffix}")
            self.add(lg, t.alt, self.lit(en, "en"))
            self.add(lg, t.cg("inCountry"), self.country_nodes[ci])
            self.add(lg, t.cg("adminLevel"), t.cg(level))
            self.add(lg, t.cg("hasNameBasis"), t.cg("RevisedRomanization"))
            lat = min(89.0, max(-89.0, COUNTRIES[ci][4] + rng.gauss(0, 2.5)))
            lon = (COUNTRIES[ci][5] + rng.gauss(0, 3.5) + 180) % 360 - 180
            self.add(lg, t.lat, self.lit(_decimal(lat), datatype=t.decimal))
            self.add(lg, t.long, self.lit(_decimal(lon), datatype=t.decimal))
        # a heavy-tailed activity: a few cities host and attend most events
        order = list(range(count))
        rng.shuffle(order)
        weights = [0.0] * count
        for rank, index in enumerate(order):
            weights[index] = 1.0 / (rank + 1) ** 0.8
        self.lg_weights = _cumulative(weights)

    def organisations(self) -> None:
        """Every country's environment ministry, plus international bodies."""
        t = self.t
        for ci, c in enumerate(self.country_nodes):
            body = self.node(f"ministry-{COUNTRIES[ci][0].lower()}")
            self.bodies.append(body)
            self.record(body, "NationalGovernmentBody")
            self.labels(body, f"Ministry of Environment of {COUNTRIES[ci][2]}",
                        f"{COUNTRIES[ci][3]} 환경부")
            self.add(body, t.cg("inCountry"), c)
        for i in range(max(4, self.target // 20000)):
            cls, en, ko = INTL_KINDS[i % len(INTL_KINDS)]
            ko_name, en_name = self.name(1000 + i)
            body = self.node(f"intl-{i:04d}")
            self.bodies.append(body)
            self.record(body, cls)
            if cls == "CityNetwork":  # a city network is international only when typed so
                self.add(body, t.type, t.cg("InternationalOrganisation"))
            self.labels(body, f"{en_name} {en}", f"{ko_name} {ko}")
            self.add(body, t.cg("acronym"), self.lit(f"S{i:04d}"))
            for c in self.rng.sample(self.country_nodes, 3):
                self.add(body, t.cg("memberCountry"), c)

    # --- records -------------------------------------------------------------
    def participation(self, event: Any, agent: Any, role: str, on_behalf: Any = None) -> None:
        self.records_part = getattr(self, "records_part", 0) + 1
        p = self.node(f"part-{self.records_part:07d}")
        self.record(p, "Participation")
        self.add(p, self.t.cg("agent"), agent)
        self.add(p, self.t.cg("atEvent"), event)
        self.add(p, self.t.cg("inRole"), self.t.cg(role))
        if on_behalf is not None:
            self.add(p, self.t.cg("onBehalfOf"), on_behalf)

    def event(self) -> None:
        rng, t = self.rng, self.t
        self.n_events += 1
        n = self.n_events
        cls, en, ko = rng.choice(EVENT_KINDS)
        theme_en, theme_ko, topic = rng.choice(THEMES)
        ev = self.node(f"event-{n:06d}")
        self.events.append(ev)
        self.record(ev, cls)
        hosts = _distinct(rng, self.actor, rng.randint(2, 6))
        host_lg = next((h for h in hosts if h in self._lg_set()), rng.choice(self.lgs))
        self.labels(ev, f"{theme_en} {en} No. {n}", f"제{n}회 {theme_ko} {ko}")
        day = self.day()
        self.add(ev, t.cg("startDate"), self.lit(day, datatype=t.date))
        self.add(ev, t.cg("endDate"), self.lit(day, datatype=t.date))
        self.add(ev, t.cg("inCity"), host_lg)
        self.add(ev, t.cg("mode"), t.cg(rng.choice(["InPerson", "Online", "Hybrid"])))
        self.add(ev, t.cg("theme"), self.lit(theme_ko, "ko"))
        self.add(ev, t.cg("topic"), t.topic(topic))
        self.add(ev, t.cg("attendance"), self.lit(str(rng.randint(30, 800)), datatype=t.integer))
        for k, host in enumerate(hosts):
            self.participation(ev, host, "HostRole" if k == 0 else "CoHostRole")
        taken = set(hosts)
        for agent in _distinct(rng, self.actor, rng.randint(5, 30), taken):
            self.participation(ev, agent, "ParticipantRole")
        self.at_parent: set[Any] = set()
        for s in range(1, rng.randint(1, 4) + 1):
            self.session(ev, n, s, day, topic)

    def session(self, parent: Any, n: int, s: int, day: str, topic: str) -> None:
        rng, t = self.rng, self.t
        sess = self.node(f"event-{n:06d}-session-{s}")
        self.record(sess, "Session")
        self.labels(sess, f"Session {s}", f"세션 {s}")
        self.add(sess, t.cg("partOf"), parent)
        self.add(sess, t.cg("sequenceNumber"), self.lit(str(s), datatype=t.integer))
        self.add(sess, t.cg("startDate"), self.lit(day, datatype=t.date))
        for prop, hour in (("startTime", 8 + 2 * s), ("endTime", 9 + 2 * s)):
            self.add(sess, t.cg(prop),
                     self.lit(f"{day}T{hour:02d}:30:00+09:00", datatype=t.datetime))
        self.add(sess, t.cg("topic"), t.topic(topic))
        if self.people:
            for person, org in rng.sample(self.people, min(len(self.people), rng.randint(1, 3))):
                role = rng.choice(["PresenterRole", "SpeakerRole"])
                self.participation(sess, person, role, on_behalf=org)
                if person not in self.at_parent:  # a session's speaker attends the event
                    self.at_parent.add(person)
                    self.participation(parent, person, "ParticipantRole", on_behalf=org)

    def partner_relation(self, first: int | None = None) -> None:
        """A partner relation between two local governments (``first`` one of them,
        if given), endpoints drawn by preferential attachment."""
        rng, t = self.rng, self.t
        count = len(self.lgs)
        for _ in range(20):
            a = first if first is not None else (
                rng.choice(self.endpoints) if self.endpoints and rng.random() < 0.5
                else rng.randrange(count))
            b = rng.choice(self.endpoints) if self.endpoints and rng.random() < 0.8 else (
                rng.randrange(count))
            pair = (min(a, b), max(a, b))
            if a != b and pair not in self.pairs:
                break
        else:
            return
        self.pairs.add(pair)
        self.endpoints += [a, b]
        rel = self.node(f"partner-{pair[0]:06d}-{pair[1]:06d}")
        self.record(rel, "PartnerRelation")
        one, other = self.lgs[pair[0]], self.lgs[pair[1]]
        self.labels(rel, f"Partner cities {pair[0]}–{pair[1]}", f"결연도시 {pair[0]}–{pair[1]}")
        self.add(rel, t.cg("partner"), one)
        self.add(rel, t.cg("partner"), other)
        kind = rng.choice(["SisterCity", "FriendshipCity", "MutualPartnership"])
        self.add(rel, t.cg("relationKind"), t.cg(kind))
        self.add(rel, t.cg("since"), self.lit(str(rng.randint(1965, 2025)), datatype=t.year))
        self.add(one, t.cg("partnerOf"), other)

    def agreement(self) -> None:
        rng, t = self.rng, self.t
        self.n_agreements = getattr(self, "n_agreements", 0) + 1
        n = self.n_agreements
        ag = self.node(f"agreement-{n:06d}")
        cls = rng.choice(["MemorandumOfUnderstanding", "MemorandumOfAgreement"])
        self.record(ag, cls)
        theme_en, theme_ko, _ = rng.choice(THEMES)
        self.labels(ag, f"{theme_en} agreement {n}", f"{theme_ko} 협약 {n}")
        for party in _distinct(rng, self.actor, rng.randint(2, 4)):
            self.add(ag, t.cg("party"), party)
        self.add(ag, t.cg("signedOn"), self.lit(self.day(), datatype=t.date))
        if self.events and rng.random() < 0.3:
            self.add(ag, t.cg("relatedEvent"), rng.choice(self.events))

    def person(self, org: Any = None) -> None:
        """A person holding a post in ``org`` (drawn by :meth:`actor` if not given)."""
        rng, t = self.rng, self.t
        n = len(self.people) + 1
        family_ko, family_en = rng.choice(FAMILY)
        given_ko, given_en = self.name(rng.randrange(576, 13824))
        person = self.node(f"person-{n:06d}")
        self.record(person, "Person")
        self.labels(person, f"{family_en} {given_en}", f"{family_ko}{given_ko}")
        org = org if org is not None else self.actor()
        post = self.node(f"post-{n:06d}")
        self.record(post, "Post")
        self.add(post, t.held_by, person)
        self.add(post, t.post_in, org)
        self.add(post, t.org_role, rng.choice(self.role_nodes))
        self.add(post, t.cg("asOf"), self.lit(self.day(), datatype=t.date))
        self.people.append((person, org))

    def _lg_set(self) -> set[Any]:
        if len(getattr(self, "_lgs", ())) != len(self.lgs):
            self._lgs = set(self.lgs)
        return self._lgs


def _decimal(value: float) -> str:
    """Four decimals in xsd:decimal's canonical form (as Oxigraph stores it), so a
    graph round-trips byte for byte through either store.

    >>> _decimal(48.0), _decimal(47.62), _decimal(-0.00001), _decimal(-3.14159)
    ('48', '47.62', '0', '-3.1416')
    """
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _distinct(rng: random.Random, draw: Any, k: int, exclude: set[Any] | None = None) -> list[Any]:
    """``k`` distinct draws (fewer if the pool runs dry), in draw order."""
    seen = set(exclude or ())
    out: list[Any] = []
    for _ in range(k * 4):
        item = draw()
        if item not in seen:
            seen.add(item)
            out.append(item)
            if len(out) == k:
                break
    return out
