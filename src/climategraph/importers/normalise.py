"""Name keys: the forms under which a place name is looked up.

A name is reduced to *keys*: case folded, diacritics and scripts transliterated
(anyascii: ``Kōbe`` and ``Kobe`` meet, German umlauts also as ``ue``/``oe``/``ae``
so ``Osnabrück`` and ``Osnabrueck`` meet), punctuation and spaces dropped. Hangul
keeps its own key (``인천``), so Korean spellings meet the Korean names the graph
and the gazetteer hold. Administrative suffixes (``시``, ``군``, ``구``,
``광역시``, ``특별시``, ``-si``, ``-gun``, ``-gu``, ``City``, ``Metropolitan City``
...) are stripped in a second, weaker key, and district forms (``Seoul – Gangnam``,
``Gangnam (Seoul)``) are split into the place and its context.

>>> keys("Kōbe") == keys("KOBE")
True
>>> "osnabrueck" in keys("Osnabrück") and "osnabrueck" in keys("Osnabrueck")
True
>>> stripped("인천광역시"), stripped("Gwangmyeong-si"), stripped("Incheon Metropolitan City")
(['인천', 'incheon'], ['gwangmyeong'], ['incheon'])
>>> split_district("Seoul – Gangnam"), split_district("Gangnam (Seoul)")
(('Gangnam', 'Seoul'), ('Gangnam', 'Seoul'))
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

#: Korean administrative suffixes, longest first (특별자치시 before 시)
KOREAN_SUFFIXES = ("특별자치시", "특별자치도", "특별시", "광역시", "시", "군", "구")
#: romanised and English suffixes, as they end a folded key (longest first)
LATIN_SUFFIXES = (
    "specialselfgoverningcity", "metropolitancity", "specialcity", "teugbyeoljachisi",
    "teugbyeolsi", "gwangyeogsi", "city", "shi", "gun", "si", "gu",
)
_KOREAN_END = re.compile(r"^(.{2,}?)(?:" + "|".join(KOREAN_SUFFIXES) + ")$")
_LATIN_END = re.compile(r"^(.{3,}?)(?:" + "|".join(LATIN_SUFFIXES) + ")$")

#: words that say a name is a region, not a town (German-first Wikidata labels)
REGION_WORDS = (
    "präfektur", "prefecture", "provinz", "province", "provincia", "région", "region",
    "département", "oblast", "kanton", "landkreis", "kreis", "county", "bezirk",
    "distrikt", "district", "regierungsbezirk", "gouvernement", "governorate",
    "woiwodschaft", "voivodeship", "bundesstaat", "state",
)


def is_latin_or_hangul(text: str) -> bool:
    """Whether every letter of ``text`` is Latin (with diacritics) or Hangul.

    >>> is_latin_or_hangul("Kōbe"), is_latin_or_hangul("인천"), is_latin_or_hangul("Инчхон")
    (True, True, False)
    """
    return text.isascii() or all(
        ord(c) < 0x250 or 0x1E00 <= ord(c) < 0x1F00 or "\uac00" <= c <= "\ud7a3"
        or not c.isalpha()
        for c in text
    )


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds a Hangul syllable.

    >>> has_hangul("광명시"), has_hangul("Gwangmyeong")
    (True, False)
    """
    return bool(_HANGUL.search(text))


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """The transliterated, case-folded key of ``text``, letters and digits only.

    >>> fold("Ch’ŏngjin"), fold("Saint-Étienne"), fold("北九州市")
    ('chongjin', 'saintetienne', 'beijiuzhoushi')
    """
    if text.isascii():
        return _NOT_WORD.sub("", text.casefold())
    from anyascii import anyascii

    text = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub("", anyascii(text).casefold())


@lru_cache(maxsize=1 << 18)
def keys(text: str) -> tuple[str, ...]:
    """The strong keys of a name: folded, German-folded and (for Hangul) the Hangul.

    >>> keys("광명시")
    ('광명시', 'gwangmyeongsi')
    >>> keys("")
    ()
    """
    if text.isascii():
        key = fold(text)
        return (key,) if key else ()
    text = unicodedata.normalize("NFKC", text).strip()
    found: list[str] = []
    if has_hangul(text):
        found.append(_NOT_WORD.sub("", text))
    found.append(fold(text))
    if any(c in text for c in "äöüßÄÖÜ"):
        found.append(fold(text.casefold().translate(_GERMAN)))
    return tuple(dict.fromkeys(k for k in found if k))


def stripped(text: str) -> list[str]:
    """The weak keys: the strong keys without an administrative suffix.

    A key is only stripped when at least two letters (one Hangul syllable pair)
    remain, so ``중구`` stays itself.

    >>> stripped("Jeju-si"), stripped("Jecheon"), stripped("Daejeon City")
    (['jeju'], [], ['daejeon'])
    """
    found = []
    for key in keys(text):
        match = (_KOREAN_END if has_hangul(key) else _LATIN_END).match(key)
        if match:
            found.append(match.group(1))
    return found


def region_name(text: str) -> str | None:
    """The name inside a region label (``Präfektur Tokio`` -> ``Tokio``), else None.

    >>> region_name("Präfektur Tokio"), region_name("Tokio"), region_name("Shandong Province")
    ('Tokio', None, 'Shandong')
    """
    words = text.split()
    if len(words) < 2:
        return None
    if words[0].casefold() in REGION_WORDS:
        return " ".join(words[1:])
    if words[-1].casefold() in REGION_WORDS:
        return " ".join(words[:-1])
    return None


_DASHED = re.compile(r"^(.+?)\s+[–—-]\s+(.+)$")
_BRACKETED = re.compile(r"^(.+?)\s*[(（](.+?)[)）]\s*$")


def split_district(text: str) -> tuple[str, str] | None:
    """``(place, context)`` for ``"Parent – Place"`` and ``"Place (Context)"``, else None.

    The context is a parent city, a region or a country; the caller decides which.

    >>> split_district("Frankfurt (Oder)"), split_district("Gangnam-gu")
    (('Frankfurt', 'Oder'), None)
    """
    match = _BRACKETED.match(text)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    match = _DASHED.match(text)
    if match:
        return match.group(2).strip(), match.group(1).strip()
    return None


def slug(text: str) -> str:
    """A lower-case ASCII slug for IRIs.

    >>> slug("Kōbe"), slug("Frankfurt (Oder)"), slug("광명시")
    ('kobe', 'frankfurt-oder', 'gwangmyeongsi')
    """
    from anyascii import anyascii

    ascii_text = anyascii(unicodedata.normalize("NFKC", text)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "place"
