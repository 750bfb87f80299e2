"""Class 5: files that are wrong are refused naming the file (exit 2); files that are
right are accepted; one broken saved query does not break the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile import assert_refused, run

from climategraph.sparql import saved

ROOT = Path(__file__).resolve().parents[2]
RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/"'
DESC = '<rdf:Description rdf:about="http://e/x"><e:p>v</e:p></rdf:Description>'

MALFORMED = {
    "two-roots.rdf": f"<rdf:RDF {RDF}>{DESC}</rdf:RDF><rdf:RDF {RDF}/>",
    "unclosed.rdf": f"<rdf:RDF {RDF}>{DESC}",
    "control.rdf": f"<rdf:RDF {RDF}>\x01{DESC}</rdf:RDF>",
    "nul.rdf": f"<rdf:RDF {RDF}>\x00</rdf:RDF>",
    "mismatch.rdf": f"<rdf:RDF {RDF}><e:a></e:b></rdf:RDF>",
    "empty.rdf": "",
    "text.rdf": "hello",
    "latin1.rdf": f'<?xml version="1.0" encoding="nope"?><rdf:RDF {RDF}/>',
    "empty-name.trig": "<> { <http://x/s> <http://x/p> <http://x/o> . }\n",
    "unclosed.trig": "<http://x/g> { <http://x/s> <http://x/p> <http://x/o> .\n",
    "bad.nq": "<http://x/s> <http://x/p> <http://x/o> <http://x/g> <http://x/h> .\n",
    "bad.ttl": "<http://x/s> <http://x/p> .\n",
    "bad.jsonld": '{"@id": ',
    "deep.jsonld": "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_files_are_refused_naming_the_file(tmp_path, name):
    file = tmp_path / name
    file.write_text(MALFORMED[name], encoding="utf-8")
    assert_refused(run(["validate", "--data", str(file)]), name)


def test_named_graphs_of_trig_are_merged_not_dropped(tmp_path):
    file = tmp_path / "graphs.trig"
    file.write_text("<http://x/g> { <http://x/s> <http://x/p> <http://x/o> . }\n"
                    "{ <http://x/s> <http://x/p> <http://x/o2> . }\n")
    done = run(["export", "--data", str(file), "--format", "nt", "--out", "/dev/stdout"])
    assert done.returncode == 0, done.stderr
    assert "<http://x/o> ." in done.stdout and "<http://x/o2> ." in done.stdout


def test_an_rdf_xml_error_never_shows_the_files_content(tmp_path):
    link = tmp_path / "environ.rdf"
    link.symlink_to("/proc/self/environ")
    done = run(["validate", "--data", str(link)], env={"CLIMATEGRAPH_TEST_SECRET": "hunter2"})
    assert_refused(done, "environ.rdf")
    assert "hunter2" not in done.stderr and "PATH=" not in done.stderr


# --- query files ------------------------------------------------------------------------

SELECT = "SELECT ?s WHERE { ?s a ?c } LIMIT 1\n"


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_a_query_with_a_byte_order_mark_runs(tmp_path, store):
    file = tmp_path / "bom.rq"
    file.write_bytes(b"\xef\xbb\xbf# title: BOM\n" + SELECT.encode())
    done = run(["query", str(file), "--store", store, "--format", "json"])
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n", "# title: x\n#\n  \n",
                                  "\ufeff# c\n"])
def test_empty_queries_are_errors_not_updates(tmp_path, text):
    file = tmp_path / "empty.rq"
    file.write_text(text, encoding="utf-8")
    line = assert_refused(run(["query", str(file)]), "empty")
    assert "update" not in line


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
@pytest.mark.parametrize("clause", ["FROM <http://x/g>", "FROM NAMED <http://x/g>",
                                    "from <http://x/a> from named <http://x/b>"])
def test_from_is_refused_clearly_on_both_stores(tmp_path, store, clause):
    file = tmp_path / "from.rq"
    file.write_text(f"SELECT * {clause} WHERE {{ ?s ?p ?o }}\n")
    assert_refused(run(["query", str(file), "--store", store]), "from.rq", "FROM", "--data")


def test_a_syntax_error_names_the_file(tmp_path):
    file = tmp_path / "typo.rq"
    file.write_text("SELECT ?s WHERE { ?s a \n")
    assert_refused(run(["query", str(file)]), "typo.rq", "malformed")


def test_a_fifo_named_rq_is_refused_not_read(tmp_path):
    import os

    fifo = tmp_path / "pipe.rq"
    os.mkfifo(fifo)
    assert_refused(run(["query", str(fifo)]), "pipe.rq", "not a regular file")


@pytest.fixture
def home(tmp_path) -> Path:
    """A project home whose queries/ holds the shipped queries and broken ones."""
    for part in ("ontology", "data"):
        (tmp_path / part).symlink_to(ROOT / part)
    shutil.copytree(ROOT / "queries", tmp_path / "queries")
    (tmp_path / "queries" / "broken-header.rq").write_text("# colour: red\n" + SELECT)
    (tmp_path / "queries" / "broken-bytes.rq").write_bytes(b"\xff\xfe" + SELECT.encode())
    return tmp_path


def test_one_broken_saved_query_does_not_break_the_others(home):
    env = {"CLIMATEGRAPH_HOME": str(home)}
    listing = run(["queries"], env=env)
    assert listing.returncode == 0, listing.stderr
    assert "sister-cities" in listing.stdout and "broken-header" not in listing.stdout
    warnings = listing.stderr.strip().splitlines()
    assert len(warnings) == 2 and all("broken-" in w and len(w) <= 300 for w in warnings)
    ran = run(["query", "sister-cities", "--format", "json"], env=env)
    assert ran.returncode == 0, ran.stderr
    assert_refused(run(["query", "broken-header"], env=env), "broken-header.rq", "colour")
    broken: dict = {}
    assert "sister-cities" in saved.discover(home / "queries", broken=broken)
    assert sorted(broken) == ["broken-bytes", "broken-header"]
