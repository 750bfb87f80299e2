"""Query results and their formats: W3C SPARQL 1.1 JSON, CSV and TSV, terminal
table and Markdown.

- ``json``: SPARQL 1.1 Query Results JSON Format (``head.vars``, ``results.bindings``
  with ``type``/``value``/``xml:lang``/``datatype``); unbound cells are left out.
- ``csv``: SPARQL 1.1 Query Results CSV Format: a header of variable names, values
  without datatype or language, IRIs bare, RFC 4180 quoting, CRLF line ends; by
  default a literal starting like a spreadsheet formula gets a leading ``'``
  (``exact=True`` or ``CLIMATEGRAPH_CSV=exact`` for the exact W3C form).
- ``tsv``: SPARQL 1.1 Query Results TSV Format: a header of ``?vars``, values in
  Turtle / N-Triples syntax, LF line ends.
- ``xml``: SPARQL Query Results XML Format (second edition): ``<head>`` of
  ``<variable>``, ``<result>`` of ``<binding>`` with ``<uri>``/``<bnode>``/``<literal>``;
  unbound cells are left out; characters XML 1.0 forbids become U+FFFD.
- ``table`` / ``md``: lexical values, IRIs shortened to ``prefix:name``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from rdflib.term import Node


FORMATS = ("table", "csv", "tsv", "json", "xml", "md")

#: prefixes used to shorten IRIs in tables (as in graph.bind_prefixes)
_SHORT = (
    ("cgr:", "https://w3id.org/climategraph/id/"),
    ("cg:", "https://w3id.org/climategraph/ontology#"),
    ("cgt:", "https://w3id.org/climategraph/topic/"),
)


@dataclass(frozen=True)
class QueryResult:
    """A SELECT result: variable names and rows of RDF terms (None when unbound)."""

    vars: list[str]
    rows: list[tuple[Node | None, ...]]
    lists: tuple[str, ...] = field(default=(), compare=False)

    def normalised(self) -> QueryResult:
        """List cells (``GROUP_CONCAT`` with ``"; "``) with their parts sorted and
        unique, as plain literals, so the same data gives the same rows on every
        engine (engines differ in order, and Oxigraph keeps a common language tag);
        ``xsd:string`` literals as simple literals (the same term in RDF 1.1)."""
        from rdflib import Literal
        from rdflib.namespace import XSD

        at = [i for i, v in enumerate(self.vars) if v in self.lists]
        rows = []
        for row in self.rows:
            cells = [
                Literal(str(c)) if isinstance(c, Literal) and c.datatype == XSD.string else c
                for c in row
            ]
            for i in at:
                text = "" if cells[i] is None else str(cells[i])
                cells[i] = Literal("; ".join(sorted(set(text.split("; ")) - {""})))
            rows.append(tuple(cells))
        return replace(self, rows=rows)

    def values(self) -> list[tuple[str, ...]]:
        """Rows as plain strings (lexical forms; "" when unbound)."""
        return [tuple("" if c is None else str(c) for c in row) for row in self.rows]

    def column(self, name: str) -> list[str]:
        """One column's plain values."""
        at = self.vars.index(name)
        return [row[at] for row in self.values()]

    def records(self) -> list[dict[str, str]]:
        """Rows as dicts of plain values (unbound cells left out)."""
        return [
            {v: str(c) for v, c in zip(self.vars, row) if c is not None} for row in self.rows
        ]

    def to_dataframe(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame with typed columns (pandas is optional).

        A column whose values are all numbers (``xsd:integer``, ``xsd:decimal``,
        ``xsd:double`` ...) is numeric (integers as the nullable ``Int64``); all
        dates (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``: the first day of the
        month or year) is ``datetime64``; all date-times is ``datetime64`` with their
        time zone (UTC when they mix zones); all booleans is ``boolean``; anything
        else (IRIs, text, mixed kinds) is text. Unbound cells are missing values.

        Raises
        ------
        ClimateGraphError
            When pandas is not installed.

        Examples
        --------
        >>> from rdflib import Literal, URIRef
        >>> from rdflib.namespace import XSD
        >>> r = QueryResult(["x", "n", "d"], [
        ...     (URIRef("https://e.org/a"), Literal(3), Literal("2021-04-23", datatype=XSD.date)),
        ...     (Literal("b", lang="en"), None, Literal("2022", datatype=XSD.gYear))])
        >>> frame = r.to_dataframe()
        >>> [str(t) for t in frame.dtypes[:2]], frame["d"].dt.date.tolist()
        (['string', 'Int64'], [datetime.date(2021, 4, 23), datetime.date(2022, 1, 1)])
        """
        try:
            import pandas as pd
        except ImportError:
            from climategraph.errors import ClimateGraphError

            raise ClimateGraphError(
                "QueryResult.to_dataframe() needs pandas, which is not installed",
                hint="pip install pandas",
            ) from None
        columns = {v: _typed_column(pd, [row[i] for row in self.rows])
                   for i, v in enumerate(self.vars)}
        return pd.DataFrame(columns, columns=list(self.vars))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    _XSD + t for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
}
_NUMBERS = _INTEGERS | {_XSD + t for t in ("decimal", "double", "float")}
_DATES = {_XSD + "date": "", _XSD + "gYearMonth": "-01", _XSD + "gYear": "-01-01"}


def _typed_column(pd: Any, cells: list[Node | None]) -> Any:
    """One column as a pandas Series of the type all its values share (see
    :meth:`QueryResult.to_dataframe`); text when they share none, or when a value
    is not a valid lexical form of its type."""
    from rdflib import Literal

    present = [c for c in cells if c is not None]
    kinds = {str(c.datatype) if isinstance(c, Literal) else "" for c in present}
    text = [None if c is None else str(c) for c in cells]
    if present and "" not in kinds:
        try:
            typed = _typed(pd, kinds, text, cells)
        except (ValueError, TypeError):  # an ill-typed literal
            typed = None
        if typed is not None:
            return typed
    return pd.Series(text, dtype="string")


def _typed(pd: Any, kinds: set[str], text: list[str | None], cells: list[Any]) -> Any:
    if kinds <= _INTEGERS:
        return pd.Series([None if c is None else int(c) for c in text], dtype="Int64")
    if kinds <= _NUMBERS:
        return pd.to_numeric(pd.Series(text, dtype="object"))
    if kinds <= set(_DATES):
        days = [None if c is None else str(c)[:10] + _DATES[str(c.datatype)] for c in cells]
        return pd.to_datetime(pd.Series(days, dtype="object"), format="%Y-%m-%d")
    if kinds == {_XSD + "dateTime"}:
        times = pd.Series(text, dtype="object")
        if len({t[19:].lstrip(".0123456789") for t in text if t}) > 1:  # several zones
            return pd.to_datetime(times, format="ISO8601", utc=True)
        return pd.to_datetime(times, format="ISO8601")
    if kinds == {_XSD + "boolean"}:
        return pd.Series([None if c is None else c in ("true", "1") for c in text],
                         dtype="boolean")
    return None


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return json.dumps(
        {
            "head": {"vars": list(result.vars)},
            "results": {
                "bindings": [
                    {v: _json_term(c) for v, c in zip(result.vars, row) if c is not None}
                    for row in result.rows
                ]
            },
        },
        ensure_ascii=False,
        indent=2,
    )


def _json_term(term: Node) -> dict[str, str]:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    return {"type": "uri", "value": str(term)}


def to_xml(result: QueryResult) -> str:
    r"""SPARQL Query Results XML Format.

    >>> from rdflib import Literal, URIRef
    >>> print(to_xml(QueryResult(["a", "b"], [(URIRef("http://x/1"), Literal("서울", lang="ko")),
    ...                                       (None, Literal("1<2\x01"))])))
    <?xml version="1.0" encoding="utf-8"?>
    <sparql xmlns="http://www.w3.org/2005/sparql-results#">
      <head>
        <variable name="a"/>
        <variable name="b"/>
      </head>
      <results>
        <result>
          <binding name="a"><uri>http://x/1</uri></binding>
          <binding name="b"><literal xml:lang="ko">서울</literal></binding>
        </result>
        <result>
          <binding name="b"><literal>1&lt;2�</literal></binding>
        </result>
      </results>
    </sparql>
    <BLANKLINE>
    """
    from climategraph.text import xml_text

    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "  <head>",
        *(f'    <variable name={xml_text(v, quote=True)}/>' for v in result.vars),
        "  </head>",
        "  <results>",
    ]
    for row in result.rows:
        lines.append("    <result>")
        lines += [
            f"      <binding name={xml_text(v, quote=True)}>{_xml_term(c)}</binding>"
            for v, c in zip(result.vars, row)
            if c is not None
        ]
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>", ""]
    return "\n".join(lines)


def _xml_term(term: Node) -> str:
    from rdflib import BNode, Literal

    from climategraph.text import xml_text

    if isinstance(term, Literal):
        if term.language:
            attribute = f" xml:lang={xml_text(term.language, quote=True)}"
        elif term.datatype:
            attribute = f" datatype={xml_text(str(term.datatype), quote=True)}"
        else:
            attribute = ""
        return f"<literal{attribute}>{xml_text(str(term))}</literal>"
    kind = "bnode" if isinstance(term, BNode) else "uri"
    return f"<{kind}>{xml_text(str(term))}</{kind}>"


#: set to ``exact`` for exact W3C CSV everywhere (no spreadsheet guard)
ENV_CSV = "CLIMATEGRAPH_CSV"


def exact_csv_default() -> bool:
    """Whether CSV is exact W3C CSV by default (``CLIMATEGRAPH_CSV=exact``)."""
    import os

    return os.environ.get(ENV_CSV, "").strip().lower() == "exact"


def to_csv(result: QueryResult, *, exact: bool | None = None) -> str:
    """SPARQL 1.1 Query Results CSV (RFC 4180 quoting, CRLF), for spreadsheets: a
    text cell that starts like a formula (``=``, ``+``, ``-``, ``@``) gets a leading
    ``'`` (the OWASP guard; see :func:`climategraph.text.spreadsheet_cell`), unless
    ``exact`` (default: :func:`exact_csv_default`), which writes the values as they are."""
    from rdflib import BNode, Literal

    from climategraph.text import spreadsheet_cell

    exact = exact_csv_default() if exact is None else exact
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.vars if exact else [spreadsheet_cell(v) for v in result.vars])
    for row in result.rows:
        cells = ["" if c is None else (f"_:{c}" if isinstance(c, BNode) else str(c)) for c in row]
        if not exact:
            cells = [
                spreadsheet_cell(text) if isinstance(c, Literal) else text
                for c, text in zip(row, cells)
            ]
        writer.writerow(cells)
    return buffer.getvalue()


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV (terms in Turtle syntax, LF)."""
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if c is None else _tsv_term(c) for c in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Node) -> str:
    return term.n3().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _display(term: Node | None) -> str:
    from rdflib import Literal

    if term is None:
        return ""
    text = str(term)
    if not isinstance(term, Literal):
        for prefix, ns in _SHORT:
            if text.startswith(ns):
                return prefix + text[len(ns) :]
    return text


