"""The closed lists users choose from, in one place for the library and the command line.

Each tuple's first item is the default where there is one. This module imports
nothing, so the command line can build its options from it without loading the
library (``climategraph --help`` stays fast).

>>> DEFAULT_SEED, LANGS
(42, ('en', 'ko'))
"""

from __future__ import annotations

#: the seed of every seeded algorithm (communities, layouts, sampled betweenness)
DEFAULT_SEED = 42

#: label languages
LANGS = ("en", "ko")
#: stores behind the rdflib graph
STORES = ("oxigraph", "memory")
#: validation engines
ENGINES = ("auto", "fast", "pyshacl")
#: SHACL severities, most severe first
SEVERITIES = ("Violation", "Warning", "Info")

#: saved-query result formats
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")

#: cooperation networks the analysis builds, and their tie kinds
NETWORKS = ("actor", "bipartite", "country")
EDGE_KINDS = ("shared-event", "partner-city", "agreement")
#: metric backends
METRIC_BACKENDS = ("igraph", "networkx")

#: networks a page draws, and how
PAGE_NETWORKS = ("actor", "bipartite", "full")
COLOR_BY = ("kind", "country", "community")
SIZE_BY = ("degree", "betweenness", "pagerank")
LAYOUTS = ("physics", "geo")

#: export formats (RDF first, then network files) and what an export includes
EXPORT_FORMATS = ("turtle", "json-ld", "nt", "trig", "graphml", "gexf", "cyjs", "csv")
NETWORK_FORMATS = ("graphml", "gexf", "cyjs", "csv")
INCLUDES = ("data", "ontology", "inferred")
DEFAULT_INCLUDE = ("data", "ontology")

#: how `load` treats the server's default graph
DEFAULT_GRAPH_MODES = ("auto", "always", "never")
