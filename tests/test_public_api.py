"""The public API (``import climategraph``): cheap to import, every exported name
resolves, nothing public left out; saved queries by name; typed DataFrames; pages
shown inline."""

from __future__ import annotations

import html
import inspect
import subprocess
import sys
import types

import pytest

import climategraph
from climategraph.errors import ClimateGraphError, QueryError


def test_importing_the_package_loads_no_heavy_library():
    code = (
        "import sys, climategraph\n"
        "heavy = ('rdflib', 'networkx', 'pyoxigraph', 'pyshacl', 'pyvis', 'pandas', 'igraph')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        "climategraph.load_graph\n"
        "print('climategraph.store.load' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "True"]  # nothing at import; a first use imports its module


def test_exported_members():
    """As httpx's test: ``__all__`` is exactly the public names, and each resolves to the
    object its defining module holds."""
    exported = set(climategraph._EXPORTS) | {"__version__"}
    assert sorted(climategraph.__all__) == sorted(exported)
    for name in climategraph.__all__:
        value = getattr(climategraph, name)
        assert value is not None, name
        assert name in dir(climategraph), name
    for name, where in climategraph._EXPORTS.items():
        module, _, attribute = where.partition(":")
        assert getattr(sys.modules[module], attribute or name) is getattr(climategraph, name)
    eager = {
        name for name, value in vars(climategraph).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)  # subpackages, once imported
        and name not in ("annotations", "import_module", "TYPE_CHECKING", "Any")
    }
    assert eager <= exported


def test_every_library_error_is_exported():
    """Each exception a public function may raise can be caught by its public name."""
    import climategraph.errors as errors

    defined = {
        name for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, Exception)
    }
    assert defined <= set(climategraph.__all__)
    assert issubclass(climategraph.NoPathError, climategraph.ClimateGraphError)


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'load_grpah'"):
        climategraph.load_grpah  # noqa: B018


def test_the_type_checking_imports_match_the_table():
    """The block that editors and mypy read imports the same objects as the lazy table."""
    import ast

    tree = ast.parse(inspect.getsource(climategraph))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"
    )
    seen = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        for alias in node.names:
            attribute = "" if alias.asname is None else f":{alias.name}"
            seen[alias.asname or alias.name] = f"{node.module}{attribute}"
    assert seen == climategraph._EXPORTS


def test_run_query_takes_a_saved_query_by_name(shipped_graph):
    by_name = climategraph.run_query(shipped_graph, "sister-cities", {"city": "인천"}, lang="ko")
    saved = climategraph.saved_queries()["sister-cities"]
    by_object = climategraph.run_query(shipped_graph, saved, {"city": "인천"}, lang="ko")
    assert by_name == by_object
    assert by_name.rows  # Incheon's partner cities, from the articles
    assert "고베" in by_name.column("partnerName")  # labels in Korean


def test_run_query_names_the_closest_saved_queries(shipped_graph):
    with pytest.raises(QueryError, match=r"unknown query 'sister-citys'; did you mean sister-cit"):
        climategraph.run_query(shipped_graph, "sister-citys")


def test_run_query_still_takes_query_text(shipped_graph):
    from rdflib import RDFS

    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    result = climategraph.run_query(shipped_graph, text)
    assert result.vars == ["n"]
    assert int(result.rows[0][0]) == len(set(shipped_graph.triples((None, RDFS.label, None)))) > 0


def test_to_dataframe_types_the_columns(shipped_graph):
    pd = pytest.importorskip("pandas")  # a test extra: present under `make test`
    result = climategraph.run_query(shipped_graph, "timeline")
    frame = result.to_dataframe()
    assert list(frame.columns) == result.vars
    assert len(frame) == len(result.rows)
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert pd.api.types.is_integer_dtype(frame["sequence"])
    assert str(frame["eventName"].dtype) == "string"
    first = result.rows[0][result.vars.index("date")]
    assert frame["date"].iloc[0].date().isoformat() == str(first)[:10]


def test_to_dataframe_counts_are_numbers(shipped_graph):
    pytest.importorskip("pandas")
    frame = climategraph.run_query(shipped_graph, "organisation-reach").to_dataframe()
    counts = ["eventCount", "cityCount", "countryCount"]
    assert [str(frame[c].dtype) for c in counts] == ["Int64"] * 3
    assert str(frame["events"].dtype) == "string"  # a list column stays text
    assert (frame[counts].fillna(0) >= 0).all().all()


def test_to_dataframe_without_pandas_says_what_to_install(monkeypatch, shipped_graph):
    result = climategraph.run_query(shipped_graph, "agreements")
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` fails
    with pytest.raises(ClimateGraphError, match=r"needs pandas.*pip install pandas"):
        result.to_dataframe()


def test_a_page_shows_inline_as_an_escaped_iframe(shipped_graph, tmp_path):
    path, G = climategraph.write_page(shipped_graph, tmp_path / "p.html", climategraph.PageSpec())
    page = climategraph.Page.open(path)
    shown = page._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and shown.endswith("</iframe>")
    srcdoc = shown.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]
    assert '"' not in srcdoc and "<" not in srcdoc  # the attribute cannot be closed early
    assert html.unescape(srcdoc) == path.read_text(encoding="utf-8")
    assert G.number_of_nodes() > 0
