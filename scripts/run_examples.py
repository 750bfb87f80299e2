#!/usr/bin/env python3
"""Execute the example notebooks (examples/*.ipynb) and store their outputs.

Each notebook runs top to bottom in a fresh kernel, in a temporary folder (the files
it writes land there, not in examples/). The outputs are written back into the
notebook, except a network page's HTML (an ``<iframe srcdoc=...>`` of about 0.6 MB,
shown when the notebook is run): the stored copy keeps that output's plain-text form.
``tests/test_examples.py`` runs the same :func:`execute` and checks the outputs.
Run from the repository root after changing a notebook or the API it shows::

    .venv/bin/python scripts/run_examples.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
#: an output bigger than this is a page: stored without its HTML
LARGE_HTML = 100_000
TIMEOUT = 600


def execute(path: Path, folder: Path) -> Any:
    """The notebook at ``path``, executed in a fresh kernel with ``folder`` as its
    working directory (an ``nbformat.NotebookNode``; raises on a cell's error)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    return notebook


def stored(notebook: Any) -> Any:
    """A copy of ``notebook`` without the HTML of large outputs or run-specific metadata."""
    import copy

    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            if len(html) > LARGE_HTML:
                del output["data"]["text/html"]
    return notebook


def main() -> int:
    import nbformat

    for path in sorted(EXAMPLES.glob("*.ipynb")):
        with tempfile.TemporaryDirectory() as folder:
            notebook = stored(execute(path, Path(folder)))
        nbformat.write(notebook, path)
        print(f"executed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
