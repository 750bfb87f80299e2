"""Shared fixtures: the project's folders, the W3C suites the tests carry, the shipped graph."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONFORMANCE = Path(__file__).resolve().parent / "conformance"  # W3C suites, see its README
TURTLE_SUITE = CONFORMANCE / "rdf11-turtle"
SHACL_SUITE = CONFORMANCE / "shacl"
GEXF_SCHEMA = CONFORMANCE / "gexf-1.3" / "gexf.xsd"


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
