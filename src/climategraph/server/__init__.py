"""SPARQL servers: a client for the standard protocols, reading
(:mod:`~climategraph.server.client`) and loading (:mod:`~climategraph.server.load`),
and local Oxigraph servers (:mod:`~climategraph.server.oxigraph`).
"""
