"""Each shape catches its own kind of broken fact, at the right node; a good graph passes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from rdflib import RDFS, Literal

from climategraph.cli import cli
from climategraph.errors import ParameterError
from climategraph.namespaces import CG, CGR
from climategraph.shacl.engine import validate
from climategraph.shacl.report import Report
from climategraph.store.backend import to_memory
from climategraph.store.load import load_files, load_graph

GEO_LAT = "http://www.w3.org/2003/01/geo/wgs84_pos#lat"
GOOD = FIXTURES / "shapes" / "good.ttl"
PREFIXES = """
PREFIX cg: <https://w3id.org/climategraph/ontology#>
PREFIX cgr: <https://w3id.org/climategraph/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def good():
    return to_memory(load_graph([GOOD]))


def _broken(good, update: str) -> Report:
    """pySHACL's report on the good graph changed by ``update``; the fast engine's
    report on the same graph (copied into Oxigraph) must be identical."""
    graph = to_memory(load_graph([GOOD]))
    graph.update(PREFIXES + update)
    assert set(graph) != set(good), "the update changed nothing"
    report = validate(graph)  # a memory graph: "auto" is pySHACL
    assert validate(graph, engine="fast").findings == report.findings
    return report


def test_good_graph_conforms(good):
    report = validate(good)
    assert report.passes
    assert report.count("Violation") == 0


# (case, SPARQL update, focus slug, path or "" for SPARQL constraints, severity)
CASES = [
    ("entity-english-label", 'DELETE DATA { cgr:t-alpha rdfs:label "Alpha"@en }',
     "t-alpha", "rdfs:label", "Violation"),
    ("entity-korean-label", 'DELETE DATA { cgr:t-body rdfs:label "기구"@ko }',
     "t-body", "rdfs:label", "Violation"),
    ("event-start-date", 'DELETE DATA { cgr:t-forum cg:startDate "2021-11-23"^^xsd:date }',
     "t-forum", "", "Violation"),
    ("event-end-before-start",
     'DELETE DATA { cgr:t-forum cg:endDate "2021-11-24"^^xsd:date } ;'
     ' INSERT DATA { cgr:t-forum cg:endDate "2021-11-01"^^xsd:date }',
     "t-forum", "", "Violation"),
    ("event-date-datatype",
     'DELETE DATA { cgr:t-forum cg:startDate "2021-11-23"^^xsd:date } ;'
     ' INSERT DATA { cgr:t-forum cg:startDate "23 Nov 2021" }',
     "t-forum", "cg:startDate", "Violation"),
    ("event-host", "DELETE WHERE { cgr:t-part-host ?p ?o }", "t-forum", "", "Violation"),
    ("event-location", "DELETE DATA { cgr:t-forum cg:atVenue cgr:t-hall }",
     "t-forum", "", "Violation"),
    ("attendance-negative",
     "DELETE DATA { cgr:t-forum cg:attendance 50 } ; INSERT DATA { cgr:t-forum cg:attendance -5 }",
     "t-forum", "cg:attendance", "Violation"),
    ("participation-role", "DELETE DATA { cgr:t-part-beta cg:inRole cg:ParticipantRole }",
     "t-part-beta", "cg:inRole", "Violation"),
    ("participation-source",
     "DELETE DATA { cgr:t-part-beta prov:wasDerivedFrom cgr:t-article }",
     "t-part-beta", "prov:wasDerivedFrom", "Violation"),
    ("session-presenter-in-parent", "DELETE WHERE { cgr:t-part-beta ?p ?o }",
     "t-part-beta-session", "", "Violation"),
    ("partner-two-partners", "DELETE DATA { cgr:t-partner cg:partner cgr:t-beta }",
     "t-partner", "cg:partner", "Violation"),
    ("partner-kind", "DELETE DATA { cgr:t-partner cg:relationKind cg:SisterCity }",
     "t-partner", "cg:relationKind", "Violation"),
    ("partner-shortcut-missing", "DELETE DATA { cgr:t-alpha cg:partnerOf cgr:t-beta }",
     "t-partner", "", "Violation"),
    ("partner-shortcut-unbacked", "INSERT DATA { cgr:t-alpha cg:partnerOf cgr:t-body }",
     "t-alpha", "", "Violation"),
    ("agreement-date", 'DELETE DATA { cgr:t-moa cg:signedOn "2021-11-12"^^xsd:date }',
     "t-moa", "cg:signedOn", "Violation"),
    ("agreement-source", "DELETE DATA { cgr:t-moa prov:wasDerivedFrom cgr:t-article }",
     "t-moa", "prov:wasDerivedFrom", "Violation"),
    ("post-organisation", "DELETE DATA { cgr:t-post org:postIn cgr:t-alpha }",
     "t-post", "org:postIn", "Violation"),
    ("milestone-date", 'DELETE DATA { cgr:t-milestone cg:date "2020-05"^^xsd:gYearMonth }',
     "t-milestone", "cg:date", "Violation"),
    ("local-government-country", "DELETE DATA { cgr:t-beta cg:inCountry cgr:t-korea }",
     "t-beta", "cg:inCountry", "Violation"),
    ("country-class", "INSERT DATA { cgr:t-beta cg:inCountry cgr:t-body }",
     "t-beta", "cg:inCountry", "Violation"),
    ("admin-level-missing-is-a-warning", "DELETE DATA { cgr:t-beta cg:adminLevel cg:County }",
     "t-beta", "cg:adminLevel", "Warning"),
    ("latitude-range",
     'DELETE DATA { cgr:t-alpha geo:lat "37.5"^^xsd:decimal } ;'
     ' INSERT DATA { cgr:t-alpha geo:lat "137.5"^^xsd:decimal }',
     "t-alpha", "geo:lat", "Violation"),
    ("article-issued-missing-is-a-warning",
     'DELETE DATA { cgr:t-article dct:issued "2021-11-30"^^xsd:date }',
     "t-article", "dct:issued", "Warning"),
]


