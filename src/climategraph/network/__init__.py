"""Cooperation networks and their analysis: plain functions that take a graph (or a
networkx graph) and return plain data.

Modules: :mod:`~climategraph.network.filters` (time window, countries, kinds),
:mod:`~climategraph.network.ties` (the tie queries), :mod:`~climategraph.network.build`
(``build_network``), :mod:`~climategraph.network.derived`,
:mod:`~climategraph.network.transform`, :mod:`~climategraph.network.backends` (igraph or
networkx metrics), :mod:`~climategraph.network.analysis`, :mod:`~climategraph.network.paths`,
:mod:`~climategraph.network.report`.
"""
