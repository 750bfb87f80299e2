"""Time the JSON-LD and GraphML writers of the main job's export stage, before and after
climategraph.formats.jsonld, on generated graphs; check the output is the same.

    .venv/bin/python benchmarks/writers.py out/bench-data/syn-100000-seed1 ...

Each folder is loaded with ``load_graph([folder])`` (ontology included). "before" is
rdflib's JSON-LD serialiser (which drops blank nodes behind ``@id`` keys, so only the
triple counts pyoxigraph reads back are compared) and the sorted exportable copy through
networkx's GraphML writer (node and edge counts compared; the time of "after" includes
the network table and its layout); "after" is what ``export`` calls now. The actor network and
its metrics are built once, outside the GraphML timings.
Wall-clock seconds of one run each: a rough measure, not a test.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def bench(folder: Path) -> None:
    import networkx as nx

    from climategraph.formats import graphml, network_files, network_table, rdf
    from climategraph.network import build
    from climategraph.store import project
    from climategraph.store.load import load_graph

    seconds, graph = timed(lambda: load_graph([folder]))
    print(f"{folder}: {len(graph)} triples, loaded in {seconds:.2f} s", flush=True)
    context = json.loads(project.context_file().read_text(encoding="utf-8"))["@context"]
    before, old = timed(lambda: graph.serialize(format="json-ld", context=context).encode())
    after, new = timed(lambda: rdf.to_jsonld(graph))
    report("JSON-LD", before, after, triples(old) == triples(new), len(new))
    seconds, network = timed(lambda: build.build_network(graph, "actor"))
    metrics, _ = timed(lambda: network_files._add_metrics(network))
    print(f"  actor network {seconds:.2f} s, metrics {metrics:.2f} s", flush=True)

    def networkx_graphml() -> bytes:
        buffer = io.BytesIO()
        nx.write_graphml(network_files.ordered_exportable(network), buffer, encoding="utf-8")
        return buffer.getvalue()

    before, old = timed(networkx_graphml)
    after, new = timed(lambda: graphml.graphml(network_table.table(network)))
    report("GraphML", before, after, size(old) == size(new), len(new))


def size(data: bytes) -> tuple[int, int]:
    """Nodes and edges networkx reads from GraphML (compared, not timed)."""
    import networkx as nx

    G = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    return G.number_of_nodes(), G.number_of_edges()


def triples(data: bytes) -> int:
    """How many triples pyoxigraph reads from JSON-LD (compared, not timed)."""
    import pyoxigraph as ox

    return len(list(ox.parse(data, format=ox.RdfFormat.JSON_LD)))


def report(what: str, before: float, after: float, same: bool, size: int) -> None:
    alike = "same triples/nodes/edges" if same else "DIFFERENT CONTENT"
    print(f"  {what:8} {before:7.2f} s -> {after:6.2f} s  ({size / 1e6:.1f} MB, {alike})",
          flush=True)


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["out/bench-data/syn-100000-seed1"]:
        bench(Path(arg))
