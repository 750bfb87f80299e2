"""The example notebook runs, shows what it says, and its stored outputs are current.

It is executed in a fresh kernel in a temporary folder by ``scripts/run_examples.py``'s
:func:`execute` (the script that also stores the outputs)."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest
from conftest import ROOT, load_script

import climategraph as cg

pytestmark = pytest.mark.slow

NOTEBOOK = ROOT / "examples" / "climategraph-tour.ipynb"


def _script() -> Any:
    return load_script("run_examples")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook")
    return _script().execute(NOTEBOOK, folder), folder


def _outputs(notebook: Any, starts: str) -> list[dict[str, Any]]:
    (cell,) = [c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(starts)]
    return cell.outputs


def _plain(notebook: Any, starts: str) -> str:
    return "".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for o in _outputs(notebook, starts)
    )


def test_it_loads_and_validates(executed, shipped_graph, shipped_report):
    notebook, _ = executed
    expected = (len(shipped_graph), True, 0, shipped_report.count("Warning"))
    assert _plain(notebook, "g = cg.load_graph()") == repr(expected)


def test_a_saved_query_by_name_as_a_dataframe(executed, shipped_graph):
    notebook, _ = executed
    (shown,) = _outputs(notebook, "partners = ")
    table = shown["data"]["text/html"]
    names = cg.run_query(shipped_graph, "sister-cities", {"city": "인천"}, lang="ko")
    assert names.rows and all(f"<td>{n}</td>" in table for n in names.column("partnerName"))
    types = _plain(notebook, "timeline.dtypes")
    assert "datetime64" in types and "Int64" in types and "string" in types


def test_the_network_analysis_and_the_path(executed, shipped_graph):
    notebook, _ = executed
    top = cg.analyze(shipped_graph, top=5).nodes
    assert _plain(notebook, "analysis = ").count("('") == 5
    assert all(repr(n["label"]) in _plain(notebook, "analysis = ") for n in top)
    steps = cg.shortest_path(shipped_graph, "Gwangmyeong", "UNESCAP")
    printed = _plain(notebook, "for step in").splitlines()
    assert [line.split(" -> ")[0] for line in printed] == [s.source_label for s in steps]


def test_the_page_shows_inline(executed):
    notebook, folder = executed
    (shown,) = _outputs(notebook, "path, network = ")
    frame = shown["data"]["text/html"]
    assert frame.startswith('<iframe srcdoc="')
    srcdoc = frame.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]
    assert html.unescape(srcdoc) == (folder / "network.html").read_text(encoding="utf-8")


def test_the_export_is_written_where_the_notebook_runs(executed):
    _, folder = executed
    assert (folder / "climategraph.jsonld").read_bytes() == cg.export(fmt="json-ld")
    assert json.loads((folder / "climategraph.jsonld").read_text(encoding="utf-8"))
    assert (folder / "climategraph.ttl").stat().st_size > 0


def test_the_stored_outputs_are_current(executed):
    """The notebook in examples/ shows what running it shows (else run
    scripts/run_examples.py)."""
    import nbformat

    fresh = _script().stored(executed[0])
    kept = nbformat.read(NOTEBOOK, as_version=4)
    assert [c.source for c in kept.cells] == [c.source for c in fresh.cells]
    for old, new in zip(kept.cells, fresh.cells):
        if old.cell_type == "code":
            assert old.outputs, f"not executed: {old.source[:40]!r}"
            assert old.outputs == new.outputs, f"stale output: {old.source[:40]!r}"
