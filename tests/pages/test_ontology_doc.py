"""The ontology's documentation page: every class, property and topic with
English and Korean labels and definitions and the alignments, offline, read in
headless Chromium (Debian's, through Playwright)."""

from __future__ import annotations

from rdflib import OWL, RDF, Graph, URIRef
from rdflib.namespace import SKOS

from climategraph import pipeline
from climategraph.pages.ontology_doc import CG, ontology_page, write_ontology_page


def terms(graph: Graph, *types: URIRef) -> list[URIRef]:
    return sorted({s for t in types for s in graph.subjects(RDF.type, t)
                   if str(s).startswith(CG)})


def test_the_page_lists_every_term_in_both_languages(ontology):
    html = ontology_page(ontology)
    classes = terms(ontology, OWL.Class)
    properties = terms(ontology, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert len(classes) > 30 and len(properties) > 50
    for term in classes + properties:
        for lang in ("en", "ko"):
            label = next(str(o) for o in ontology.objects(term, URIRef(
                "http://www.w3.org/2000/01/rdf-schema#label")) if o.language == lang)
            assert f">{label}<" in html, (term, lang)
    assert "subproperty of <code>prov:agent</code>" in html
    assert "subproperty of <code>schema:eventAttendanceMode</code>" in html
    assert "Content-Security-Policy" in html and "<script" not in html and "http" not in \
        html.split("<body>")[0].replace('http-equiv', '')


def test_run_writes_the_page(tmp_path, shipped_graph):
    outputs = pipeline._ontology_doc_stage(shipped_graph, tmp_path)
    assert [o.path.name for o in outputs] == ["ontology.html"]
    assert outputs[0].path.read_text(encoding="utf-8") == ontology_page()


def test_the_page_in_chromium(browser, ontology, tmp_path):
    path = write_ontology_page(tmp_path / "ontology.html", ontology)
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    classes = terms(ontology, OWL.Class)
    properties = terms(ontology, OWL.ObjectProperty, OWL.DatatypeProperty)
    topics = {s for s in ontology.subjects(RDF.type, SKOS.Concept)}
    assert page.locator("table.classes tr[id]").count() == len(classes)
    assert page.locator("table.properties tr[id]").count() == len(properties)
    assert page.locator("table.topics tr[id]").count() == len(topics) > 10
    agent = page.locator("#prop-agent").inner_text()
    assert "행위자" in agent and "prov:agent" in agent
    page.locator("#prop-agent a").first.click()  # links within the page work
    assert page.url.endswith("#prop-agent")
    assert "CC" in page.locator("dl.meta").inner_text() or "creativecommons" in \
        page.locator("dl.meta").inner_text()
    assert page.locator("#class-Country").is_visible()
    assert requests == [path.as_uri()] and errors == []  # offline: nothing else loaded
    page.close()