def display_rows(result: QueryResult) -> list[list[str]]:
    """Rows for people: lexical values, IRIs as ``prefix:name``."""
    return [[_display(c) for c in row] for row in result.rows]


def to_table(result: QueryResult) -> str:
    """A terminal table aligned by display width (Korean takes two columns)."""
    from climategraph.text import render_table

    return render_table(result.vars, display_rows(result))


def to_markdown(result: QueryResult) -> str:
    """A Markdown table."""
    from climategraph.text import render_markdown

    return render_markdown(result.vars, display_rows(result))


def render(result: QueryResult, fmt: str) -> str:
    """``result`` in one of :data:`FORMATS`."""
    from climategraph.errors import QueryError

    writers = {
        "table": to_table,
        "csv": to_csv,
        "tsv": to_tsv,
        "json": to_json,
        "xml": to_xml,
        "md": to_markdown,
    }
    if fmt not in writers:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](result)


def from_json(text: str) -> QueryResult:
    """Read SPARQL 1.1 JSON results back (the inverse of :func:`to_json`)."""
    from rdflib import BNode, Literal, URIRef

    data: dict[str, Any] = json.loads(text)
    names: Sequence[str] = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row: list[Node | None] = []
        for name in names:
            cell = binding.get(name)
            if cell is None:
                row.append(None)
            elif cell["type"] == "uri":
                row.append(URIRef(cell["value"]))
            elif cell["type"] == "bnode":
                row.append(BNode(cell["value"]))
            else:
                dt = cell.get("datatype")
                row.append(
                    Literal(cell["value"], lang=cell.get("xml:lang"),
                            datatype=URIRef(dt) if dt else None)
                )
        rows.append(tuple(row))
    return QueryResult(list(names), rows)
