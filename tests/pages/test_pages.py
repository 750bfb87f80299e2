"""Network pages: building, escaping, layouts, and the pages in a real
headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from climategraph import pipeline
from climategraph.cli import cli
from climategraph.errors import ParameterError
from climategraph.network import build, transform
from climategraph.pages import data as pages_data
from climategraph.pages import layout, render, texts
from climategraph.pages import spec as pages_spec

HOSTILE = "<img src=x onerror=alert(1)> href"
HOSTILE_KO = "<script>window.__pwned = 1</script>"
HOSTILE_COUNTRY = "</script><b id=injected>x</b>"
ID = "https://w3id.org/climategraph/id/"


def hostile_graph() -> nx.Graph:
    """Three actors; every text field an attack."""
    G = nx.Graph(labels={ID + "ev": (HOSTILE, HOSTILE_KO), ID + "art": (HOSTILE, HOSTILE)})
    G.add_node(ID + "a", label_en=HOSTILE, label_ko=HOSTILE_KO, kind="LocalGovernment",
               country=HOSTILE_COUNTRY, lat=37.5, lon=126.9)
    G.add_node(ID + "b", label_en="Bee", label_ko="비", kind=HOSTILE, country="")
    G.add_node(ID + "c", label_en="Sea", label_ko="씨", kind="CityNetwork", country="Japan")
    G.add_edge(ID + "a", ID + "b", kinds=["shared-event"], weight=2, events=[ID + "ev"],
               links=[], sources=[ID + "art"])
    G.add_edge(ID + "b", ID + "c", kinds=[HOSTILE], weight=1, events=[], links=[], sources=[])
    G.graph["period"] = ("2021-01-01", "2022-12-31")
    return G


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.html"
    page = render.render(hostile_graph(), pages_spec.PageSpec(source=HOSTILE))
    path.write_text(page, encoding="utf-8")
    return path


# --- the HTML ----------------------------------------------------------------------


def test_hostile_text_is_escaped_in_the_html(hostile_page: Path) -> None:
    html = hostile_page.read_text(encoding="utf-8")
    for attack in (HOSTILE, HOSTILE_KO, HOSTILE_COUNTRY):
        assert attack not in html
    assert "<img" not in html and "<b id=injected" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; href" in html  # heading, datalist: as text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e href" in html  # the JSON data
    inlined = str(render._inline("vis-network.min.js")).count("<script")  # core-js's own string
    assert len(re.findall(r"<script\b", html)) == 3 + inlined  # vis, the data, the page's


def test_page_is_self_contained_and_deterministic(hostile_page: Path) -> None:
    html = hostile_page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "sourceMappingURL" not in html
    build.clear_caches()  # the second page is computed anew, not from the caches
    again = render.render(hostile_graph(), pages_spec.PageSpec(source=HOSTILE))
    assert again == html


def test_shipped_actor_page_draws_the_actor_network(shipped_graph) -> None:
    G = pages_data.build(shipped_graph, pages_spec.PageSpec())
    raw = build.build_network(shipped_graph, "actor")
    assert sorted(G) == sorted(raw) and G.number_of_nodes() > 10
    data = pages_data.page_data(G, pages_spec.PageSpec(color_by="community"))
    assert len(data["nodes"]) == raw.number_of_nodes()
    assert len(data["edges"]) == transform.combine(raw).number_of_edges()
    first, last = G.graph["period"]
    assert first is not None and first <= last
    some = data["info"][sorted(data["info"])[0]]
    assert some["en"] and some["ko"] and some["sources"]


def test_a_large_network_draws_its_strongest_ties(shipped_graph) -> None:
    # the budget: each node's heaviest tie, then the heaviest others; the tooltips
    # and metrics still describe the whole network
    spec = pages_spec.PageSpec(lang="ko")
    full = pages_data.page_data(pages_data.build(shipped_graph, spec), spec)
    G = pages_data.build(shipped_graph, spec)
    # as many as nodes: room for every node's heaviest tie, fewer than all ties
    spec = pages_spec.PageSpec(lang="ko", max_edges=G.number_of_nodes())
    data = pages_data.page_data(G, spec)
    drawn = {(e["from"], e["to"]) for e in data["edges"]}
    assert len(drawn) == spec.max_edges < G.number_of_edges()
    assert {n for pair in drawn for n in pair} == {n for n in G if G.degree(n)}
    for n in G:  # each node's heaviest tie is drawn
        if G.degree(n):
            top = max(G[n][m]["weight"] for m in G[n])
            assert any(n in pair and G.edges[pair]["weight"] == top for pair in drawn), n
    assert data["info"] == full["info"]  # degree, metrics, sources: the whole network
    summary = texts.texts(spec, G, data)["summary"]
    assert f"{G.number_of_edges()}개 중 가장 강한 {spec.max_edges}개" in summary
    with pytest.raises(ParameterError):
        pages_spec.PageSpec(max_edges=-1).check()


def _strongest_by_definition(G: nx.Graph, limit: int | None) -> list[tuple[str, str]]:
    """layout.strongest as its docstring defines it, through networkx's edge views:
    the reference for the row-by-row version."""
    pairs = sorted(tuple(sorted((str(a), str(b)))) for a, b in G.edges)
    if not limit or len(pairs) <= limit:
        return pairs

    def rank(pair):
        return (-float(G.edges[pair].get("weight", 1)), pair)

    ranked = sorted(pairs, key=rank)
    first: dict = {}
    for pair in ranked:
        for node in pair:
            first.setdefault(node, pair)
    kept = set(sorted(set(first.values()), key=rank)[:limit])
    for pair in ranked:
        if len(kept) >= limit:
            break
        kept.add(pair)
    return sorted(kept)


@pytest.mark.parametrize("data", ["shipped", "generated"])
def test_strongest_ties_equal_the_definition(request, data) -> None:
    from climategraph.store.load import load_graph
    from climategraph.synthetic.generator import generate

    if data == "generated":
        folder = request.getfixturevalue("tmp_path") / "syn"
        generate(10_000, 2, folder)
        graph = load_graph([folder])
    else:
        graph = request.getfixturevalue("shipped_graph")
    G = transform.combine(build.build_network(graph, "actor", shared=True))
    G.add_edge(next(iter(G)), next(iter(G)), weight=7)  # a self-loop is drawn once
    n = G.number_of_edges()
    assert n > 40
    for limit in (None, 0, 1, 5, n // 10, n // 2, n - 1, n, n + 1):
        assert layout.strongest(G, limit) == _strongest_by_definition(G, limit), limit


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_page_says_when_its_betweenness_is_sampled(shipped_graph, monkeypatch, lang) -> None:
    """Above the exact limit the page's tooltips show an estimate: the summary says so,
    with the sources used; below it nothing is said."""
    from climategraph.network import backends

    spec = pages_spec.PageSpec(lang=lang)
    G = pages_data.build(shipped_graph, spec)
    exact = texts.texts(spec, G, pages_data.page_data(G, spec))["summary"]
    assert "APPROXIMATE" not in exact and "근사값" not in exact
    monkeypatch.setattr(backends, "EXACT_WORK", 1)  # every network sampled
    G = pages_data.build(shipped_graph, spec)
    data = pages_data.page_data(G, spec)
    k = backends.auto_k(G.number_of_nodes(), G.number_of_edges())
    assert data["betweenness_k"] == k and 2 <= k < G.number_of_nodes()
    summary = texts.texts(spec, G, data)["summary"]
    note = (f"노드 {G.number_of_nodes()}개 중 출발점 {k}개 표본" if lang == "ko"
            else f"APPROXIMATE (sampled from {k} of {G.number_of_nodes()} nodes")
    assert note in summary


def test_cli_max_edges(tmp_path) -> None:
    out = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["viz", "--max-edges", "7", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "the 7 strongest drawn" in result.output
    assert "strongest of" in out.read_text(encoding="utf-8")
    whole = CliRunner().invoke(cli, ["viz", "--max-edges", "0", "--out", str(out)])
    assert "strongest" not in whole.output


def test_focus_keeps_the_neighbourhood(shipped_graph) -> None:
    full = pages_data.build(shipped_graph, pages_spec.PageSpec())
    hub = max(full, key=full.degree)
    name = full.nodes[hub]["label_ko"]
    near = pages_data.build(shipped_graph, pages_spec.PageSpec(focus=hub, depth=1))
    assert set(near) == {hub, *full[hub]}
    assert set(pages_data.build(shipped_graph, pages_spec.PageSpec(focus=name, depth=0))) == {hub}
    with pytest.raises(ParameterError):
        pages_data.build(shipped_graph, pages_spec.PageSpec(focus="no such place anywhere"))


def test_geo_layout_fixes_local_governments_by_coordinates(shipped_graph) -> None:
    spec = pages_spec.PageSpec(layout="geo")
    G = pages_data.build(shipped_graph, spec)
    data = pages_data.page_data(G, spec)
    assert data["physics"] is False
    assert all("x" in n and n["physics"] is False for n in data["nodes"])
    located = {n: d for n, d in G.nodes(data=True) if "lat" in d}
    assert located
    x = {n["id"]: n["x"] for n in data["nodes"]}
    west, east = min(located, key=lambda n: located[n]["lon"]), max(
        located, key=lambda n: located[n]["lon"]
    )
    assert x[west] < x[east]


@pytest.mark.slow
def test_large_networks_get_precomputed_positions() -> None:
    G = nx.path_graph([f"{ID}n{i:04d}" for i in range(pages_spec.LARGE + 50)])
    spec = pages_spec.PageSpec()
    data = pages_data.page_data(G, spec)
    assert data["physics"] is False and all("x" in n for n in data["nodes"])
    assert f"{pages_spec.LARGE + 50} nodes" in render.render(G, spec)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["igraph", "networkx"])
def test_large_layout_is_seeded_and_keeps_neighbours_close(engine, monkeypatch) -> None:

    if engine == "networkx":
        from climategraph.network import style  # the layouts live there

        monkeypatch.setattr(style, "_igraph_layout", lambda G, scale: None)
    G = nx.connected_caveman_graph(60, 20)  # 1,200 nodes in 60 tight groups
    first, physics = layout.positions(G, "physics")
    again, _ = layout.positions(G, "physics")
    assert physics is False and first == again and len(first) == G.number_of_nodes()

    def dist(a, b):
        (xa, ya), (xb, yb) = first[str(a)], first[str(b)]
        return ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5

    within = sum(dist(a, b) for a, b in G.edges()) / G.number_of_edges()
    across = sum(dist(i * 20, j * 20) for i in range(0, 60, 7) for j in range(3, 60, 11)) / 81
    assert within < across / 3


def test_full_network_and_bipartite(shipped_graph) -> None:
    full = pages_data.build(shipped_graph, pages_spec.PageSpec(network="full"))
    bip = pages_data.build(shipped_graph, pages_spec.PageSpec(network="bipartite"))
    assert set(bip) < set(full)
    assert any(d["kind"] == "Article" for _, d in full.nodes(data=True))


def test_cli_viz_writes_a_page(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "page.html"
    result = CliRunner().invoke(cli, ["viz", "--network", "bipartite", "--out", str(out),
                                      "--lang", "ko", "--size-by", "pagerank"])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "wrote" in result.output
    assert list(tmp_path.rglob("*.tmp")) == []
    bad = CliRunner().invoke(cli, ["viz", "--focus", "no such place anywhere",
                                   "--out", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and not (tmp_path / "x.html").exists()


def test_pipeline_writes_both_pages(shipped_graph, tmp_path: Path) -> None:
    written = pipeline.write_pages(shipped_graph, tmp_path)
    assert [p.name for p, _ in written] == ["network.html", "network-bipartite.html"]
    assert all(p.stat().st_size > 100_000 for p, _ in written)


# --- in a real browser -------------------------------------------------------------


def open_page(browser, path: Path):
    """Load ``path`` from file://, recording requests and dialogs; wait until drawn."""
    # bypass_csp: the page's own CSP forbids Playwright's evaluate(); the escaping
    # must hold without the CSP's help anyway.
    page = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    seen: dict[str, list] = {"requests": [], "dialogs": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.climategraph && window.climategraph.settled", timeout=60_000)
    return page, seen


def hover_first(page) -> str:
    """Move the mouse onto the first node; return the tooltip's text."""
    box = page.eval_on_selector("#cg-network", "e => { const r = e.getBoundingClientRect();"
                                " return [r.left, r.top]; }")
    x, y = page.evaluate("""() => { const c = window.climategraph;
        const id = c.nodes.getIds()[0];
        const p = c.network.canvasToDOM(c.network.getPositions([id])[id]);
        return [p.x, p.y]; }""")
    page.mouse.move(box[0] + x + 1, box[1] + y + 1)
    page.mouse.move(box[0] + x, box[1] + y)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    return tip.inner_text()


def colours_in_screenshot(browser, png: bytes) -> int:
    """Distinct colours in a screenshot, decoded by the browser itself."""
    page = browser.new_page()
    src = "data:image/png;base64," + base64.b64encode(png).decode()
    count = page.evaluate("""async (src) => {
        const img = new Image(); img.src = src; await img.decode();
        const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
        const g = c.getContext("2d"); g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data; const seen = new Set();
        for (let i = 0; i < d.length; i += 4) { seen.add((d[i] << 16) | (d[i+1] << 8) | d[i+2]); }
        return seen.size; }""", src)
    page.close()
    return int(count)


@pytest.fixture(scope="module")
def shipped_pages(shipped_graph, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("pages")
    return {p.name: p for p, _ in pipeline.write_pages(shipped_graph, out)}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["network.html", "network-bipartite.html"])
def test_shipped_page_in_chromium(browser, shipped_graph, shipped_pages, name: str) -> None:
    kind = "bipartite" if "bipartite" in name else "actor"
    expected = build.build_network(shipped_graph, kind)
    page, seen = open_page(browser, shipped_pages[name])
    assert [u for u in seen["requests"] if not u.startswith("file://")] == []
    assert page.evaluate("window.climategraph.nodes.length") == expected.number_of_nodes()
    first = sorted(expected)[0]
    assert expected.nodes[first]["label_en"] in hover_first(page)
    assert colours_in_screenshot(browser, page.screenshot()) > 50
    assert seen["errors"] == [] and seen["dialogs"] == []
    page.evaluate("(name) => window.climategraph.focus(name)", expected.nodes[first]["label_ko"])
    assert page.evaluate("window.climategraph.network.getSelectedNodes()") == [first]
    page.close()


@pytest.mark.slow
def test_hostile_page_in_chromium(browser, hostile_page: Path) -> None:
    page, seen = open_page(browser, hostile_page)
    assert [u for u in seen["requests"] if not u.startswith("file://")] == []
    assert page.evaluate("window.climategraph.nodes.length") == 3
    assert HOSTILE in hover_first(page)  # the first node is the hostile one, shown as text
    assert page.inner_text("#cg-summary").startswith(f"Data: {HOSTILE}")
    assert page.evaluate("window.__pwned") is None
    assert page.query_selector_all("img, #injected") == []
    assert seen["dialogs"] == [] and seen["errors"] == []
    page.select_option("#cg-country", HOSTILE_COUNTRY)
    hidden = page.evaluate("window.climategraph.nodes.get().filter(n => n.hidden).length")
    assert hidden == 2
    assert colours_in_screenshot(browser, page.screenshot()) > 50
    page.close()
