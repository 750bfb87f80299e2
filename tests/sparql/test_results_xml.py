"""The W3C SPARQL Query Results XML Format (``query --format xml``), read back by
rdflib's XML results parser (a second implementation)."""

from __future__ import annotations

import io

from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from climategraph.cli import cli
from climategraph.sparql import results
from climategraph.sparql import run as sparql_run
from climategraph.sparql import saved as sparql_saved


def parsed(text: str) -> Result:
    return Result.parse(io.BytesIO(text.encode("utf-8")), format="xml")


def test_xml_of_a_saved_query_reads_back_in_rdflib(shipped_graph):
    result = sparql_run.run_query(shipped_graph, sparql_saved.get("timeline"), {}, "ko")
    assert len(result.rows) > 5
    cells = [c for row in result.rows for c in row]
    assert None in cells and any(getattr(c, "language", None) == "ko" for c in cells)
    back = parsed(results.to_xml(result))
    assert [str(v) for v in back.vars] == result.vars
    assert [tuple(row) for row in back] == result.rows  # datatypes and languages kept


def test_xml_keeps_every_kind_of_term_and_unbound_cells():
    rows = [
        (URIRef("https://w3id.org/climategraph/id/a?x=1&y=<2>"), BNode("b0"),
         Literal('say "hi" & <bye>', lang="ko")),
        (None, Literal("7", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")), None),
    ]
    result = results.QueryResult(["s", "b", "o"], rows)
    back = [tuple(row) for row in parsed(results.to_xml(result))]
    assert back[0][0] == rows[0][0] and back[0][2] == rows[0][2]
    assert isinstance(back[0][1], BNode)
    assert back[1] == rows[1]


def test_xml_replaces_characters_xml_forbids():
    result = results.QueryResult(["o"], [(Literal("bell\x07 and tab\t"),)])
    [[value]] = [tuple(row) for row in parsed(results.to_xml(result))]
    assert value == Literal("bell\ufffd and tab\t")


def test_query_command_writes_xml(shipped_graph):
    out = CliRunner().invoke(cli, ["query", "timeline", "--format", "xml"])
    assert out.exit_code == 0, out.output
    back = parsed(out.output)
    assert len(back.vars) > 2 and len(back) > 5
