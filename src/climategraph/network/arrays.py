"""Metrics on a network's adjacency as numpy arrays: the participation coefficient
(:func:`participation`) and PageRank (:func:`pagerank`), both from the arrays of
:func:`adjacency`, which :func:`climategraph.network.analysis.node_metrics` builds
once per network and shares between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


def participation(H: nx.Graph, group: dict[Any, Any],
                  arrays: tuple[Any, Any, Any] | None = None) -> dict[Any, float]:
    """``1 - sum_s (k_is / k_i) ** 2`` over the neighbours that have a group.

    A neighbour whose group is ``None`` is left out of both the shares and the
    total ``k_i``; a node none of whose neighbours has a group gets 0. Computed on
    the arrays of :func:`adjacency` (pass them to share them between calls).

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("a", "d")])
    >>> participation(G, {"b": 1, "c": 1, "d": 2, "a": None})["a"]  # 1 - (2/3)^2 - (1/3)^2
    0.4444444444444444
    """
    import numpy as np

    rows, cols, weights = arrays if arrays is not None else adjacency(H)
    ids: dict[Any, int] = {}
    gid = np.array([-1 if group.get(n) is None else ids.setdefault(group[n], len(ids))
                    for n in H], dtype=np.int64)
    n, k = len(gid), max(len(ids), 1)
    of_col = gid[cols] if len(cols) else np.zeros(0, dtype=np.int64)
    keep = of_col >= 0
    # the share of each (node, group): weights summed in adjacency order, as a loop would
    keys, where = np.unique(rows[keep] * k + of_col[keep], return_inverse=True)
    shares = np.bincount(where, weights=weights[keep], minlength=len(keys))
    owner = keys // k
    total = np.bincount(owner, weights=shares, minlength=n)
    safe = np.where(total > 0, total, 1.0)
    squares = np.bincount(owner, weights=(shares / safe[owner]) ** 2, minlength=n)
    value = np.where(total > 0, 1.0 - squares, 0.0)
    return dict(zip(H, value.tolist()))


def pagerank(H: nx.Graph, arrays: tuple[Any, Any, Any], alpha: float = 0.85,
             max_iter: int = 100, tol: float = 1.0e-6) -> dict[Any, float]:
    """Weighted PageRank of the simple graph ``H``: networkx's ``pagerank`` (its
    scipy power iteration, step for step, so the values are the same) on the
    arrays of :func:`adjacency`, without networkx's conversion of ``H`` to a
    matrix (3.5 s for the 10^6 actor network).

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})])
    >>> pagerank(G, adjacency(G)) == nx.pagerank(G)
    True
    """
    import networkx as nx
    import numpy as np
    import scipy as sp

    N = len(H)
    if N == 0:
        return {}
    rows, cols, weights = arrays
    A = sp.sparse.csr_array((weights, (rows, cols)), shape=(N, N))  # canonical, as networkx's
    S = A.sum(axis=1)
    S[S != 0] = 1.0 / S[S != 0]
    A = sp.sparse.dia_array((S.T, 0), shape=A.shape).tocsr() @ A
    x = p = np.repeat(1.0 / N, N)
    is_dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ A + sum(x[is_dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - xlast).sum() < N * tol:
            return dict(zip(H, map(float, x)))
    raise nx.PowerIterationFailedConvergence(max_iter)


def adjacency(H: nx.Graph) -> tuple[Any, Any, Any]:
    """``(rows, columns, weights)``: ``H``'s adjacency as numpy arrays of node
    positions (in ``list(H)`` order) and edge weights (default 1), row by row."""
    import numpy as np

    index = {node: i for i, node in enumerate(H)}
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    for i, (_, row) in enumerate(H.adj.items()):
        rows += [i] * len(row)
        cols += [index[other] for other in row]
        weights += [d.get("weight", 1) for d in row.values()]
    return (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64),
            np.array(weights, dtype=np.float64))
