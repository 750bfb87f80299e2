"""Network metrics on the synthetic actor network: networkx exact vs sampled vs igraph.

Measures what issue 8 asks before choosing: betweenness (exact, networkx; sampled
``k``, networkx; exact, igraph) and Louvain (networkx vs igraph multilevel) on the
combined actor network of a synthetic graph. Usage:

    python benchmarks/metrics_backends.py out/bench-data/syn-100000-seed1 [--cap 120]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from pathlib import Path
from typing import Any


def _network(data: Path) -> Any:
    from climategraph.network.build import build_network
    from climategraph.network.transform import simple as _simple
    from climategraph.store.load import load_graph

    return _simple(build_network(load_graph([data]), "actor"))


def _timed(queue: Any, name: str, data: Path, k: int) -> None:
    import networkx as nx

    H = _network(data)
    start = time.perf_counter()
    if name == "nx-betweenness-exact":
        result = nx.betweenness_centrality(H, normalized=True)
    elif name == "nx-betweenness-k":
        result = nx.betweenness_centrality(H, k=min(k, len(H)), normalized=True, seed=42)
    elif name == "nx-louvain":
        result = nx.community.louvain_communities(H, weight="weight", seed=42)
    else:
        import igraph as ig

        nodes = sorted(H, key=str)
        index = {n: i for i, n in enumerate(nodes)}
        g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in H.edges()])
        g.es["weight"] = [d.get("weight", 1) for *_, d in H.edges(data=True)]
        if name == "igraph-betweenness-exact":
            n = len(nodes)
            raw = g.betweenness(directed=False)
            scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1
            result = {nodes[i]: b * scale for i, b in enumerate(raw)}
        else:
            result = g.community_multilevel(weights="weight")
    queue.put((name, time.perf_counter() - start, H.number_of_nodes(), H.number_of_edges(),
               result if name.endswith("exact") else None))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--cap", type=float, default=120)
    parser.add_argument("--k", type=int, default=200)
    args = parser.parse_args()
    exact = {}
    for name in ("igraph-betweenness-exact", "igraph-louvain", "nx-louvain",
                 "nx-betweenness-k", "nx-betweenness-exact"):
        queue: Any = mp.Queue()
        proc = mp.Process(target=_timed, args=(queue, name, args.data, args.k))
        proc.start()
        proc.join(args.cap + 60)  # + building the network
        if proc.is_alive():
            proc.kill()
            print(f"{name:28} > {args.cap:.0f} s")
            continue
        got, seconds, n, m, result = queue.get()
        print(f"{got:28} {seconds:8.2f} s  ({n} nodes, {m} edges)", flush=True)
        if result is not None:
            exact[got] = result
    if len(exact) == 2:
        a, b = exact.values()
        worst = max(abs(a[x] - b[x]) for x in a)
        print(f"largest |networkx - igraph| exact betweenness difference: {worst:.2e}")


if __name__ == "__main__":
    main()
