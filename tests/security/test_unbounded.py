"""Class 4: no input makes unbounded work. XML entity bombs and deep nesting are
refused by a streaming pre-check, every limit names itself and its variable, a query
stops at --timeout, Ctrl-C ends a command with exit 130, sizes are checked first."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from hostile import HANG_GUARD, assert_refused, run

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/"'


def _rdf(dtd: str, body: str) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{dtd}]>\n<rdf:RDF {RDF}>'
            f'<rdf:Description rdf:about="http://e/x"><e:p>{body}</e:p></rdf:Description>'
            "</rdf:RDF>\n")


def _laughs(levels: int) -> str:
    dtd = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels + 1))
    return _rdf(dtd, f"&l{levels};")


BOMBS = {
    **{f"laughs-{n}": _laughs(n) for n in (2, 5, 9)},
    "quadratic": _rdf(f'<!ENTITY a "{"a" * 50000}">', "&a;" * 20000),
    "external-file": _rdf('<!ENTITY x SYSTEM "file:///etc/passwd">', "&x;"),
    "external-http": _rdf('<!ENTITY x SYSTEM "http://127.0.0.1:9/x">', "&x;"),
    "parameter": _rdf('<!ENTITY % p "<!ENTITY x \'y\'>"> %p;', "&x;"),
    "public": _rdf('<!ENTITY x PUBLIC "-//x//" "http://127.0.0.1:9/x">', "&x;"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_entity_bombs_are_refused_before_expansion(tmp_path, name):
    file = tmp_path / f"{name}.rdf"
    file.write_text(BOMBS[name])
    line = assert_refused(run(["validate", "--data", str(file)]), file.name)
    assert "entity" in line.lower() or "malformed" in line


@pytest.mark.parametrize("depth", [300, 10_000, 100_000])
def test_deep_nesting_names_the_limit_and_how_to_raise_it(tmp_path, depth):
    file = tmp_path / "deep.rdf"
    file.write_text(f"<rdf:RDF {RDF}>" + "<e:a>" * depth + "</e:a>" * depth + "</rdf:RDF>")
    assert_refused(run(["validate", "--data", str(file)]), "256 levels",
                   "CLIMATEGRAPH_MAX_XML_DEPTH")


def test_the_nesting_limit_can_be_raised(tmp_path):
    file = tmp_path / "deep.rdf"
    inner = '<rdf:Description rdf:about="http://e/y"><e:q>v</e:q></rdf:Description>'
    nested = "<e:p rdf:parseType=\"Resource\">" * 150 + "<e:v>1</e:v>" + "</e:p>" * 150
    file.write_text(f"<rdf:RDF {RDF}><rdf:Description rdf:about=\"http://e/x\">{nested}"
                    f"</rdf:Description>{inner}</rdf:RDF>")
    assert_refused(run(["export", "--data", str(file), "--format", "nt", "--out", "/dev/null"],
                       env={"CLIMATEGRAPH_MAX_XML_DEPTH": "100"}), "100 levels")
    done = run(["export", "--data", str(file), "--format", "nt", "--out", "/dev/null"],
               env={"CLIMATEGRAPH_MAX_XML_DEPTH": "1000"})
    assert done.returncode == 0, done.stderr


def test_namespace_shortcut_entities_still_load(tmp_path):
    file = tmp_path / "owl.rdf"
    file.write_text(_rdf('<!ENTITY e "http://e/">', "&e;v"))
    done = run(["export", "--data", str(file), "--format", "nt", "--out", "/dev/stdout"])
    assert done.returncode == 0, done.stderr
    assert '"http://e/v"' in done.stdout


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "1.5", "inf"])
def test_a_bad_limit_variable_is_one_line(tmp_path, value):
    file = tmp_path / "a.rdf"
    file.write_text(f"<rdf:RDF {RDF}/>")
    done = run(["validate", "--data", str(file)], env={"CLIMATEGRAPH_MAX_XML_DEPTH": value})
    assert_refused(done, "CLIMATEGRAPH_MAX_XML_DEPTH")


def test_the_file_size_limit(tmp_path):
    file = tmp_path / "big.nt"
    file.write_text("<http://x/s> <http://x/p> <http://x/o> .\n" * 100)
    done = run(["validate", "--data", str(file)], env={"CLIMATEGRAPH_MAX_FILE_BYTES": "1000"})
    assert_refused(done, "big.nt", "CLIMATEGRAPH_MAX_FILE_BYTES")


def test_a_huge_literal_is_loaded_or_refused_in_one_line(tmp_path):
    file = tmp_path / "long.nt"
    file.write_text('<http://x/s> <http://x/p> "' + "a" * 50_000_000 + '" .\n')
    done = run(["export", "--data", str(file), "--format", "nt", "--out", "/dev/null"])
    if done.returncode != 0:
        assert_refused(done, "long.nt")


# --- queries: --timeout interrupts the engine -----------------------------------------

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_a_runaway_query_stops_at_its_timeout(tmp_path, store):
    file = tmp_path / "cross.rq"
    file.write_text(CROSS)
    started = time.monotonic()
    done = run(["query", str(file), "--store", store, "--timeout", "2"])
    assert_refused(done, "did not finish within 2 s", "--timeout")
    assert time.monotonic() - started < HANG_GUARD / 2


def test_ten_thousand_values_rows_stop_at_the_timeout(tmp_path):
    rows = " ".join(f'("{i}")' for i in range(100_000))
    file = tmp_path / "values.rq"
    file.write_text(f"SELECT ?x WHERE {{ VALUES (?x) {{ {rows} }} ?x ?p ?o . ?a ?b ?c }}\n")
    done = run(["query", str(file), "--timeout", "3"])
    assert_refused(done, "within 3 s")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e30", "0", "-1", "abc", ""])
def test_bad_timeouts_are_refused(value):
    assert_refused(run(["query", "sister-cities", "--timeout", value]), "--timeout")


def test_ctrl_c_ends_a_query_with_130(tmp_path):
    file = tmp_path / "cross.rq"
    file.write_text(CROSS)
    command = [sys.executable, "-c",
               "import sys; from climategraph.cli import cli; sys.argv[0]='climategraph'; cli()",
               "query", str(file), "--timeout", "600"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    time.sleep(8)  # loaded and querying
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=HANG_GUARD)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err


@pytest.mark.parametrize("triples", ["1000000000000", "20000001", str(10**30)])
def test_generate_checks_the_size_before_work(tmp_path, triples):
    out = tmp_path / "syn"
    assert_refused(run(["generate", "--triples", triples, "--out", str(out)]), "--triples")
    assert not out.exists()


def _nested(kind: str, depth: int) -> str:
    head = "<http://x/s> <http://x/p> "
    if kind == "blank":
        return head + "[ <http://x/p> " * depth + "1" + " ]" * depth + " .\n"
    if kind == "list":
        return head + "( " * depth + "1" + " )" * depth + " .\n"
    return ('{"@id": "http://x/s", "http://x/p": ' + '{"http://x/p": ' * depth + "1"
            + "}" * depth + "}")


@pytest.mark.parametrize("kind,suffix", [("blank", "ttl"), ("list", "ttl"), ("blank", "trig"),
                                         ("json", "jsonld")])
@pytest.mark.parametrize("depth", [200, 100_000])
def test_deep_turtle_and_jsonld_name_the_limit(tmp_path, kind, suffix, depth):
    file = tmp_path / f"deep.{suffix}"
    file.write_text(_nested(kind, depth))
    assert_refused(run(["export", "--data", str(file), "--format", "nt", "--out", "/dev/null"]),
                   "deep." + suffix, "CLIMATEGRAPH_MAX_NESTING")


def test_brackets_in_strings_comments_and_iris_do_not_count(tmp_path):
    file = tmp_path / "fine.ttl"
    file.write_text("# " + "[" * 500 + "\n<http://x/s> <http://x/p> \"" + "(" * 500
                    + "\" , '''" + "[" * 500 + "''' , <http://x/" + "(" * 200 + "> .\n"
                    + _nested("blank", 50))
    done = run(["export", "--data", str(file), "--format", "nt", "--out", "/dev/null"])
    assert done.returncode == 0, done.stderr
