"""Docs that stay true: the CLI reference is current, links lead somewhere, the guide
keeps its set-up commands, CONTRIBUTING names every part of the package, and every
public function shows a runnable example."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from conftest import ROOT, load_script

import climategraph
from climategraph.cli import cli

DOCS = ("README.md", "CONTRIBUTING.md", "docs/cli.md")


def _script() -> Any:
    return load_script("make_cli_docs")


def test_the_cli_reference_is_current():
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == _script().render(), "docs/cli.md is out of date: run scripts/make_cli_docs.py"


def test_every_command_has_its_section_in_the_cli_reference():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## climategraph ([a-z][a-z-]*)$", text, flags=re.MULTILINE))
    assert headings == set(cli.commands)
    for name in cli.commands:
        assert f"Usage: climategraph {name} " in text, name


@pytest.mark.parametrize("doc", DOCS)
def test_relative_links_lead_to_files(doc):
    path = ROOT / doc
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8"))
    missing = [link for link in links if not (path.parent / link).exists()]
    assert not missing, f"{doc}: links to missing files: {missing}"


def test_the_readme_keeps_the_two_commands_and_points_to_the_reference():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make run ", "make test "):
        assert f"\n{command}" in readme, command
    assert "(docs/cli.md)" in readme


def test_contributing_names_every_subpackage_and_top_level_module():
    """The "Where things live" table and the layers picture cover the whole package."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "climategraph"
    parts = [p.name + "/" for p in package.iterdir() if (p / "__init__.py").is_file()]
    parts += [p.name for p in package.glob("*.py") if p.name != "__init__.py"]
    missing = sorted(p for p in parts if f"`{p}`" not in text)
    assert not missing, f"CONTRIBUTING.md does not say where these live: {missing}"
    layers = text.split("```", 2)[1]
    assert all(p.removesuffix("/").removesuffix(".py") in layers for p in parts
               if p != "__main__.py")


def _public_functions() -> list[str]:
    return [
        name for name in climategraph.__all__
        if inspect.isfunction(getattr(climategraph, name))
    ]


@pytest.mark.parametrize("name", _public_functions())
def test_public_functions_have_numpydoc_docstrings_with_examples(name):
    """The examples run as doctests (``--doctest-modules`` over ``src``)."""
    doc = inspect.getdoc(getattr(climategraph, name)) or ""
    assert ">>> " in doc, f"{name}: no example in its docstring"
    assert doc.splitlines()[0].strip(), f"{name}: the docstring has no summary line"
