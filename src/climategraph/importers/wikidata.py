"""Wikidata's sister-city extract (property P190): ``names.tsv`` (``QID<TAB>label``)
and ``relations.tsv`` (``QID<TAB>QID``, one direction per line; a pair may be stated
from both sides, and is then one link).

Every place keeps the QID the file gives it (``owl:sameAs`` the entity IRI); P190,
"twinned administrative body", is read as ``cg:SisterCity``.
"""

from __future__ import annotations

import re
from pathlib import Path

from climategraph.errors import LoadError
from climategraph.importers.engine import Refused
from climategraph.importers.output import Entry, Link

_QID = re.compile(r"Q[1-9][0-9]*")


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}", path=path,
                        hint="check the path") from None
    except UnicodeDecodeError:
        raise LoadError("not UTF-8 text", path=path,
                        hint="the Wikidata extract is UTF-8 tab-separated text") from None
    if "\x00" in text[:4096]:
        raise LoadError("not a table (binary file)", path=path,
                        hint="give the tab-separated names.tsv / relations.tsv") from None
    return [(n, line.split("\t")) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip()]


def read(names: Path, relations: Path) -> tuple[dict[str, Entry], list[Link], list[Refused]]:
    """Entries (one per QID used by a relation) and undirected links, with refused lines."""
    refused: list[Refused] = []
    labels: dict[str, tuple[str, str]] = {}
    for line, cells in _lines(names):
        where = f"{names.name}:{line}"
        if len(cells) != 2 or not _QID.fullmatch(cells[0].strip()):
            refused.append(Refused(where, "1", "expected 'QID<TAB>label'"))
            continue
        label = cells[1].strip()
        if not label or label[0] in "=+-@":
            refused.append(Refused(where, "2", "empty label or a formula-like cell"))
            continue
        labels[cells[0].strip()] = (label, where)
    entries: dict[str, Entry] = {}
    pairs: dict[tuple[str, str], Link] = {}
    for line, cells in _lines(relations):
        where = f"{relations.name}:{line}"
        qids = [c.strip() for c in cells]
        if len(qids) != 2 or not all(_QID.fullmatch(q) for q in qids):
            refused.append(Refused(where, "1", "expected 'QID<TAB>QID'"))
            continue
        missing = [q for q in qids if q not in labels]
        if missing:
            refused.append(Refused(where, str(qids.index(missing[0]) + 1),
                                   f"{missing[0]} has no label in {names.name}"))
            continue
        if qids[0] == qids[1]:
            refused.append(Refused(where, "2", "a place twinned with itself"))
            continue
        for qid in qids:
            if qid not in entries:
                label, name_row = labels[qid]
                entries[qid] = Entry(qid, label, qid=qid, rows={name_row})
        a, b = sorted(qids, key=lambda q: int(q[1:]))
        pairs.setdefault((a, b), Link(a, b)).rows.add(where)
    return entries, list(pairs.values()), refused
