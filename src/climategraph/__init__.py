"""climategraph: a knowledge graph of climate cooperation between local governments,
international bodies and events.

The public API, for notebooks and scripts: every name below is imported from the
module that defines it only when first used (:pep:`562`), so ``import climategraph``
stays cheap and loads no rdflib, networkx or pyoxigraph. The subpackages (``store``,
``shacl``, ``sparql``, ``network``, ``pages``, ``formats``, ``server``,
``synthetic``) hold the rest; ``docs/cli.md`` is the command line's reference.

Examples
--------
>>> import climategraph as cg
>>> g = cg.load_graph()
>>> cg.validate(g).conforms
True
>>> rows = cg.run_query(g, "sister-cities", {"city": "인천"}, lang="ko").records()
>>> sorted({r["partnerName"] for r in rows}) == sorted(r["partnerName"] for r in rows)
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: each public name and the module that defines it (``name`` there, or the
#: ``module:attribute`` it is an alias of)
_EXPORTS: dict[str, str] = {
    # loading
    "load_graph": "climategraph.store.load",
    "load_files": "climategraph.store.load",
    # validation
    "validate": "climategraph.shacl.engine",
    "Report": "climategraph.shacl.report",
    "Finding": "climategraph.shacl.report",
    # saved queries
    "run_query": "climategraph.sparql.run",
    "saved_queries": "climategraph.sparql.saved:discover",
    "QueryResult": "climategraph.sparql.results",
    # networks
    "build_network": "climategraph.network.build",
    "Filters": "climategraph.network.filters",
    "analyze": "climategraph.network.analysis",
    "Analysis": "climategraph.network.analysis",
    "node_metrics": "climategraph.network.analysis",
    "shortest_path": "climategraph.network.paths",
    # clear_caches (the network and metrics caches) joins here once network/ has it
    # pages
    "PageSpec": "climategraph.pages.spec",
    "write_page": "climategraph.pages.render",
    "Page": "climategraph.pages.render",
    # formats
    "export": "climategraph.formats.export",
    "write_graph": "climategraph.formats.rdf",
    # servers
    "Endpoint": "climategraph.server.client",
    "fetch_graph": "climategraph.server.client",
    # synthetic data
    "generate": "climategraph.synthetic.generator",
    # vocabularies
    "CG": "climategraph.namespaces",
    "CGR": "climategraph.namespaces",
    # errors
    "ClimateGraphError": "climategraph.errors",
    "LoadError": "climategraph.errors",
    "NotConformingError": "climategraph.errors",
    "QueryError": "climategraph.errors",
    "ParameterError": "climategraph.errors",
    "ExportError": "climategraph.errors",
    "EndpointError": "climategraph.errors",
    "LimitError": "climategraph.errors",
    "NoPathError": "climategraph.network.paths",
}

#: the public names (in ruff's RUF022 order), checked against the table above by
#: ``tests/test_public_api.py``
__all__ = [
    "CG",
    "CGR",
    "Analysis",
    "ClimateGraphError",
    "Endpoint",
    "EndpointError",
    "ExportError",
    "Filters",
    "Finding",
    "LimitError",
    "LoadError",
    "NoPathError",
    "NotConformingError",
    "Page",
    "PageSpec",
    "ParameterError",
    "QueryError",
    "QueryResult",
    "Report",
    "__version__",
    "analyze",
    "build_network",
    "export",
    "fetch_graph",
    "generate",
    "load_files",
    "load_graph",
    "node_metrics",
    "run_query",
    "saved_queries",
    "shortest_path",
    "validate",
    "write_graph",
    "write_page",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use, then keep it here."""
    where = _EXPORTS.get(name)
    if where is None:
        raise AttributeError(f"module 'climategraph' has no attribute {name!r}")
    module, _, attribute = where.partition(":")
    value = getattr(import_module(module), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # what type checkers and editors see
    from climategraph.errors import (
        ClimateGraphError,
        EndpointError,
        ExportError,
        LimitError,
        LoadError,
        NotConformingError,
        ParameterError,
        QueryError,
    )
    from climategraph.formats.export import export
    from climategraph.formats.rdf import write_graph
    from climategraph.namespaces import CG, CGR
    from climategraph.network.analysis import Analysis, analyze, node_metrics
    from climategraph.network.build import build_network
    from climategraph.network.filters import Filters
    from climategraph.network.paths import NoPathError, shortest_path
    from climategraph.pages.render import Page, write_page
    from climategraph.pages.spec import PageSpec
    from climategraph.server.client import Endpoint, fetch_graph
    from climategraph.shacl.engine import validate
    from climategraph.shacl.report import Finding, Report
    from climategraph.sparql.results import QueryResult
    from climategraph.sparql.run import run_query
    from climategraph.sparql.saved import discover as saved_queries
    from climategraph.store.load import load_files, load_graph
    from climategraph.synthetic.generator import generate
