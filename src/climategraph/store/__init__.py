"""The store layer: where the project's files are, loading them into a graph on the
chosen store, and the look-ups every layer above shares (labels, names, classes).

Modules: :mod:`~climategraph.store.project` (file locations, package data),
:mod:`~climategraph.store.backend` (Oxigraph or rdflib's memory store),
:mod:`~climategraph.store.load` (parsing files, the ``--endpoint`` redirection),
:mod:`~climategraph.store.labels` (labels, name resolution, most specific classes).
"""
