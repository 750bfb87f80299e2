"""The wheel is a working tool: built from the checkout, installed into a fresh venv in
a folder outside it, the command runs the main job, validates, answers a saved query
and exports, with the ontology, shapes, context, queries, data and page template the
wheel carries (``climategraph/_resources``, see ``setup.py`` and
:mod:`climategraph.store.project`).

The build runs on a copy of the checkout's packaged files (so no ``build/`` or
``*.egg-info`` is left in the checkout) with the test venv's setuptools, no index. The
fresh venv gets the wheel without its dependencies; those are lent from the test
venv by a ``.pth`` file naming its ``site-packages`` (the checkout's own ``src`` is
never on that path, and a ``.pth`` inside a lent folder is not read, so the editable
install stays out), which keeps the test offline and fast.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

#: what the wheel is built from: the build files, the package and its data folders
PACKAGED = ("pyproject.toml", "setup.py", "README.md", "src", "ontology", "queries", "data",
            "layers")


def _sh(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode in ok, f"{args}: exit {done.returncode}\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    """Build the wheel, install it into a fresh venv; return the wheel, venv and a work folder."""
    base = tmp_path_factory.mktemp("wheel")
    assert ROOT not in base.parents
    copy = base / "checkout"
    for name in PACKAGED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif source.is_file():
            copy.mkdir(exist_ok=True)
            shutil.copy2(source, copy / name)
    dist = base / "dist"
    _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "-q", "-w", dist, copy, cwd=base)
    (wheel,) = dist.glob("climategraph-*.whl")
    venv = base / "venv"
    _sh(sys.executable, "-m", "venv", "--without-pip", venv, cwd=base)
    python = venv / "bin" / "python"
    _sh(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
        "--no-index", "-q", wheel, cwd=base)
    site = Path(_sh(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                    cwd=base).stdout.strip())
    lent = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "lent-dependencies.pth").write_text("\n".join(sorted(lent)) + "\n")
    work = base / "work"
    work.mkdir()
    return {"wheel": wheel, "venv": venv, "work": work}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CLIMATEGRAPH_HOME", "PYTHONPATH", "CLIMATEGRAPH_ENDPOINT")}
    return env


def _cg(installed: dict[str, Path], *args: str, ok: tuple[int, ...] = (0,)) -> str:
    command = installed["venv"] / "bin" / "climategraph"
    return _sh(command, *args, cwd=installed["work"], env=_env(), ok=ok).stdout


def test_the_wheel_carries_the_data_and_the_template(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    res = "climategraph/_resources/"
    for name in ("ontology/climategraph.ttl", "ontology/topics.ttl", "ontology/shapes.ttl",
                 "ontology/context.jsonld", "queries/sister-cities.rq"):
        assert res + name in names, name
    shipped = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*")
                     if p.is_file())
    assert shipped and all(res + p in names for p in shipped)
    queries = sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith(res + "queries/")) == queries
    assert "climategraph/pages/templates/network.html" in names
    assert not any(n.startswith(("tests/", "src/")) for n in names)


def test_the_installed_package_runs_from_the_venv_not_the_checkout(installed):
    python = installed["venv"] / "bin" / "python"
    code = ("import climategraph, climategraph.store.project as p; "
            "print(climategraph.__file__); print(p.project_root())")
    where, root = _sh(python, "-c", code, cwd=installed["work"], env=_env()).stdout.split()
    assert Path(where).is_relative_to(installed["venv"])
    assert Path(root).is_relative_to(installed["venv"]) and root.endswith("_resources")


def test_run_writes_the_job_outside_the_checkout(installed):
    printed = _cg(installed, "run", "--out", "X")
    out = installed["work"] / "X"
    for name in ("climategraph.ttl", "validation.json", "analysis.json", "network.html",
                 "queries/sister-cities.csv"):
        assert (out / name).is_file(), name
        assert name.split("/")[-1] in printed
    page = (out / "network.html").read_text(encoding="utf-8")
    assert "<html" in page.lower() and "vis-network" in page


def test_validate_query_and_export_give_the_checkouts_answers(installed):
    assert "conforms" in _cg(installed, "validate").lower()
    for args in (["query", "sister-cities", "--param", "city=인천", "--lang", "ko",
                  "--format", "csv"], ["export"], ["export", "--format", "json-ld"]):
        here = _sh(sys.executable, "-m", "climategraph.cli", *args, cwd=ROOT, env=_env())
        assert _cg(installed, *args) == here.stdout, args
    assert "고베" in _cg(installed, "query", "sister-cities", "--lang", "ko")


def test_an_unknown_query_is_one_line_from_the_wheel(installed):
    command = installed["venv"] / "bin" / "climategraph"
    done = _sh(command, "query", "sister-citys", cwd=installed["work"], env=_env(), ok=(2,))
    assert done.stderr.count("\n") == 1 and "did you mean sister-cities" in done.stderr
