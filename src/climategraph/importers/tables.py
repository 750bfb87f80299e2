"""Reading a table of rows, streamed: CSV or TSV (UTF-8, UTF-8 with BOM, CP949/EUC-KR;
detected, or given) and XLSX (openpyxl, read-only, one sheet).

Rows come as ``(line, {header: cell})``; the line is the file's line (CSV) or the
sheet's row number (XLSX), so a message can point at it.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from climategraph.errors import LoadError

SAMPLE = 1 << 16
ENCODINGS = ("utf-8", "utf-8-sig", "cp949", "euc-kr")
Row = tuple[int, dict[str, str]]


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` if the sample decodes, else ``cp949``.

    >>> detect_encoding("광명".encode("cp949")), detect_encoding("광명".encode())
    ('cp949', 'utf-8')
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp949"
    return "utf-8"


def read_rows(path: Path, *, sheet: str | None = None, encoding: str | None = None
              ) -> tuple[list[str], Iterator[Row]]:
    """The header and a stream of rows of ``path`` (raises :class:`LoadError`)."""
    if not path.is_file():
        raise LoadError("no such file", path=path, hint="check the path")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet)
    if sheet:
        raise LoadError("--sheet is only for XLSX files", path=path)
    return _text(path, encoding)


def _text(path: Path, encoding: str | None) -> tuple[list[str], Iterator[Row]]:
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE)
    if b"\x00" in sample or sample.startswith(b"PK\x03\x04"):
        raise LoadError("not a text table (binary content)", path=path,
                        hint="give a CSV, TSV or .xlsx file")
    encoding = encoding or detect_encoding(sample)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise LoadError(f"unknown encoding {encoding!r}", path=path,
                        hint=f"use one of {', '.join(ENCODINGS)}") from None
    handle = path.open(encoding=encoding, newline="", errors="strict")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(sample, encoding)
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        handle.close()
        raise LoadError("empty file", path=path, hint="the first line names the columns") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        handle.close()
        raise LoadError(f"cannot read the header: {exc}", path=path, line=1,
                        hint="give --encoding (utf-8, cp949)") from None
    return header, _stream(path, handle, reader, header)


def _delimiter(sample: bytes, encoding: str) -> str:
    first = sample.decode(encoding, errors="replace").splitlines()[0] if sample else ""
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _stream(path: Path, handle: object, reader: Iterator[list[str]], header: list[str]
            ) -> Iterator[Row]:
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as exc:
                line = getattr(reader, "line_num", None)
                raise LoadError(f"cannot read: {exc}", path=path, line=line,
                                hint="give --encoding (utf-8, cp949) or fix the quoting"
                                ) from None
            if any(c.strip() for c in cells):
                yield reader.line_num, dict(zip(header, (c.strip() for c in cells)))  # type: ignore[attr-defined]
    finally:
        handle.close()  # type: ignore[attr-defined]


def _xlsx(path: Path, sheet: str | None) -> tuple[list[str], Iterator[Row]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)  # formulas as text: refused
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise LoadError(f"not a readable XLSX workbook: {exc}", path=path,
                        hint="save it again as .xlsx, or export CSV") from None
    if sheet is not None and sheet not in book.sheetnames:
        book.close()
        raise LoadError(f"no sheet {sheet!r}", path=path,
                        hint=f"sheets: {', '.join(book.sheetnames)}")
    rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
    try:
        header = [_cell(c) for c in next(rows)]
    except StopIteration:
        book.close()
        raise LoadError("empty sheet", path=path, hint="the first row names the columns") from None
    return header, _sheet_rows(book, rows, header)


def _sheet_rows(book: object, rows: Iterator[tuple[object, ...]], header: list[str]
                ) -> Iterator[Row]:
    try:
        for number, values in enumerate(rows, start=2):
            cells = [_cell(v) for v in values]
            if any(cells):
                yield number, dict(zip(header, cells))
    finally:
        book.close()  # type: ignore[attr-defined]


def _cell(value: object) -> str:
    """A cell as text; whole numbers without ``.0`` (a year typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()  # type: ignore[attr-defined]
    return str(value).strip()
