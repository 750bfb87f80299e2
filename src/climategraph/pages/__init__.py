"""Interactive network pages: the page's settings, its data, layouts, texts in two
languages, and rendering to one self-contained HTML file.

Modules: :mod:`~climategraph.pages.spec` (``PageSpec``), :mod:`~climategraph.pages.data`,
:mod:`~climategraph.pages.layout`, :mod:`~climategraph.pages.texts`,
:mod:`~climategraph.pages.entity_network`, :mod:`~climategraph.pages.render`.
"""
