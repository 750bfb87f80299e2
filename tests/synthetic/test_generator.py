"""The synthetic generator: valid against the project's shapes, seeded, sized."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from climategraph.cli import cli
from climategraph.synthetic.generator import generate


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A 10^4-triple graph, seed 7."""
    return generate(10_000, 7, tmp_path_factory.mktemp("syn"))


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_size_is_within_ten_percent(small):
    import pyoxigraph as ox

    parsed = sum(1 for _ in ox.parse(path=str(small.path), format=ox.RdfFormat.N_TRIPLES))
    assert parsed == small.triples
    assert 9_000 <= parsed <= 11_000
    assert small.local_governments == 100


def test_same_seed_same_bytes(small, tmp_path):
    again = generate(10_000, 7, tmp_path)
    assert _digest(again.path) == _digest(small.path)


def test_different_seed_different_bytes(small, tmp_path):
    other = generate(10_000, 8, tmp_path)
    assert _digest(other.path) != _digest(small.path)


def test_conforms_to_the_shapes(small):
    from climategraph.shacl.engine import validate
    from climategraph.store.load import load_graph

    report = validate(load_graph([small.path]))
    violations = [f for f in report.findings if f.severity == "Violation"]
    assert report.passes, violations[:5]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_actor_is_used_by_a_fact(seed, tmp_path):
    """The preferential draws leave some cities untouched (seed 1 at 10^4 left some);
    each gets a fact, so the orphan-actor shape passes at every size."""
    import pyoxigraph as ox

    made = generate(10_000, seed, tmp_path)
    triples = list(ox.parse(path=str(made.path), format=ox.RdfFormat.N_TRIPLES))
    cg = "https://w3id.org/climategraph/ontology#"
    actor_classes = {ox.NamedNode(cg + c) for c in (
        "LocalGovernment", "NationalGovernmentBody", "InternationalOrganisation",
        "CityNetwork")}
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    actors = {t.subject for t in triples if t.predicate == rdf_type and t.object in actor_classes}
    used = {t.object for t in triples if t.subject != t.object}
    assert len(actors) > 100
    assert sorted(str(a) for a in actors - used) == []


def test_city_networks_are_organisations_typed_international(small):
    """Ontology 0.2.0: cg:CityNetwork is a cg:Organisation, not by itself international;
    the generator's networks are international, so they carry both types."""
    from climategraph.store.load import load_graph

    g = load_graph([small.path])
    rows = list(g.query(
        """PREFIX cg: <https://w3id.org/climategraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?n (EXISTS { ?n a cg:InternationalOrganisation } AS ?intl)
               (EXISTS { ?n a/rdfs:subClassOf* cg:Organisation } AS ?org)
        WHERE { ?n a cg:CityNetwork }"""
    ))
    assert rows and all(intl.toPython() and org.toPython() for _, intl, org in rows)


def test_shape_of_the_graph(small):
    """Events have 2-6 hosts and 5-30 participating organisations; cities have en/ko labels and
    coordinates; every record cites an article; partner degrees are heavy-tailed."""
    from climategraph.store.load import load_graph

    g = load_graph([small.path], ontology=False)
    rows = g.query(
        """PREFIX cg: <https://w3id.org/climategraph/ontology#>
        SELECT ?e (SUM(IF(?r IN (cg:HostRole, cg:CoHostRole), 1, 0)) AS ?hosts)
                  (SUM(IF(?r = cg:ParticipantRole, 1, 0)) AS ?others)
        WHERE { ?p cg:atEvent ?e ; cg:inRole ?r ; cg:agent ?a .
          FILTER NOT EXISTS { ?e cg:partOf ?x } FILTER NOT EXISTS { ?a a cg:Person } }
        GROUP BY ?e"""
    )
    counts = [(int(h), int(o)) for _, h, o in rows]
    assert counts and all(2 <= h <= 6 and 5 <= o <= 30 for h, o in counts)
    uncited = g.query(
        """PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX cg: <https://w3id.org/climategraph/ontology#>
        SELECT ?s WHERE { ?s a ?c . FILTER(?c NOT IN (cg:Article, cg:Role))
          FILTER NOT EXISTS { ?s prov:wasDerivedFrom/a cg:Article } }"""
    )
    assert not list(uncited)
    lgs = g.query(
        """PREFIX cg: <https://w3id.org/climategraph/ontology#>
        PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(?lg) AS ?n) (COUNT(DISTINCT ?c) AS ?countries) WHERE {
          ?lg a cg:LocalGovernment ; geo:lat ?lat ; geo:long ?long ; cg:inCountry ?c ;
              rdfs:label ?en, ?ko . FILTER(lang(?en) = "en" && lang(?ko) = "ko") }"""
    )
    ((n, countries),) = list(lgs)
    assert int(n) == 100 and int(countries) >= 20
    degrees = g.query(
        """PREFIX cg: <https://w3id.org/climategraph/ontology#>
        SELECT ?lg (COUNT(?r) AS ?d) WHERE { ?r cg:partner ?lg } GROUP BY ?lg
        ORDER BY DESC(?d)"""
    )
    ds = [int(d) for _, d in degrees]
    assert ds[0] >= 5 * sorted(ds)[len(ds) // 2]  # a hub: max degree >> median


def test_cli_generate(tmp_path):
    result = CliRunner().invoke(
        cli, ["generate", "--triples", "2000", "--seed", "3", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "synthetic.nt").is_file()
    assert "synthetic.nt" in result.output


def test_cli_generate_rejects_nonpositive(tmp_path):
    result = CliRunner().invoke(cli, ["generate", "--triples", "0", "--out", str(tmp_path)])
    assert result.exit_code == 2
