"""Shared fixtures: the project's folders, the W3C suites the tests carry, the shipped graph."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONFORMANCE = Path(__file__).resolve().parent / "conformance"  # W3C suites, see its README
TURTLE_SUITE = CONFORMANCE / "rdf11-turtle"
SHACL_SUITE = CONFORMANCE / "shacl"
#: the GEXF 1.3 XSD with its viz part in the viz namespace (see conformance/README.md)
GEXF_SCHEMA = CONFORMANCE / "gexf-1.3-corrected" / "gexf.xsd"
#: the GEXF 1.3 XSD as published (viz elements in the GEXF namespace)
GEXF_SCHEMA_PUBLISHED = CONFORMANCE / "gexf-1.3" / "gexf.xsd"


@pytest.fixture(scope="session")
def shipped_graph():
    """The ontology and the shipped data, loaded once for the session."""
    from climategraph.store.load import load_graph

    return load_graph()


@pytest.fixture(scope="session")
def shipped_report(shipped_graph):
    """The validation report of the shipped graph."""
    from climategraph.shacl.engine import validate

    return validate(shipped_graph)


def load_script(name: str):
    """A script of ``scripts/`` (not a package) imported as a module, for its functions."""
    import importlib.util

    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browser download never runs
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright; under CI a missing browser fails."""
    import os
    import shutil

    ci = os.environ.get("CI", "").lower() == "true"
    missing = None
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing = f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed (pip install -e '.[test]')"
    if missing:
        if ci:
            pytest.fail(f"CI=true but {missing}")
        pytest.skip(missing)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM,
                              args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def ontology():
    """The ontology and the topic scheme, parsed by rdflib."""
    from rdflib import Graph

    from climategraph.store.project import ontology_files

    graph = Graph()
    for path in ontology_files():
        graph.parse(path)
    return graph
