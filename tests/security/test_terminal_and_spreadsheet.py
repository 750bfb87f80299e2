"""Class 6: data reaches a terminal as text and a spreadsheet as values, never as code.

Terminal output runs in a real pseudo-terminal: labels carrying ESC sequences, C1
controls and direction overrides come out escaped. CSV meant for spreadsheets gets
the OWASP guard; --exact-csv (or CLIMATEGRAPH_CSV=exact) gives exact W3C CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import HANG_GUARD, raw_controls, run

from climategraph.network import report
from climategraph.text import escape, spreadsheet_cell

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "mini"

#: what a label may try on a terminal: clear, retitle, recolour, hide, reverse, ring
ATTACKS = {
    "clear": "\x1b[2J\x1b[H",
    "title": "\x1b]0;pwned\x07",
    "colour": "\x1b[31mred\x1b[0m",
    "c1-csi": "\x9b31m",
    "reverse": "abc\u202edcba",
    "zero-width": "in\u200bvisible",
    "bom": "\ufeffbom",
    "nul": "a\x00b",
    "carriage-return": "fake\rreal",
    "backspace": "xx\b\b",
    "line-separator": "a\u2028b",
}


def _in_terminal(args: list[str]) -> str:
    """``climategraph ARGS`` with stdout and stderr on a pseudo-terminal; its output."""
    main, child = pty.openpty()
    code = "import sys; from climategraph.cli import cli; sys.argv[0] = 'climategraph'; cli()"
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.DEVNULL,
                               stdout=child, stderr=child, close_fds=True)
    os.close(child)
    out = b""
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif process.poll() is not None:
            break
    process.wait(HANG_GUARD)
    os.close(main)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


def _query(tmp_path: Path, literal: str, *, raw: bool = False) -> Path:
    """A query answering ``literal``: SPARQL string syntax, or (``raw``) any text."""
    text = json.dumps(literal, ensure_ascii=False) if raw else f'"{literal}"'
    file = tmp_path / "evil.rq"
    file.write_text(f"SELECT ?label WHERE {{ VALUES ?label {{ {text} }} }}\n", encoding="utf-8")
    return file


def _shown(tmp_path: Path, literal: str, fmt: str) -> str:
    out = _in_terminal(["query", str(_query(tmp_path, literal, raw=True)), "--format", fmt,
                        "--data", str(MINI)])
    assert "label" in out, out
    assert raw_controls(out.replace("\t", "")) == [], repr(out)
    return out


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_query_table_on_a_terminal_is_escaped(tmp_path, attack):
    _shown(tmp_path, ATTACKS[attack], "table")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "md", "json"])
def test_every_query_format_on_a_terminal_is_escaped(tmp_path, fmt):
    _shown(tmp_path, "".join(ATTACKS.values()), fmt)


def test_validate_on_a_terminal_escapes_labels(tmp_path):
    evil = tmp_path / "evil.ttl"
    evil.write_text(
        "@prefix cg: <https://w3id.org/climategraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/climategraph/id/evil> a cg:LocalGovernment ;\n'
        '    rdfs:label "Evil\\u001b[2J\\u001b]0;pwned\\u0007\\u202e"@en .\n')
    out = _in_terminal(["validate", "--data", str(MINI), "--data", str(evil)])
    assert "Evil\\x1b[2J" in out
    assert raw_controls(out.replace("\t", "")) == [], repr(out)


def test_files_and_pipes_get_the_exact_bytes(tmp_path):
    done = run(["query", str(_query(tmp_path, "a\\tb")), "--format", "tsv", "--data", str(MINI)])
    assert done.returncode == 0, done.stderr
    assert '"a\\tb"' in done.stdout  # TSV's own escaping, not the terminal's


FORMULAS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
            "\tTAB", "\uff1d1+1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_query_csv_guards_formulas_unless_exact(tmp_path, formula):
    file = _query(tmp_path, formula, raw=True)
    guarded = run(["query", str(file), "--format", "csv", "--data", str(MINI)])
    exact = run(["query", str(file), "--format", "csv", "--data", str(MINI), "--exact-csv"])
    by_env = run(["query", str(file), "--format", "csv", "--data", str(MINI)],
                 env={"CLIMATEGRAPH_CSV": "exact"})
    value = formula
    assert list(csv.reader(io.StringIO(guarded.stdout)))[1] == ["'" + value]
    assert list(csv.reader(io.StringIO(exact.stdout)))[1] == [value]
    assert by_env.stdout == exact.stdout


@pytest.mark.parametrize("number", ["-1.5", "+2", "-3e4", "42"])
def test_numbers_are_not_guarded(number):
    assert spreadsheet_cell(number) == number


class _Analysis:
    """Just what nodes_csv reads."""

    def __init__(self, label: str) -> None:
        self.label = label

    def as_dict(self) -> dict:
        node = {c: 0 for c in report.COLUMNS}
        node.update(id="https://w3id.org/climategraph/id/x", label=self.label, label_ko="",
                    kind="LocalGovernment", country="", broker=False, betweenness=-0.5)
        return {"nodes": [node]}


@pytest.mark.parametrize("formula", FORMULAS)
def test_analysis_csv_guards_formulas_unless_exact(formula, monkeypatch):
    value = formula
    rows = list(csv.reader(io.StringIO(report.nodes_csv(_Analysis(value)))))
    at = list(report.COLUMNS).index("label")
    assert rows[1][at] == "'" + value
    assert rows[1][list(report.COLUMNS).index("betweenness")] == "-0.5"
    exact = list(csv.reader(io.StringIO(report.nodes_csv(_Analysis(value), exact=True))))
    assert exact[1][at] == value
    monkeypatch.setenv("CLIMATEGRAPH_CSV", "exact")
    assert list(csv.reader(io.StringIO(report.nodes_csv(_Analysis(value)))))[1][at] == value


@pytest.mark.parametrize("char", [chr(c) for c in [*range(0, 9), *range(11, 32), 127,
                                                   *range(0x80, 0xA0)]]
                         + ["\u200b", "\u200e", "\u202a", "\u202e", "\u2066", "\ufeff",
                            "\u2028", "\u2029", "\U000e0041"])
def test_escape_shows_every_hidden_character(char):
    shown = escape(f"a{char}b", keep="")
    assert raw_controls(shown) == [] and shown.startswith("a\\") and shown.endswith("b")


def test_escape_keeps_korean_and_wide_text():
    assert escape("인천광역시 Incheon ½ é 中文") == "인천광역시 Incheon ½ é 中文"


@pytest.mark.parametrize("args", [
    ["stats"], ["queries"], ["export", "--format", "nt"], ["export", "--format", "jsonld"],
    ["analyze"], ["analyze", "--format", "csv"], ["query", "sister-cities"],
    ["path", "incheon", "seoul"],
], ids=lambda a: "-".join(a))
def test_every_printer_works_on_a_terminal(args):
    out = _in_terminal(args)
    assert "unexpected error" not in out and "Traceback" not in out, out[-500:]
    assert raw_controls(out.replace("\t", "")) == [], repr(out[-300:])
