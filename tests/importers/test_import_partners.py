"""``climategraph import partners``: CSV (UTF-8 with BOM, CP949), XLSX, decisions and
review files, refused rows, exit codes, provenance, byte-stable and valid output."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from climategraph.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
PARTNERS = FIXTURES / "partners-ko.csv"


def _run(*args: str):
    return CliRunner().invoke(cli, ["import", *args])


def _report(path: Path) -> dict[str, dict[str, str]]:
    return {r["key"] or r["rows"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("partners")
    result = _run("partners", str(PARTNERS), "--out", str(out / "p.ttl"),
                  "--report", str(out / "report.csv"), "--source-title", "Test partner list",
                  "--source-licence", "CC0-1.0", "--source-retrieved", "2026-11")
    assert result.exit_code == 0, result.output
    return out


def test_korean_and_english_names_reach_the_curated_nodes(imported):
    report = _report(imported / "report.csv")
    expect = {"인천광역시|KR": "incheon", "Incheon Metropolitan City|KR": "incheon",
              "선양|CN": "shenyang", "고베|JP": "kobe", "오스나브뤼크|DE": "osnabrueck",
              "야마토시|JP": "yamato", "제천시|KR": "jecheon", "부안군|KR": "buan",
              "Gwangmyeong-si|KR": "gwangmyeong", "Liaocheng|CN": "liaocheng"}
    for key, node in expect.items():
        assert report[key]["outcome"] == "graph", key
        assert report[key]["node"].endswith("/" + node), key
    assert report["톈진|CN"]["outcome"] == "gazetteer"  # Tianjin: not curated, GeoNames has it


def test_a_curated_link_is_cited_not_copied_and_both_sides_are_one_link(imported):
    from rdflib import Graph, URIRef
    from rdflib.namespace import PROV

    from climategraph.namespaces import CG, CGR

    g = Graph().parse(imported / "p.ttl")
    # Incheon-Shenyang is curated: stated twice in the table (both sides), cited once
    record = CGR["partner-incheon-shenyang"]
    assert (record, CG.partner, None) not in g
    assert set(g.objects(record, CG.sourceRow)) == {
        g.value(record, CG.sourceRow).__class__(f"partners-ko.csv:{n}") for n in (2, 14)}
    assert (record, PROV.wasDerivedFrom, CGR["dataset-test-partner-list"]) in g
    new = [r for r in g.subjects(CG.partner, CGR.incheon)]
    assert len(new) == 1 and (new[0], CG.relationKind, CG.SisterCity) in g
    assert (URIRef(CGR.incheon), CG.partnerOf, None) in g
    assert not any(g.subjects(CG.partner, CGR.gwangmyeong))  # all seven are curated


def test_the_dataset_is_described(imported):
    text = (imported / "p.ttl").read_text(encoding="utf-8")
    assert 'dct:title "Test partner list"' in text
    assert 'dct:license "CC0-1.0"' in text
    assert 'pav:retrievedOn "2026-11"^^xsd:gYearMonth' in text


def test_output_passes_the_shapes(imported):
    from climategraph.shacl.engine import validate_paths
    from climategraph.store.project import default_data

    _, report = validate_paths([*default_data(), imported / "p.ttl"])
    assert report.passes, [f.message for f in report.findings if f.severity == "Violation"]


def test_importing_twice_gives_the_same_bytes(imported, tmp_path):
    again = tmp_path / "p.ttl"
    assert _run("partners", str(PARTNERS), "--out", str(again), "--source-title",
                "Test partner list", "--source-licence", "CC0-1.0", "--source-retrieved",
                "2026-11").exit_code == 0
    assert again.read_bytes() == (imported / "p.ttl").read_bytes()
    # and with its own output read as data, nothing changes either
    third = _run("partners", str(PARTNERS), "--out", str(again), "--data", "data", "--data",
                 str(again), "--source-title", "Test partner list", "--source-licence",
                 "CC0-1.0", "--source-retrieved", "2026-11")
    assert third.exit_code == 0
    assert again.read_bytes() == (imported / "p.ttl").read_bytes()


def test_the_source_column_is_kept_on_the_link(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("city,partner,source\n광명시,Liaocheng,https://example.org/partner-list\n",
                     encoding="utf-8")
    out = tmp_path / "o.ttl"
    assert _run("partners", str(table), "--out", str(out)).exit_code == 0
    assert 'dct:source "https://example.org/partner-list"' in out.read_text(encoding="utf-8")


def test_cp949_is_detected(tmp_path):
    table = FIXTURES / "partners-cp949.csv"  # a Korean spreadsheet's CSV export
    out = tmp_path / "o.ttl"
    result = _run("partners", str(table), "--column", "city=도시", "--column",
                  "partner=결연도시", "--column", "kind=유형", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "graph 3" in result.output  # 광명시, 오스나브뤼크, 오스틴시
    wrong = _run("partners", str(table), "--encoding", "utf-8", "--column", "city=도시",
                 "--column", "partner=결연도시", "--out", str(out))
    assert wrong.exit_code == 2 and "encoding" in wrong.output


def test_xlsx_with_a_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "old"
    sheet = book.create_sheet("2024")
    sheet.append(["city", "partner", "partner_country", "kind", "since"])
    sheet.append(["인천광역시", "Kitakyushu", "일본", "자매", None])
    sheet.append(["광명시", "=HYPERLINK(\"x\")", "일본", "우호", None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    report = tmp_path / "r.csv"
    result = _run("partners", str(path), "--sheet", "2024", "--out", str(tmp_path / "o.ttl"),
                  "--report", str(report))
    assert result.exit_code == 0, result.output
    assert "list.xlsx:3: column partner: '=HYPERLINK" in result.output  # refused, with line
    assert _run("partners", str(path), "--sheet", "2025", "--out",
                str(tmp_path / "o.ttl")).exit_code == 2


@pytest.mark.parametrize(("content", "expect"), [
    ("city,country\n인천,대한민국\n", "missing required column 'partner'"),
    ("city,partner,country\n,Kobe,KR\n", "column city: empty name"),
    ("city,partner,country\n인천,Kobe,Atlantis\n", "unknown country 'Atlantis'"),
    ("city,partner\n@SUM(1),Kobe\n", "looks like a spreadsheet formula"),
    ("city,partner,kind\n인천,Kobe,cousin\n", "unknown kind 'cousin'"),
    ("city,partner,since\n인천,Kobe,21-2021\n", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("city,partner,kind\n인천,Kobe,sister\nKobe,인천,friendship\n", "contradicts SisterCity"),
])
def test_bad_rows_and_files_get_one_line(tmp_path, content, expect):
    table = tmp_path / "t.csv"
    table.write_text(content, encoding="utf-8")
    result = _run("partners", str(table), "--out", str(tmp_path / "o.ttl"))
    assert expect in result.output
    assert "Traceback" not in result.output
    assert result.exit_code == (2 if "missing" in expect else 0)


def test_a_file_that_is_not_a_table(tmp_path):
    blob = tmp_path / "x.csv"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = _run("partners", str(blob), "--out", str(tmp_path / "o.ttl"))
    assert result.exit_code == 2 and "not a text table" in result.output
    assert not (tmp_path / "o.ttl").exists()


def test_review_decisions_strict_and_dry_run(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("city,partner\n인천광역시,Mérida\n인천광역시,Plymouth\n", encoding="utf-8")
    out, review = tmp_path / "o.ttl", tmp_path / "review.csv"
    dry = _run("partners", str(table), "--out", str(out), "--dry-run", "--strict")
    assert dry.exit_code == 1 and not out.exists()  # Mérida, Plymouth need a person
    assert _run("partners", str(table), "--out", str(out), "--review",
                str(review)).exit_code == 0
    rows = list(csv.DictReader(review.open(encoding="utf-8")))
    assert [r["key"] for r in rows] == ["Mérida|", "Plymouth|"]
    assert all(r["outcome"] == "ambiguous" and " | " in r["candidates"] for r in rows)
    mexico = next(c.split()[0] for c in rows[0]["candidates"].split(" | ") if "(MX" in c)
    rows[0]["choice"], rows[1]["choice"] = mexico, "skip"
    with (tmp_path / "decisions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    decided = _run("partners", str(table), "--out", str(out), "--strict", "--decisions",
                   str(tmp_path / "decisions.csv"))
    assert decided.exit_code == 0, decided.output
    assert "merida-mx" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("key,choice\nMérida|,geonames:0\n", encoding="utf-8")
    refused = _run("partners", str(table), "--out", str(out), "--decisions", str(bad))
    assert refused.exit_code == 2 and "no local government" in refused.output


def test_the_main_jobs_world_products(imported, tmp_path):
    """The world stage's analysis and map page, on the curated graph with an import."""
    import json

    from climategraph.store.load import load_graph
    from climategraph.store.project import default_data
    from climategraph.world import write_world

    graph = load_graph([*default_data(), imported / "p.ttl"])
    written = dict(write_world(graph, tmp_path / "world"))
    analysis = json.loads((tmp_path / "world" / "analysis.json").read_text(encoding="utf-8"))
    ids = {node["id"] for node in analysis["nodes"]}
    assert "https://w3id.org/climategraph/id/tianjin-cn" in ids  # the imported partner
    page = (tmp_path / "world" / "network.html").read_text(encoding="utf-8")
    assert "curated city" in page and "imported city" in page
    assert "on the map" in written[tmp_path / "world" / "network.html"]
