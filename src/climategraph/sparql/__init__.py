"""Saved SPARQL queries: their headers and parameters, safe binding, running them, the
result formats, and the graph's counts.

Modules: :mod:`~climategraph.sparql.saved` (discovery, headers),
:mod:`~climategraph.sparql.params` (parameter kinds and values),
:mod:`~climategraph.sparql.binding` (read-only check, binding terms),
:mod:`~climategraph.sparql.run` (``run_query``), :mod:`~climategraph.sparql.results`,
:mod:`~climategraph.sparql.stats`.
"""
