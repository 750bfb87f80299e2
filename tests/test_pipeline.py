"""The main job: the same files and the same report whether it runs in one process
or two, nothing written but the report when the data does not conform, and a
failure in either lane is reported."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from climategraph import pipeline, processes
from climategraph.cli import cli
from climategraph.errors import ExportError, NotConformingError
from climategraph.network.build import clear_caches


@pytest.fixture(scope="module")
def syn(tmp_path_factory):
    from climategraph.synthetic.generator import generate

    folder = tmp_path_factory.mktemp("syn-10000")
    generate(10_000, 3, folder)
    return folder


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_lanes_write_what_one_writes(syn, tmp_path):
    clear_caches()
    two = pipeline.run(tmp_path / "two", [syn], parallel=True)
    clear_caches()  # the second run computes everything again
    one = pipeline.run(tmp_path / "one", [syn], parallel=False)
    assert [(o.path.name, o.what) for o in two] == [(o.path.name, o.what) for o in one]
    first, second = _files(tmp_path / "two"), _files(tmp_path / "one")
    assert len(first) >= 15 and first == second


def test_a_failure_in_the_second_lane_is_raised(syn, tmp_path, monkeypatch):
    def _queries_stage(graph, out):  # named as the real stage, so it runs in the child
        raise ExportError(f"{out}/queries: no space left on device")

    assert pipeline.stage_name(_queries_stage) in pipeline.SECOND_LANE
    stages = [_queries_stage if s.__name__ == "_queries_stage" else s for s in pipeline.STAGES]
    monkeypatch.setattr(pipeline, "STAGES", stages)
    with pytest.raises(ExportError, match="no space left"):
        pipeline.run(tmp_path, [syn], parallel=True)


def test_a_failure_here_stops_the_child(syn, tmp_path, monkeypatch):
    started = []
    real = processes.Telling

    class Recorded(real):  # type: ignore[misc, valid-type]
        def __init__(self, work):
            super().__init__(work)
            started.append(self._pid)

    def _analysis_stage(graph, out):
        raise ExportError("analysis failed")

    monkeypatch.setattr(processes, "Telling", Recorded)
    stages = [_analysis_stage if s.__name__ == "_analysis_stage" else s
              for s in pipeline.STAGES]
    monkeypatch.setattr(pipeline, "STAGES", stages)
    with pytest.raises(ExportError, match="analysis failed"):
        pipeline.run(tmp_path, [syn], parallel=True)
    assert len(started) == 1
    with pytest.raises(ProcessLookupError):  # stopped and reaped: no process left
        os.kill(started[0], 0)


def test_cli_parallel_and_sequential_print_the_same(syn, tmp_path):
    runner = CliRunner()
    outputs = []
    for flag in ("--parallel", "--sequential"):
        clear_caches()
        result = runner.invoke(cli, ["run", "--data", str(syn), "--out", str(tmp_path / flag),
                                     flag])
        assert result.exit_code == 0, result.output
        outputs.append(result.output.replace(str(tmp_path / flag), "OUT"))
    assert outputs[0] == outputs[1]
    assert "--sequential" in runner.invoke(cli, ["run", "--help"]).output


@pytest.fixture()
def broken(syn, tmp_path):
    """The 10^4 graph and an event whose date is not a date: a violation."""
    extra = tmp_path / "broken.ttl"
    extra.write_text(
        "@prefix cg: <https://w3id.org/climategraph/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/climategraph/id/syn-broken-event> a cg:Event ;\n"
        '    cg:startDate "2021-02-30"^^xsd:date .\n', encoding="utf-8")
    return [syn, extra]


def test_nothing_but_the_report_is_written_when_the_child_finds_violations(
        broken, tmp_path, monkeypatch):
    prepared = []
    real = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare", lambda g: prepared.append(1) or real(g))
    clear_caches()
    with pytest.raises(NotConformingError, match="does not conform"):
        pipeline.run(tmp_path / "out", broken, parallel=True)
    assert prepared == [1]  # the actor network was built meanwhile, and nothing written
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["validation.json"]


def test_a_failure_while_preparing_is_reported_after_the_verdict(syn, broken, tmp_path,
                                                                  monkeypatch):
    def fail(graph):
        raise ExportError("no memory for the actor network")

    monkeypatch.setattr(pipeline, "prepare", fail)
    with pytest.raises(NotConformingError):  # the violations explain more
        pipeline.run(tmp_path / "broken", broken, parallel=True)
    with pytest.raises(ExportError, match="no memory"):  # conforming: the failure itself
        pipeline.run(tmp_path / "syn", [syn], parallel=True)
    assert not (tmp_path / "syn" / "analysis.json").exists()
