"""The vocabulary module, the ontology and every file agree on terms and prefixes."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from climategraph.namespaces import BASE, CG, CGR, CGS, CGT
from climategraph.store.project import project_root

DECLARED = {"cg": str(CG._NS), "cgr": str(CGR), "cgt": str(CGT), "cgs": str(CGS)}


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


def test_no_two_current_terms_differ_only_by_case(ontology):
    current = sorted(_defined(ontology) - _deprecated(ontology))
    by_fold: dict[str, list[str]] = {}
    for name in current:
        by_fold.setdefault(name.casefold(), []).append(name)
    assert sorted(names for names in by_fold.values() if len(names) > 1) == []


def _deprecated(ontology: Graph) -> set[str]:
    return {str(s)[len(str(CG._NS)) :] for s in ontology.subjects(OWL.deprecated, Literal(True))}


def _files_that_must_not_use_deprecated_terms() -> dict:
    root = project_root()
    files = [p for p in _project_rdf_files() if p.name != "climategraph.ttl"]
    files += sorted(root.glob("layers/*/*.ttl")) + sorted(root.glob("tests/fixtures/**/*.ttl"))
    files += sorted(root.glob("src/climategraph/**/*.py"))
    return {path: path.read_text(encoding="utf-8") for path in files}


def test_deprecated_terms_are_equivalent_to_current_ones_and_unused(ontology):
    deprecated = _deprecated(ontology)
    assert deprecated == {"country", "event", "role", "venue", "certainty", "city", "nameBasis"}
    texts = _files_that_must_not_use_deprecated_terms()
    for name in sorted(deprecated):
        new = set(ontology.objects(CG[name], OWL.equivalentProperty))
        assert len(new) == 1, name
        replacement = str(next(iter(new)))[len(str(CG._NS)) :]
        assert replacement not in deprecated and replacement.casefold() != name.casefold()
        assert (CG[replacement], RDF.type, OWL.ObjectProperty) in ontology
        used = re.compile(rf"(?<![\w:])cg:{name}(?![A-Za-z0-9_-])"
                          rf"|\bCG\.{name}\b|\bcg\(\"{name}\"\)")
        assert [p.name for p, text in texts.items() if used.search(text)] == [], name


def test_the_ontology_mentions_deprecated_terms_only_where_it_declares_them(ontology):
    deprecated = _deprecated(ontology)
    # ASCII boundaries: Korean particles follow a term directly ("cg:inCountry를")
    mention = re.compile(rf"(?<![\w:])cg:(?:{'|'.join(sorted(deprecated))})(?![A-Za-z0-9_-])")
    wrong = []
    for s, p, o in ontology:
        if str(s).removeprefix(str(CG._NS)) in deprecated:
            continue
        if any(CG[name] in (p, o) for name in deprecated):
            wrong.append(f"{s.n3()} {p.n3()} {o.n3()}")
        if isinstance(o, Literal) and mention.search(str(o)):
            wrong.append(f"{s.n3()} {p.n3()}: {mention.search(str(o))[0]}")
    assert wrong == []


def test_json_ld_keys_map_to_current_terms(ontology):
    deprecated = {CG[name] for name in _deprecated(ontology)}
    context = json.loads((project_root() / "ontology" / "context.jsonld").read_text("utf-8"))
    terms = context["@context"]
    vocab = terms["@vocab"]
    mapped = {}
    for key, value in terms.items():
        if key.startswith("@") or isinstance(value, str):
            continue
        iri = value.get("@id", f"{vocab}{key}")
        mapped[key] = URIRef(iri.replace("cg:", str(CG._NS), 1) if iri.startswith("cg:") else iri)
    assert {key for key, iri in mapped.items() if iri in deprecated} == set()
    # the keys users see stay as they were before the renames
    for key in ("country", "event", "role", "venue", "certainty", "city", "nameBasis"):
        assert mapped[key] not in deprecated and (mapped[key], RDF.type, OWL.ObjectProperty) \
            in ontology, key
