"""Plain-text output: terminal tables that handle wide (Korean) characters, Markdown."""

from __future__ import annotations

from collections.abc import Sequence


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (Hangul and CJK take two).

    >>> width("Incheon"), width("인천")
    (7, 4)
    """
    from wcwidth import wcswidth

    cells = wcswidth(text)
    return cells if cells >= 0 else len(text)


def _pad(text: str, cells: int) -> str:
    return text + " " * (cells - width(text))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A table aligned by display width, with a rule under the header.

    >>> print(render_table(["city", "n"], [["인천", 4], ["Gwangmyeong", 10]]))
    city         n
    -----------  --
    인천         4
    Gwangmyeong  10
    """
    cells = [[_clean(c) for c in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cells:
        widths = [max(w, width(c)) for w, c in zip(widths, row)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def render_markdown(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; pipes in cells are escaped.

    >>> print(render_markdown(["a", "b"], [["x|y", 1]]))
    | a | b |
    | --- | --- |
    | x\\|y | 1 |
    """
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_clean(c).replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines)


def _clean(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())
