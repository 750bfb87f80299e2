"""The texts of a network page in English and Korean: titles, legend, summary line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from climategraph.pages.spec import PageSpec


NETWORK_TITLES = {
    "actor": (
        "Actor network: organisations tied by shared events, partner-city links and agreements",
        "행위자 네트워크: 공동 행사·자매/우호도시·협약으로 연결된 기관",
    ),
    "bipartite": ("Actors and the events they took part in", "행위자와 참여한 행사"),
    "full": ("Every entity and link in the graph", "그래프의 모든 개체와 연결"),
}

UI = {
    "en": {
        "search": "Find (English or 한국어)",
        "go": "Find",
        "kind": "Kind",
        "country": "Country",
        "all": "all",
        "colour": "Colour",
        "size": "Size",
        "none": "(none)",
        "ties": "Ties",
        "several": "several kinds",
        "labels": "Names",
        "notfound": "No node matches",
    },
    "ko": {
        "search": "찾기 (한국어 or English)",
        "go": "찾기",
        "kind": "유형",
        "country": "국가",
        "all": "전체",
        "colour": "색",
        "size": "크기",
        "none": "(없음)",
        "ties": "연결",
        "several": "여러 유형",
        "labels": "이름",
        "notfound": "일치하는 노드 없음",
    },
}


def texts(spec: PageSpec, G: nx.Graph, data: dict[str, Any]) -> dict[str, Any]:
    """The heading, the summary line and the UI strings in ``spec.lang``."""
    ko = spec.lang == "ko"
    title = NETWORK_TITLES[spec.network][1 if ko else 0]
    if spec.focus:
        steps = f"{spec.depth}단계" if ko else f"{spec.depth} step(s)"
        title += f" — {spec.focus} ({steps})"
    first, last = data["period"]
    window = [x for x in (spec.start, spec.end) if x]
    nodes, edges, drawn = G.number_of_nodes(), G.number_of_edges(), len(data["edges"])
    if ko:
        when = f"행사 날짜 {first} ~ {last}" if first else "날짜 있는 행사 없음"
        shown = f"노드 {nodes}개, 연결 {edges}개 표시"
        if drawn < edges:
            shown = (f"노드 {nodes}개, 연결 {edges}개 중 가장 강한 {drawn}개 표시 "
                     "(노드마다 가장 강한 연결 포함; --max-edges)")
        scope = f"기간 필터 {spec.start or '…'} ~ {spec.end or '…'}" if window else ""
    else:
        when = f"events dated {first} to {last}" if first else "no dated events"
        shown = f"showing {nodes} nodes and {edges} edges"
        if drawn < edges:
            shown = (f"showing {nodes} nodes and the {drawn} strongest of {edges} edges "
                     "(each node's strongest included; --max-edges)")
        scope = f"time window {spec.start or '…'} to {spec.end or '…'}" if window else ""
    source = f"데이터: {spec.source}" if ko else f"Data: {spec.source}"
    summary = " · ".join(x for x in (source, when, scope, shown, _sampled(data, nodes, ko))
                         if x)
    return {"title": title, "summary": summary, "ui": UI[spec.lang],
            "nodes": nodes, "edges": drawn}


def _sampled(data: dict[str, Any], nodes: int, ko: bool) -> str:
    """The summary's note that betweenness is an estimate, when it is sampled."""
    k = data.get("betweenness_k")
    if k is None:
        return ""
    if ko:
        return f"매개 중심성은 근사값 (노드 {nodes}개 중 출발점 {k}개 표본)"
    return f"betweenness APPROXIMATE (sampled from {k} of {nodes} nodes as sources)"
