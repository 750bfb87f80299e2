"""The terminal: a closed pipe ends quietly, Ctrl-C exits 130 (serve too),
--quiet/--verbose, progress on stderr, shell completion."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import BashComplete
from click.testing import CliRunner

from climategraph import pipeline
from climategraph.cli import cli
from climategraph.sparql import saved

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"
COMMAND = [sys.executable, "-m", "climategraph.cli"]


@pytest.mark.parametrize(
    "args",
    [["stats"], ["query", "sister-cities", "--format", "csv"], ["export", "--format", "nt"]],
)
def test_closed_pipe_ends_quietly(args):
    """As `climategraph stats | head -0`: the reader is gone before the first write."""
    process = subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(120) == 141, stderr
    assert stderr == ""


def test_head_keeps_the_first_line_and_the_exit_is_quiet():
    shell = f"{' '.join(COMMAND)} stats | head -1; echo \"status=${{PIPESTATUS[0]}}\""
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120)
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"\d+ triples", lines[0]), done.stdout
    assert lines[-1] in ("status=0", "status=141"), done.stdout
    assert "Error" not in done.stderr and "Exception" not in done.stderr, done.stderr


@pytest.mark.slow
def test_serve_ctrl_c_exits_130():
    with subprocess.Popen(
        [*COMMAND, "serve", "--data", str(MINI), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline().decode()
        assert "read-only at http://127.0.0.1:" in line, process.stderr.read().decode()
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 130
        assert process.stderr.read().decode().splitlines()[-1] == "interrupted"


def _stderr_of(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stderr


def test_progress_only_on_a_terminal_or_with_verbose(tmp_path):
    out = str(tmp_path / "g.nt")
    verbose = _stderr_of(["--verbose", "export", "--format", "nt", "--out", out])
    assert re.search(r"^export nt \.\.\.$", verbose, re.M), verbose
    assert re.search(r"^export nt: done in \d+\.\d s$", verbose, re.M), verbose
    normal = _stderr_of(["export", "--format", "nt", "--out", out])
    assert "..." not in normal and normal.startswith(f"wrote {out}")  # not a terminal
    assert _stderr_of(["--quiet", "export", "--format", "nt", "--out", out]) == ""
    assert "validate: done in" in _stderr_of(["-v", "validate"])


def test_run_shows_each_stage(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "STAGES", pipeline.STAGES[:2])  # validation, graph
    stderr = _stderr_of(["--verbose", "run", "--out", str(tmp_path)])
    for name in ("load", "validation", "graph"):
        assert f"{name} ...\n{name}: done in" in stderr, stderr
    assert stderr.rstrip().endswith(f"file(s) written under {tmp_path}/")


def test_quiet_and_verbose_together_is_bad_input():
    result = CliRunner().invoke(cli, ["--quiet", "--verbose", "stats"])
    assert result.exit_code == 2
    assert "--quiet or --verbose" in result.output


def _complete(words: list[str], incomplete: str) -> list[str]:
    complete = BashComplete(cli, {}, "climategraph", "_CLIMATEGRAPH_COMPLETE")
    return [item.value for item in complete.get_completions(words, incomplete)]


def test_completion_of_commands_query_names_and_formats():
    assert "export" in _complete([], "exp") and "query" in _complete([], "q")
    names = _complete(["query"], "sis")
    assert names and names == [n for n in saved.discover() if n.startswith("sis")]
    assert set(_complete(["query"], "")) == set(saved.discover())
    assert "json-ld" in _complete(["export", "--format"], "")
    assert _complete(["query", "x", "--format"], "c") == ["csv"]


def test_completion_script_is_documented():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "_CLIMATEGRAPH_COMPLETE=bash_source climategraph" in readme
    env = {**os.environ, "_CLIMATEGRAPH_COMPLETE": "bash_source"}
    program = Path(sys.executable).with_name("climategraph")  # the installed command
    script = subprocess.run([program], capture_output=True, text=True, env=env, timeout=60)
    assert "complete -o nosort -F _climategraph_completion climategraph" in script.stdout
    words = {"COMP_WORDS": "climategraph query sister", "COMP_CWORD": "2"}
    env = {**os.environ, "_CLIMATEGRAPH_COMPLETE": "bash_complete", **words}
    names = subprocess.run([program], capture_output=True, text=True, env=env, timeout=60)
    assert "plain,sister-cities" in names.stdout.splitlines(), names.stderr


@pytest.mark.parametrize(("args", "status"), [(["--version"], 0),
                                              (["validate", "--data", "/nonexistent.ttl"], 2),
                                              (["query", "no-such-query"], 2)])
def test_the_process_ends_without_finalisation_but_with_its_exit_functions(
        tmp_path, args, status):
    """main() ends with os._exit (no freeing of a large heap), yet the exit
    status, the flushed output and the atexit functions are those of a normal end."""
    marker = tmp_path / "atexit-ran"
    program = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
        "class Tell:\n"
        "    def __del__(self):\n"  # runs only if the heap is freed at the end
        "        sys.stderr.write('finalised\\n')\n"
        "kept = Tell()\n"
        f"sys.argv = ['climategraph', *{args!r}]\n"
        "from climategraph.cli import main\n"
        "main()\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == status, done.stderr
    assert marker.read_text() == "yes" and "finalised" not in done.stderr
    assert (done.stdout if status == 0 else done.stderr).strip()
    if status:
        assert done.stderr.startswith("Error:") and len(done.stderr.splitlines()) == 1
