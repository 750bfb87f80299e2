"""Shared fixtures: the project's folders, the shared corpus, the shipped graph."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
TURTLE_SUITE = SHARED / "conformance" / "rdf11-turtle"
SHACL_SUITE = SHARED / "conformance" / "shacl"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared corpus beside the checkout; CI always has it, so its absence fails."""
    assert SHARED.is_dir(), f"{SHARED} is missing: clone the project beside shared/"
    return SHARED


@pytest.fixture(scope="session")
def shipped_graph():
    """The ontology and the shipped data, loaded once for the session."""
    from climategraph.graph import load_graph

    return load_graph()


@pytest.fixture(scope="session")
def shipped_report(shipped_graph):
    """The validation report of the shipped graph."""
    from climategraph.validate import validate

    return validate(shipped_graph)
