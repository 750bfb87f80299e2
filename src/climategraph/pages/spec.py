"""The settings of a network page (:class:`PageSpec`) and the choices they take.
"""

from __future__ import annotations

from dataclasses import dataclass

from climategraph.errors import ParameterError

NETWORKS = ("actor", "bipartite", "full")
COLOR_BY = ("kind", "country", "community")
SIZE_BY = ("degree", "betweenness", "pagerank")
LAYOUTS = ("physics", "geo")
#: above this many nodes positions are precomputed (networkx) and physics is off
LARGE = 1000
#: physics stabilisation is bounded to this many iterations, then physics stops
STABILISATION = 400
#: a page draws at most this many ties by default (the strongest; see
#: :func:`climategraph.pages.layout.strongest`): a browser draws 2 * 10^4 edges at
#: once, 7.5 * 10^5 not at all
MAX_EDGES = 20_000


@dataclass(frozen=True)
class PageSpec:
    """What a page shows and how (the ``climategraph viz`` options)."""

    network: str = "actor"
    focus: str | None = None
    depth: int = 1
    color_by: str = "kind"
    size_by: str = "degree"
    lang: str = "en"
    layout: str = "physics"
    start: str | None = None
    end: str | None = None
    source: str = "the shipped data"
    #: draw at most this many ties (the strongest), ``None``: all
    max_edges: int | None = MAX_EDGES

    def check(self) -> PageSpec:
        """Raise :class:`ParameterError` for an unknown choice; return self."""
        for name, value, choices in (
            ("network", self.network, NETWORKS),
            ("color-by", self.color_by, COLOR_BY),
            ("size-by", self.size_by, SIZE_BY),
            ("layout", self.layout, LAYOUTS),
            ("lang", self.lang, ("en", "ko")),
        ):
            if value not in choices:
                raise ParameterError(
                    f"unknown --{name} {value!r}; choose from {', '.join(choices)}"
                )
        if self.depth < 0:
            raise ParameterError("--depth must be 0 or more")
        if self.max_edges is not None and self.max_edges < 0:
            raise ParameterError("--max-edges must be 0 or more")
        return self
