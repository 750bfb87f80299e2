"""Synthetic graphs in the project's ontology, for benchmarks and scale tests:
:mod:`~climategraph.synthetic.generator` and its :mod:`~climategraph.synthetic.vocabulary`.
"""
