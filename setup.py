"""Build step: copy the project's data folders into the wheel.

The ontology, shapes, JSON-LD context, saved queries and shipped data live at the top
of the checkout (where people read and edit them); the wheel carries copies under
``climategraph/_resources`` so an installed tool finds them with importlib.resources
(see ``climategraph.store.project``). Everything else is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

FOLDERS = ("ontology", "queries", "data", "layers")
HERE = Path(__file__).resolve().parent


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "climategraph" / "_resources"
        for name in FOLDERS:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
