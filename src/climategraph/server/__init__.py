"""SPARQL servers: a client for the standard protocols
(:mod:`~climategraph.server.client`) and local Oxigraph servers
(:mod:`~climategraph.server.oxigraph`).
"""
