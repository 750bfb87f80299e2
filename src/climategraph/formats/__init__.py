"""Writing the graph out: canonical triples, RDF serialisations, named graphs, inference,
lossless JSON-LD, and network files (GraphML, GEXF 1.3, Cytoscape.js JSON, CSV).

Modules: :mod:`~climategraph.formats.canonical`, :mod:`~climategraph.formats.rdf`,
:mod:`~climategraph.formats.named_graphs`, :mod:`~climategraph.formats.inference`,
:mod:`~climategraph.formats.jsonld`, :mod:`~climategraph.formats.jsonld_compact`,
:mod:`~climategraph.formats.network_table` (what every network file is written from),
:mod:`~climategraph.formats.graphml`, :mod:`~climategraph.formats.gexf`,
:mod:`~climategraph.formats.network_plain` (cyjs, CSV),
:mod:`~climategraph.formats.network_files`,
:mod:`~climategraph.formats.export` (the ``export`` command's library side).
"""
