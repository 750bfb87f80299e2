"""A table of city-to-city partner links: ``city, country, partner, partner_country,
kind, since, source`` (only ``city`` and ``partner`` required; other headers mapped
with ``--column NAME=HEADER``).

``kind`` is sister / friendship / partner / MOU, or 자매 / 우호 / 상호결연 (and the
forms with 도시); ``since`` a year, year-month or date. A row that cannot be read is
refused with its line and column and the import goes on; a pair stated twice is one
link, unless the two rows contradict each other on kind or date. A ``source`` cell (a
URL or a reference) is kept on the link as ``dct:source``; the rows a link or place
cites are capped at 50 each, so a 10^6-row file stays small in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from climategraph.dates import DateFormatError, period_day
from climategraph.errors import LoadError
from climategraph.importers.engine import Refused
from climategraph.importers.output import Entry, Link
from climategraph.importers.tables import Row

COLUMNS = ("city", "country", "partner", "partner_country", "kind", "since", "source")
REQUIRED = ("city", "partner")
KINDS = {
    "sister": "SisterCity", "sistercity": "SisterCity", "twin": "SisterCity",
    "자매": "SisterCity", "자매도시": "SisterCity", "자매결연": "SisterCity",
    "friendship": "FriendshipCity", "friendshipcity": "FriendshipCity",
    "우호": "FriendshipCity", "우호도시": "FriendshipCity", "우호협력": "FriendshipCity",
    "partner": "MutualPartnership", "partnership": "MutualPartnership",
    "mou": "MutualPartnership", "상호결연": "MutualPartnership", "결연": "MutualPartnership",
    "결연도시": "MutualPartnership",
}
_FORMULA = ("=", "+", "-", "@")
_SINCE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def column_map(header: list[str], mapping: dict[str, str], path: Path) -> dict[str, str]:
    """Our column name -> the file's header, by name (case-insensitive) or ``--column``."""
    lower = {h.casefold().lstrip("\ufeff"): h for h in header}
    found = {}
    for name in COLUMNS:
        wanted = mapping.get(name, name)
        if wanted.casefold() in lower:
            found[name] = lower[wanted.casefold()]
        elif name in mapping:
            raise LoadError(f"--column {name}={wanted}: no such header", path=path, line=1,
                            hint=f"headers: {', '.join(header)[:200]}")
    missing = [n for n in REQUIRED if n not in found]
    if missing:
        raise LoadError(f"missing required column {missing[0]!r}", path=path, line=1,
                        hint=f"name a header {missing[0]} or give --column {missing[0]}=HEADER")
    return found


def read(path: Path, header: list[str], rows: Iterator[Row], mapping: dict[str, str],
         country_of: Callable[[str], str | None], progress: Callable[[int], None] | None = None
         ) -> tuple[dict[str, Entry], list[Link], list[Refused]]:
    """Entries (one per distinct name and country) and links, with the refused rows."""
    columns = column_map(header, mapping, path)
    entries: dict[str, Entry] = {}
    links: dict[tuple[str, str], Link] = {}
    refused: list[Refused] = []
    for count, (line, row) in enumerate(rows, start=1):
        if progress and count % 100_000 == 0:
            progress(count)
        where = f"{path.name}:{line}"
        try:
            cells = _cells(row, columns, country_of)
        except _Bad as bad:
            refused.append(Refused(where, bad.column, bad.message))
            continue
        keys = [_entry(entries, cells[n], cells.get(c, ""), where)
                for n, c in (("city", "country"), ("partner", "partner_country"))]
        if keys[0] == keys[1]:
            refused.append(Refused(where, columns["partner"], "a city partnered with itself"))
            continue
        problem = _add_link(links, keys, cells, where)
        if problem:
            refused.append(Refused(where, columns[problem[0]], problem[1]))
    return entries, list(links.values()), refused


class _Bad(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _cells(row: dict[str, str], columns: dict[str, str],
           country_of: Callable[[str], str | None]) -> dict[str, str]:
    cells = {name: row.get(header, "") or "" for name, header in columns.items()}
    for name, value in cells.items():
        if value.startswith(_FORMULA):
            raise _Bad(columns[name], f"{value[:20]!r} looks like a spreadsheet formula; "
                       "write the value itself")
    for name in REQUIRED:
        if not cells[name]:
            raise _Bad(columns[name], "empty name; fill it in or delete the row")
    for name in ("country", "partner_country"):
        if cells.get(name):
            code = country_of(cells[name])
            if code is None:
                raise _Bad(columns[name], f"unknown country {cells[name][:40]!r}; write its "
                           "English or Korean name or ISO code")
            cells[name] = code
    cells["kind"] = _kind(cells.get("kind", ""), columns)
    cells["since"] = _since(cells.get("since", ""), columns)
    return cells


def _kind(text: str, columns: dict[str, str]) -> str:
    if not text:
        return "SisterCity"
    key = re.sub(r"[\s_\-]+", "", text.casefold())
    if key not in KINDS:
        raise _Bad(columns["kind"], f"unknown kind {text[:20]!r}; use sister, friendship, "
                   "partner, MOU, 자매, 우호 or 상호결연")
    return KINDS[key]


def _since(text: str, columns: dict[str, str]) -> str:
    text = text.replace(".", "-").replace("/", "-").strip("-")
    if not text:
        return ""
    try:
        if not _SINCE.fullmatch(text):
            raise DateFormatError(text)
        period_day(text)
    except (DateFormatError, ValueError):
        raise _Bad(columns["since"], f"date {text[:20]!r} is not YYYY, YYYY-MM or "
                   "YYYY-MM-DD") from None
    return text


def _entry(entries: dict[str, Entry], name: str, country: str, where: str) -> str:
    key = f"{name}|{country}"
    entry = entries.get(key)
    if entry is None:
        entry = entries[key] = Entry(key, name, country or None)
    if len(entry.rows) < 50:
        entry.rows.add(where)
    return key


def _add_link(links: dict[tuple[str, str], Link], keys: list[str], cells: dict[str, str],
              where: str) -> tuple[str, str] | None:
    a, b = sorted(keys)
    link = links.get((a, b))
    source = {cells["source"]} if cells.get("source") else set()
    if link is None:
        links[(a, b)] = Link(a, b, cells["kind"], cells["since"] or None, {where}, source)
        return None
    if link.kind != cells["kind"]:
        return "kind", f"kind {cells['kind']} contradicts {link.kind} of {min(link.rows)}"
    if cells["since"] and link.since and cells["since"] != link.since:
        return "since", f"date {cells['since']} contradicts {link.since} of {min(link.rows)}"
    link.since = link.since or cells["since"] or None
    if len(link.rows) < 50:
        link.rows.add(where)
        link.sources |= source
    return None
