"""Writing the graph out: canonical triples, RDF serialisations, named graphs, inference,
fast JSON-LD, and network files (GraphML, GEXF).

Modules: :mod:`~climategraph.formats.canonical`, :mod:`~climategraph.formats.rdf`,
:mod:`~climategraph.formats.named_graphs`, :mod:`~climategraph.formats.inference`,
:mod:`~climategraph.formats.jsonld`, :mod:`~climategraph.formats.jsonld_compact`,
:mod:`~climategraph.formats.graphml`, :mod:`~climategraph.formats.network_files`,
:mod:`~climategraph.formats.export` (the ``export`` command's library side).
"""
