"""The command line, in-process with click's CliRunner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from climategraph.cli import cli
from conftest import ROOT, TURTLE_SUITE


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example(runner, name):
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"climategraph {name}" in result.output


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"climategraph ([a-z][a-z-]*)", readme))
    missing = set(_commands()) - documented
    assert not missing, f"commands missing from README.md: {sorted(missing)}"


def test_validate_shipped_data_conforms(runner):
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms")


def test_validate_json(runner):
    result = runner.invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["conforms"] is True and data["violations"] == 0


def test_malformed_file_gives_one_line_and_exit_2(runner):
    bad = TURTLE_SUITE / "turtle-syntax-bad-struct-01.ttl"
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert re.match(rf"Error: {re.escape(str(bad))}:\d+:\d+: malformed RDF: ", lines[0]), lines[0]
    assert "Traceback" not in result.output


def test_missing_file_exit_2(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--data", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_build_writes_turtle(runner, tmp_path):
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "@prefix cg: <https://w3id.org/climategraph/ontology#>" in text
    assert "인천" in text


def test_stats_json_counts(runner):
    result = runner.invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["triples"] > 1000
    assert set(data["sources"]) and all(n > 0 for n in data["sources"].values())
    assert data["countries"]["China"] > 0 and data["countries"]["Japan"] > 0


def test_stats_table_in_korean(runner):
    result = runner.invoke(cli, ["stats", "--lang", "ko"])
    assert result.exit_code == 0, result.output
    assert "중국" in result.output
