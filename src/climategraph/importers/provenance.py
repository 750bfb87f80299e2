"""The dataset an import reads: a node with title, publisher, licence, URL and
retrieval date, from ``--source-*`` options or a sidecar file beside the input.

The sidecar is ``<input>.source.json`` (or ``source.json`` in the input's folder):
``{"title": ..., "publisher": ..., "licence": ..., "url": ..., "retrieved": ...}``.
Options override the sidecar.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

from climategraph.dates import DateFormatError, period_day
from climategraph.errors import LoadError
from climategraph.importers.normalise import slug


@dataclass(frozen=True)
class Dataset:
    """Who published the imported table, under which licence, where, and when it was read."""

    id: str  # slug of the dataset node: cgr:dataset-<id>
    title: str
    publisher: str = ""
    licence: str = ""
    url: str = ""
    retrieved: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD

    @property
    def iri(self) -> str:
        """The dataset node's IRI."""
        from climategraph.namespaces import CGR

        return str(CGR[f"dataset-{self.id}"])


def sidecar_of(path: Path) -> Path | None:
    """The sidecar file describing ``path``, if there is one."""
    for candidate in (path.with_name(path.name + ".source.json"), path.parent / "source.json"):
        if candidate.is_file():
            return candidate
    return None


def dataset(path: Path, options: dict[str, str | None]) -> Dataset:
    """The dataset of ``path``: the sidecar's fields, overridden by the options given.

    Raises :class:`LoadError` for an unreadable sidecar or a malformed retrieval date.
    """
    values: dict[str, str] = {}
    side = sidecar_of(path)
    if side is not None:
        try:
            loaded = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LoadError(f"cannot read the source description: {exc}", path=side,
                            hint="fix the JSON or give --source-* options") from None
        if not isinstance(loaded, dict):
            raise LoadError("the source description is not a JSON object", path=side)
        values.update({k: str(v) for k, v in loaded.items() if v is not None})
    values.update({k: v for k, v in options.items() if v})
    known = {f.name for f in fields(Dataset)}
    values = {k: v for k, v in values.items() if k in known}
    values.setdefault("title", path.stem)
    values.setdefault("id", slug(values["title"]))
    _check_date(values.get("retrieved", ""), side or path)
    return Dataset(**values)


def _check_date(text: str, where: Path) -> None:
    if not text:
        return
    try:
        period_day(text)
    except (DateFormatError, ValueError):
        raise LoadError(f"retrieval date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
                        path=where, hint="fix --source-retrieved or the sidecar") from None


@lru_cache(maxsize=1)
def gazetteer_datasets() -> dict[str, Dataset]:
    """The gazetteer packages as datasets, named with the installed versions."""
    from climategraph.importers.gazetteer import source

    found = {}
    for package, meta in source().items():
        found[package] = replace(
            Dataset(id=package, title=f"{package} {meta['version']}"),
            publisher=f"the {package} Python package",
            licence=meta["licence"], url=meta["url"])
    return found
