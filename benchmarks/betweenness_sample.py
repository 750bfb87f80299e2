"""How close the sampled betweenness is to the exact one on a large network.

``python benchmarks/betweenness_sample.py DATA`` builds the actor network of DATA
(a synthetic graph folder, e.g. out/bench-data/syn-1000000-seed1), computes its exact
betweenness (igraph, two processes) and the estimate ``betweenness_k="auto"`` gives
(:func:`climategraph.network.backends.auto_k` sources), and prints the sources used,
both times, the Spearman rank correlation over all actors, how many of the exact top
10/20/50 the estimate also ranks there, and the median relative error over the exact
top 100.
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    args = parser.parse_args()

    from climategraph.network import backends
    from climategraph.network.analysis import _simple_view
    from climategraph.network.build import build_network
    from climategraph.store.load import load_graph

    H = _simple_view(build_network(load_graph([args.data]), "actor", shared=True))
    k = backends.auto_k(H.number_of_nodes(), H.number_of_edges())
    started = time.perf_counter()
    exact = backends.betweenness(H)
    exact_s = time.perf_counter() - started
    started = time.perf_counter()
    sampled = backends.betweenness(H, k=k)
    sampled_s = time.perf_counter() - started
    nodes = sorted(H, key=str)
    print(f"{H.number_of_nodes()} actors, {H.number_of_edges()} ties; sampled sources: {k}")
    print(f"exact {exact_s:.1f} s, sampled {sampled_s:.1f} s (wall)")
    rho = _spearman([exact[n] for n in nodes], [sampled[n] for n in nodes])
    print(f"Spearman rank correlation: {rho:.4f}")
    by_exact = sorted(nodes, key=lambda n: -exact[n])
    by_sampled = sorted(nodes, key=lambda n: -sampled[n])
    for top in (10, 20, 50):
        shared = len(set(by_exact[:top]) & set(by_sampled[:top]))
        print(f"top {top}: {shared} of the exact top {top} also in the estimate's")
    errors = sorted(abs(sampled[n] - exact[n]) / exact[n] for n in by_exact[:100] if exact[n])
    print(f"median relative error over the exact top 100: {errors[len(errors) // 2]:.3f}")


def _spearman(a: list[float], b: list[float]) -> float:
    import numpy as np
    from scipy.stats import spearmanr

    return float(spearmanr(np.array(a), np.array(b)).statistic)


if __name__ == "__main__":
    main()