@pytest.mark.parametrize(
    ("update", "focus", "path", "severity"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_shape_catches_the_broken_fact(good, update, focus, path, severity):
    update = update.replace("geo:lat", f"<{GEO_LAT}>")
    report = _broken(good, update)
    hits = [f for f in report.findings if f.focus == str(CGR[focus]) and f.severity == severity]
    if path:
        hits = [f for f in hits if f.path in (path, GEO_LAT if path == "geo:lat" else path)]
    assert hits, [(f.severity, f.focus, f.path, f.message) for f in report.findings]
    assert all(h.message for h in hits), "every finding carries a message"
    assert report.passes == (severity != "Violation")


def test_ill_typed_literal_is_a_violation_in_both_engines(good):
    report = _broken(good, 'DELETE DATA { cgr:t-forum cg:startDate "2021-11-23"^^xsd:date } ;'
                           ' INSERT DATA { cgr:t-forum cg:startDate "2021-02-30"^^xsd:date }')
    hits = [f for f in report.findings if f.message == "'2021-02-30' is not a valid xsd:date value"]
    assert [(h.focus, h.path, h.value, h.shape) for h in hits] == [
        (str(CGR["t-forum"]), "cg:startDate", "2021-02-30", "")]
    # left out before the shapes run: the event then has no start date (its own finding)
    assert any(f.focus == str(CGR["t-forum"]) and f.shape.endswith("EventDatesShape")
               for f in report.findings), report.findings
    assert not report.passes


def test_engine_auto_is_fast_on_oxigraph_and_pyshacl_on_memory(monkeypatch, good):
    from climategraph.shacl import sparql_engine

    calls = []
    real = sparql_engine.validate
    monkeypatch.setattr(sparql_engine, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert validate(load_graph([GOOD])).passes and calls == [1]
    assert validate(good).passes and calls == [1]
    assert validate(good, engine="fast").passes and calls == [1, 1]
    with pytest.raises(ParameterError):
        validate(good, engine="turbo")


def test_engine_auto_falls_back_to_pyshacl_on_an_unsupported_shape(tmp_path):
    shapes = tmp_path / "closed.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:closed true ; sh:message \"closed\" .\n"
    )
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <http://example.org/> . ex:a ex:p ex:b .\n")
    report = validate(load_graph([data], ontology=False), load_files([shapes], store="memory"))
    assert [(f.focus, f.message, f.value) for f in report.findings] == [
        ("http://example.org/a", "closed", "http://example.org/b")]


def test_cli_engine_option(tmp_path):
    for engine in ("auto", "fast", "pyshacl"):
        result = CliRunner().invoke(cli, ["validate", str(GOOD), "--engine", engine,
                                          "--format", "json"])
        assert result.exit_code == 0, result.output


def test_report_groups_by_focus_with_labels(good):
    report = _broken(good, 'DELETE DATA { cgr:t-alpha rdfs:label "알파"@ko }')
    groups = report.by_focus()
    assert list(groups) == [str(CGR["t-alpha"])] + [k for k in groups if k != str(CGR["t-alpha"])]
    assert groups[str(CGR["t-alpha"])][0].focus_label == "Alpha"
    data = report.as_dict()
    assert data["conforms"] is False and data["passes"] is False and data["violations"] >= 1


# --- the acceptance check, on a copy of the built graph ----------------------

def test_removing_a_city_label_and_event_dates_fails_with_readable_report(tmp_path):
    runner = CliRunner()
    built = tmp_path / "built.ttl"
    assert runner.invoke(cli, ["build", "--out", str(built)]).exit_code == 0
    graph = to_memory(load_graph([built], ontology=False))
    graph.remove((CGR["gwangmyeong"], RDFS.label, Literal("광명시", lang="ko")))
    for date in list(graph.objects(CGR["forum-low-carbon-cities-2021"], CG.startDate)):
        graph.remove((CGR["forum-low-carbon-cities-2021"], CG.startDate, date))
    broken = tmp_path / "broken.ttl"
    broken.write_text(graph.serialize(format="turtle"), encoding="utf-8")

    result = runner.invoke(cli, ["validate", str(broken)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("does not conform")
    assert f"<{CGR['gwangmyeong']}>" in result.output
    assert f"<{CGR['forum-low-carbon-cities-2021']}>" in result.output
    assert "cg:startDate" in result.output and "rdfs:label" in result.output
