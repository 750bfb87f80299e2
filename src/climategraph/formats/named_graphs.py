"""The named graphs of an export: one per source article, a common graph, the ontology
and the inferred triples; and their union.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.errors import ExportError
from climategraph.formats.inference import inferred
from climategraph.namespaces import BASE, CGR

if TYPE_CHECKING:
    from rdflib import Graph


#: what ``--include`` can select, and its default (what ``build`` writes)
INCLUDES = ("data", "ontology", "inferred")
DEFAULT_INCLUDE = ("data", "ontology")

#: names of the named graphs that are not an article
COMMON = BASE + "graph/common"
ONTOLOGY = BASE + "graph/ontology"
INFERRED = BASE + "graph/inferred"

_ARTICLE_FILE = re.compile(r"^(\d{3})[-_]")


# --- what to export: named parts ---------------------------------------------


def graph_name(path: Path, graph: Graph) -> str:
    """The named graph a data file goes to: the article it is curated from, else :data:`COMMON`.

    A file goes to an article's graph when it cites exactly that one article, or
    when its name starts with the article's number (``003-gwangju.ttl``) and it
    cites that article; otherwise (no citation, or several) to :data:`COMMON`.
    """
    from rdflib.namespace import PROV

    cited = {str(o) for o in graph.objects(None, PROV.wasDerivedFrom)}
    match = _ARTICLE_FILE.match(path.name)
    own = str(CGR[f"article-{match.group(1)}"]) if match else None
    if own is not None and own in cited:
        return own
    if len(cited) == 1:
        return cited.pop()
    return COMMON


def named_parts(
    data: Sequence[str | Path] | None = None,
    include: Iterable[str] = DEFAULT_INCLUDE,
    *,
    store: str | None = None,
) -> list[tuple[str, Graph]]:
    """The graph to export as ``(graph name, graph)`` parts, sorted by name.

    ``include`` selects ``data`` (one part per source article plus :data:`COMMON`),
    ``ontology`` (:data:`ONTOLOGY`) and ``inferred`` (:data:`INFERRED`: what RDFS and
    OWL-RL entail from the ontology and data together that is not already stated).
    """
    from climategraph.store.backend import new_graph
    from climategraph.store.load import expand, parse_into
    from climategraph.store.project import default_data, ontology_files

    wanted = _check_include(include)
    ontology = new_graph("memory")
    for path in ontology_files():
        parse_into(ontology, path)
    by_name: dict[str, Graph] = {}
    for path in expand(data or default_data()):
        part = new_graph("memory")
        parse_into(part, path)
        name = graph_name(path, part)
        by_name[name] = by_name[name] + part if name in by_name else part
    parts = list(by_name.items()) if "data" in wanted else []
    if "ontology" in wanted:
        parts.append((ONTOLOGY, ontology))
    if "inferred" in wanted:
        parts.append((INFERRED, inferred([ontology, *by_name.values()])))
    return sorted(parts, key=lambda part: part[0])


def _check_include(include: Iterable[str]) -> set[str]:
    wanted = set(include)
    unknown = sorted(wanted - set(INCLUDES))
    if unknown:
        choices = ", ".join(INCLUDES)
        raise ExportError(f"unknown --include {', '.join(unknown)}; choose from {choices}")
    if not wanted:
        raise ExportError(f"nothing to export; --include one of {', '.join(INCLUDES)}")
    return wanted


def union(parts: Iterable[tuple[str, Graph]]) -> Graph:
    """One graph holding every part's triples (what single-graph formats write)."""
    from climategraph.store.backend import new_graph

    graph = new_graph("memory")
    for _, part in parts:
        graph += part
    return graph
