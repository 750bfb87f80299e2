"""Class 7: every error is one line a user can act on: at most 300 characters,
control and invisible characters escaped, credentials hidden, never a file's content,
never a traceback. Cases are generated: long values, every control character,
invisible characters, and the places a value is echoed (parameters, options, paths).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import assert_one_line, assert_refused, run

from climategraph.cli import cli
from climategraph.cli.failures import message_line

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"
ROOT = Path(__file__).resolve().parents[2]

HIDDEN = [chr(c) for c in (*range(1, 32), 127, *range(0x80, 0xA0))] + [
    "\u200b", "\u200f", "\u202e", "\u2066", "\ufeff", "\u2028", "\u2029"]


def _values() -> list[str]:
    """Parameter values a user (or a script gone wrong) might pass."""
    rng = random.Random(14)
    values = ["x" * 120_000, "인천" * 5_000, "a" * 301, "", " ", "=", "'", '"', "\\"]
    values += [f"city{ch}name" for ch in HIDDEN]
    values += ["".join(rng.choice(HIDDEN + list("abc인")) for _ in range(rng.randint(1, 400)))
               for _ in range(20)]
    return values


VALUES = _values()


def _refused(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, (result.exit_code, result.output[-300:])
    line = assert_one_line(result.stderr)
    assert line.startswith("Error: ")
    return line


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_parameter_values_are_echoed_short_and_escaped(value):
    _refused(["query", "sister-cities", "--data", str(MINI), "--param", f"city={value}"])


@pytest.mark.parametrize("value", VALUES[:12], ids=range(12))
def test_option_values_are_echoed_short_and_escaped(value):
    _refused(["query", "sister-cities", "--format", value or "-"])
    _refused(["analyze", "--data", str(MINI), "--network", value or "-"])


@pytest.mark.parametrize("exclude", ["", "a", "in", "e", "an"])
def test_an_ambiguous_exclude_is_one_bounded_line(exclude):
    line = _refused(["analyze", "--exclude", exclude])
    assert len(line) <= 300


@pytest.mark.parametrize("name", ["x" * 5000, "q\x00\x1b[2J", "\ufeffsister-cities", "인" * 400])
def test_unknown_query_names_are_one_line(name):
    _refused(["query", name])


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e30", "NaN", "0", "-0", "x" * 1000])
def test_timeouts_are_refused_clearly(value):
    line = _refused(["stats", "--endpoint", "http://127.0.0.1:9/query", "--timeout", value])
    assert "--timeout" in line


def test_unknown_options_and_commands_are_one_line():
    _refused(["quer"])
    _refused(["query", "--no-such-option"])
    _refused(["query"])


def test_a_path_echoed_in_an_error_is_escaped_and_bounded(tmp_path):
    missing = tmp_path / ("\x1b[31m" + "d" * 200) / ("\u202e" + "f" * 200 + ".ttl")
    _refused(["validate", "--data", str(missing)])


def test_a_syntax_error_does_not_echo_the_file(tmp_path):
    secret = "TOKEN=hunter2-" + "s" * 50
    file = tmp_path / "leak.ttl"
    file.write_text(f"<http://x/s> <http://x/p> {secret}\n")
    line = assert_refused(run(["validate", "--data", str(file)]), "leak.ttl:1")
    assert "hunter2" not in line


def test_message_line_is_bounded_and_keeps_the_hint():
    text = "start " + "x" * 10_000 + " (set CLIMATEGRAPH_X to raise it)"
    line = message_line(text)
    assert len("Error: " + line) <= 300 and line.endswith("(set CLIMATEGRAPH_X to raise it)")
    assert message_line("http://ann:pw@h/q failed") == "http://***@h/q failed"


@pytest.mark.parametrize("char", HIDDEN)
def test_message_line_escapes_every_hidden_character(char):
    line = message_line(f"file{char}name: bad")
    assert_one_line("Error: " + line)
