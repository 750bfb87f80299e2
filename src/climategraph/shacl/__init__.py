"""SHACL validation: the report model, the engine choice, and the shapes compiled to
SPARQL for large graphs (pySHACL stays the reference).

Modules: :mod:`~climategraph.shacl.report` (``Finding``, ``Report``, the shapes),
:mod:`~climategraph.shacl.engine` (``validate``), :mod:`~climategraph.shacl.sparql_engine`,
:mod:`~climategraph.shacl.compiler`, :mod:`~climategraph.shacl.expressions`.
"""
