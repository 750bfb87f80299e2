"""A curator's decisions (``--decisions FILE.csv``) and the rows that need one
(``--review FILE.csv``).

Both files share the columns ``key, choice``: the review file lists the key of each
place that needs a person, its outcome, why, and the candidates, with an empty
``choice``; filled in (an IRI or ``cgr:`` name, ``geonames:ID``, ``new`` or ``skip``)
it is a decisions file for the next run.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from climategraph.errors import LoadError

if TYPE_CHECKING:
    from climategraph.importers.output import Entry

REVIEW_COLUMNS = ("key", "name", "country", "outcome", "reason", "candidates", "rows", "choice")


def read(path: Path) -> dict[str, str]:
    """Key -> choice, for every row with a choice. Raises :class:`LoadError`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"cannot read the decisions: {exc}", path=path,
                        hint="give a UTF-8 CSV with columns key,choice") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"key", "choice"} <= set(reader.fieldnames):
        raise LoadError("the decisions file needs the columns key and choice", path=path,
                        line=1, hint="write a header line 'key,choice'")
    found: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        key, choice = (row.get("key") or "").strip(), (row.get("choice") or "").strip()
        if not choice:
            continue
        if not key:
            raise LoadError("a decision without a key", path=path, line=line,
                            hint="copy the key from the review file")
        found[key] = choice
    return found


def review_csv(entries: list[Entry], limit_rows: int = 5) -> bytes:
    """The review file: one row per place that needs a person, sorted by key."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for entry in sorted(entries, key=lambda e: e.key):
        res = entry.resolution
        assert res is not None
        rows = sorted(entry.rows)
        writer.writerow([
            entry.key, _safe(entry.name), entry.country or "", res.outcome, res.reason,
            " | ".join(c.describe() for c in res.candidates),
            " ".join(rows[:limit_rows]) + (" ..." if len(rows) > limit_rows else ""), "",
        ])
    return out.getvalue().encode("utf-8")


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
