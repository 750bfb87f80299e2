"""Where the project's files are: ontology, shapes, JSON-LD context, saved queries, data.

Three places are looked at, first match wins:

1. ``CLIMATEGRAPH_HOME``, a folder laid out like the checkout;
2. the checkout the package runs from (an editable install, ``make``), found by its
   ``pyproject.toml`` beside ``ontology/``;
3. the copies inside the installed package (``climategraph/_resources``), put there
   by the wheel build, found through :mod:`importlib.resources`.

So a checkout's own folders win when present, and a wheel works from any folder.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

HOME_VARIABLE = "CLIMATEGRAPH_HOME"
RESOURCES = "_resources"
"""The folder inside the installed package that holds the copies."""


def project_root() -> Path:
    """The folder holding ``ontology/``, ``queries/`` and ``data/``.

    >>> (project_root() / "ontology" / "climategraph.ttl").is_file()
    True
    """
    env = os.environ.get(HOME_VARIABLE)
    if env:
        return Path(env)
    return _installed_root()


@cache
def _installed_root() -> Path:
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "pyproject.toml").is_file() and (checkout / "ontology").is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("climategraph") / RESOURCES))


def ontology_files() -> list[Path]:
    """The ontology and the topic scheme (not the shapes)."""
    root = project_root() / "ontology"
    return [root / "climategraph.ttl", root / "topics.ttl"]


def shapes_file() -> Path:
    """The SHACL shapes."""
    return project_root() / "ontology" / "shapes.ttl"


def default_data() -> list[Path]:
    """The shipped, curated data folder."""
    return [project_root() / "data"]


def queries_dir() -> Path:
    """The folder of saved queries (``queries/`` in the project root)."""
    return project_root() / "queries"


def context_file() -> Path:
    """The JSON-LD ``@context`` with friendly keys: ``ontology/context.jsonld``."""
    return project_root() / "ontology" / "context.jsonld"
