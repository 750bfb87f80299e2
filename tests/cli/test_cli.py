"""The command line, in-process with click's CliRunner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import ROOT, TURTLE_SUITE

from climategraph.cli import cli


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


def test_validate_shipped_data_passes(runner):
    """The shipped data has warnings and no violation: it passes (exit 0) but, as
    SHACL says, does not conform."""
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("does not conform, passes: 0 violation(s)")


def test_validate_json(runner):
    result = runner.invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["passes"] is True and data["violations"] == 0
    assert data["warnings"] > 0 and data["conforms"] is False


def test_conforms_keeps_shacl_meaning():
    """sh:conforms is false on any result; passes only on violations."""
    from climategraph.shacl.report import Finding, Report

    def finding(severity: str) -> Finding:
        return Finding(severity, "https://example.org/x", "x", "rdfs:label", "a message")

    assert Report([]).conforms and Report([]).passes
    for severity in ("Warning", "Info"):
        report = Report([finding(severity)])
        assert not report.conforms and report.passes
        assert report.as_dict()["conforms"] is False and report.as_dict()["passes"] is True
    failing = Report([finding("Warning"), finding("Violation")])
    assert not failing.conforms and not failing.passes


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


# --- exit codes and error handling -------------------------------------------------

BROKEN_DATE = """@prefix cg: <https://w3id.org/climategraph/ontology#> .
@prefix cgr: <https://w3id.org/climategraph/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
cgr:forum-low-carbon-cities-2021 cg:endDate "2021-02-30"^^xsd:date .
"""


@pytest.fixture
def broken_data(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(BROKEN_DATE, encoding="utf-8")
    return ["--data", str(ROOT / "data"), "--data", str(extra)]


def test_ill_typed_literal_is_a_violation_naming_the_node(runner, broken_data):
    result = runner.invoke(cli, ["validate", *broken_data])
    assert result.exit_code == 1, result.output
    assert "'2021-02-30' is not a valid xsd:date value" in result.output
    assert "<https://w3id.org/climategraph/id/forum-low-carbon-cities-2021>" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("lanes", ["--sequential", "--parallel"])
def test_run_on_data_that_does_not_conform_exits_1_and_writes_only_the_report(
    runner, broken_data, tmp_path, lanes
):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["run", "--out", str(out), lanes, *broken_data])
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["validation.json"]


def test_build_refuses_data_that_does_not_conform(runner, broken_data, tmp_path):
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", "--out", str(out), *broken_data])
    assert result.exit_code == 1
    assert not out.exists()
    forced = runner.invoke(cli, ["build", "--out", str(out), "--force", *broken_data])
    assert forced.exit_code == 0 and out.exists()


def test_unexpected_error_is_one_line_exit_2(runner, monkeypatch):
    from climategraph.sparql import stats

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(stats, "compute", boom)
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: unexpected error: RuntimeError: disk on fire (set CLIMATEGRAPH_DEBUG=1 to see "
        "the traceback, and please report it)"
    ]


def test_interrupt_exits_130(runner, monkeypatch):
    from climategraph.sparql import stats

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stats, "compute", interrupted)
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 130
    assert "interrupted" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "graphml", "--include", "inferred"],
        ["export", "--format", "turtle", "--network", "country"],
    ],
)
def test_export_refuses_options_that_would_be_ignored(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "applies to" in result.output
