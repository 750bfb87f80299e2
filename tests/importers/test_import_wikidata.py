"""``climategraph import wikidata-p190`` on the real extract (CC0, layers/world/source/),
end to end: how much resolves, the curated Korean cities, the hand-checked sample, the
shipped world layer rebuilt byte for byte, and the two "Gwangju"."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from climategraph.cli import cli
from climategraph.store.project import project_root

SOURCE = project_root() / "layers" / "world" / "source"
WORLD = project_root() / "layers" / "world"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
COMMAND = "climategraph import wikidata-p190 names.tsv relations.tsv"


@pytest.fixture(scope="module")
def world(shipped_graph):
    """The whole import, as the shipped layer was made (with its decisions file)."""
    from climategraph import importers
    from climategraph.importers import decisions, provenance

    dataset = provenance.dataset(SOURCE / "names.tsv", {})
    result = importers.import_wikidata(SOURCE / "names.tsv", SOURCE / "relations.tsv",
                                       shipped_graph, dataset,
                                       decisions.read(WORLD / "decisions.csv"))
    return result, {e.key: e for e in result.entries}


def _node(entries, qid):
    iri = entries[qid].iri
    return iri.rsplit("/", 1)[-1] if iri else None


@pytest.mark.slow  # the whole import (15 s of CPU) or validating 2 x 10^5 triples
def test_nine_in_ten_pairs_resolve_without_review(world):
    result, _ = world
    assert result.links_total == 17_401  # 34,182 statements, both sides one link
    assert result.links_written / result.links_total >= 0.90


@pytest.mark.slow  # the whole import (15 s of CPU) or validating 2 x 10^5 triples
@pytest.mark.parametrize(("qid", "node"), [
    ("Q20934", "incheon"), ("Q20921", "daejeon"), ("Q41283", "gwangju"),
    ("Q42142", "jeju"), ("Q42066", "gwangmyeong"), ("Q42143", "jecheon"),
])
def test_the_curated_korean_cities_keep_their_nodes(world, qid, node):
    assert _node(world[1], qid) == node


@pytest.mark.slow  # the whole import (15 s of CPU) or validating 2 x 10^5 triples
def test_the_second_gwangju_is_another_place(world):
    assert _node(world[1], "Q42069") not in (None, "gwangju")


def test_the_file_alone_cannot_tell_the_two_gwangju_apart(shipped_graph):
    from climategraph import importers
    from climategraph.importers.provenance import Dataset

    result = importers.import_wikidata(
        FIXTURES / "gwangju-names.tsv", FIXTURES / "gwangju-relations.tsv", shipped_graph,
        Dataset("test", "test"), {})
    by_key = {e.key: e for e in result.entries}
    for qid in ("Q41283", "Q42069"):
        assert by_key[qid].resolution.outcome == "ambiguous"  # never guessed silently
        assert by_key[qid].iri is None
    decided = importers.import_wikidata(
        FIXTURES / "gwangju-names.tsv", FIXTURES / "gwangju-relations.tsv", shipped_graph,
        Dataset("test", "test"), {"Q41283": "cgr:gwangju"})
    by_key = {e.key: e for e in decided.entries}
    assert by_key["Q41283"].iri.endswith("/gwangju")
    assert by_key["Q42069"].resolution.candidate.id == "geonames:1841810"  # the other one


@pytest.mark.slow  # the whole import (15 s of CPU) or validating 2 x 10^5 triples
def test_the_hand_checked_sample_is_right(world):
    """At least 98 % of the checked places this run resolves go where the check says."""
    _, entries = world
    right = wrong = 0
    for row in csv.DictReader((FIXTURES / "checked.csv").open(encoding="utf-8")):
        entry = entries[row["qid"]]
        if entry.resolution.outcome not in ("graph", "gazetteer"):
            continue  # now left for review or new: no longer a resolved place
        same = f"cgr:{_node(entries, row['qid'])}" == row["node"]
        if same and row["verdict"] == "right":
            right += 1
        elif row["verdict"] != "unsure" or not same:
            wrong += 1
    assert right + wrong >= 100
    assert right / (right + wrong) >= 0.98, (right, wrong)


@pytest.mark.slow  # the whole import (15 s of CPU) or validating 2 x 10^5 triples
def test_the_shipped_layer_is_this_import(world):
    from climategraph import importers

    result, _ = world
    assert importers.to_turtle(result, COMMAND) == (WORLD / "world.ttl").read_bytes()


def test_qids_come_only_from_the_file(world):
    names = {line.split("\t")[0] for line in (SOURCE / "names.tsv").open(encoding="utf-8")}
    text = (WORLD / "world.ttl").read_text(encoding="utf-8")
    qids = set(re.findall(r"wd:(Q\d+)", text))
    assert qids and qids <= names


def test_no_second_node_for_a_curated_place(shipped_graph):
    from rdflib import Graph

    from climategraph.namespaces import CG

    curated = {str(o) for o in shipped_graph.objects(None, CG.geonamesId)}
    world = Graph().parse(WORLD / "world.ttl")
    assert not curated & {str(o) for o in world.objects(None, CG.geonamesId)}


@pytest.mark.slow  # the whole import (15 s of CPU) or validating 2 x 10^5 triples
def test_the_world_layer_passes_the_shapes():
    result = CliRunner().invoke(cli, ["validate", "--layer", "world"])
    assert result.exit_code == 0, result.output[-2000:]
    assert result.output.startswith("does not conform, passes: 0 violation(s)")  # warnings only


def test_unreadable_input_exits_2(tmp_path):
    bad = tmp_path / "names.tsv"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = CliRunner().invoke(cli, ["import", "wikidata-p190", str(bad),
                                      str(SOURCE / "relations.tsv"), "--dry-run"])
    assert result.exit_code == 2 and "names.tsv" in result.output
    assert "Traceback" not in result.output
