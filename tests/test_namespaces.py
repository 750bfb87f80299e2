"""The vocabulary module, the ontology and every file agree on terms and prefixes."""

from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from climategraph.namespaces import BASE, CG, CGR, CGS, CGT
from climategraph.store.project import ontology_files, project_root

DECLARED = {"cg": str(CG._NS), "cgr": str(CGR), "cgt": str(CGT), "cgs": str(CGS)}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path)
    return graph


def _defined(ontology: Graph) -> set[str]:
    ns = str(CG._NS)
    return {
        str(s)[len(ns) :]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(ns) and str(s) != ns
    }


def test_ontology_defines_exactly_the_python_terms(ontology):
    python_terms = set(CG.__annotations__)
    defined = _defined(ontology)
    assert defined - python_terms == set(), "terms in the ontology but not in namespaces.CG"
    assert python_terms - defined == set(), "terms in namespaces.CG but not in the ontology"


def test_typo_fails():
    with pytest.raises(AttributeError):
        _ = CG.hostt


def test_every_term_has_english_and_korean_label_and_comment(ontology):
    missing = []
    for name in sorted(_defined(ontology)):
        term = CG[name]
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            if not {"en", "ko"} <= langs:
                missing.append(f"{name} {prop.n3()} has {sorted(map(str, langs))}")
    assert not missing, missing


def test_symmetric_shortcut(ontology):
    assert (CG.partnerOf, RDF.type, OWL.SymmetricProperty) in ontology


PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+(\w+):\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE)


def _project_rdf_files() -> list:
    root = project_root()
    files = [*root.glob("ontology/*.ttl"), *root.glob("data/*.ttl"), *root.glob("queries/*.rq")]
    return sorted(files)


def test_every_file_declares_the_same_project_prefixes():
    files = _project_rdf_files()
    assert files
    for path in files:
        for prefix, iri in PREFIX.findall(path.read_text(encoding="utf-8")):
            if iri.startswith(BASE):
                assert DECLARED.get(prefix) == iri, f"{path.name}: {prefix}: <{iri}>"
