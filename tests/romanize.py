"""A small Revised Romanization of Korean (국어의 로마자 표기법, 2000), for the tests.

It romanizes Hangul syllable by syllable from their jamo (Unicode decomposition,
no word list) and applies the rules between syllables that change the spelling of
names: a final consonant carried over to a following silent ㅇ (협의회 hyeobuihoe),
nasalisation (백마 baengma, 협력 hyeomnyeok), ㄹ after a consonant read as ㄴ
(종로 jongno), ㄴ/ㄹ meeting ㄹ/ㄴ as ll (신라 silla, 별내 byeollae) and ㅎ with a
following ㄱ/ㄷ/ㅈ aspirated (좋고 joko). In nouns an ㅎ after ㄱ/ㄷ/ㅂ is written
(묵호 Mukho), as the rules say. It does not know word boundaries inside a
compound, so it cannot insert ㄴ (학여울 hangnyeoul) or palatalise (해돋이 haedoji).

:func:`romanizations` gives the forms a romanized label may take: the spelling
with the sound rules, the plain syllable-by-syllable one (how persons' names are
written), and each with a few family names in their conventional spelling (the
policy in ``data/actors.ttl``: 박 Park, 김 Kim, 이 Lee, 최 Choi).
"""

from __future__ import annotations

import re

INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
            "ch", "k", "t", "p", "h"]
VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
          "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]
#: the 27 finals (index 1..27) as (sound before a consonant or at the end,
#: initial index of the consonant carried over to a silent ㅇ, or None)
FINALS = [("", None), ("k", 0), ("k", 1), ("k", 9), ("n", 2), ("n", 12), ("n", None),
          ("t", 3), ("l", 5), ("k", 0), ("m", 6), ("l", 7), ("l", 9), ("l", 16),
          ("p", 17), ("l", None), ("m", 6), ("p", 7), ("p", 9), ("t", 9), ("t", 10),
          ("ng", None), ("t", 12), ("t", 14), ("k", 15), ("t", 16), ("p", 17), ("t", None)]
#: what stays of a double final when its second consonant is carried over
KEPT = {3: "k", 5: "n", 9: "l", 10: "l", 11: "l", 12: "l", 13: "l", 14: "l", 18: "p"}
NASAL = {"k": "ng", "t": "n", "p": "m"}
ASPIRATE = {0: "k", 3: "t", 12: "ch"}
FAMILY = {"bak": "park", "gim": "kim", "i": "lee", "choe": "choi"}
HANGUL = re.compile("[가-힣]")


def _syllables(text: str) -> list[tuple[int, int, int] | str]:
    """Each Hangul syllable as (initial, vowel, final) indices; other characters as is."""
    out: list[tuple[int, int, int] | str] = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            out.append((code // 588, (code % 588) // 28, code % 28))
        else:
            out.append(char)
    return out


def _join(final: int, initial: int) -> tuple[str, str]:
    """The spelling of a final and the next syllable's initial where they meet."""
    sound, carried = FINALS[final]
    head = INITIALS[initial]
    if initial == 11 and carried is not None:           # silent ㅇ: carry the consonant over
        return KEPT.get(final, ""), INITIALS[carried]
    if final == 27 and (initial in ASPIRATE or initial == 11):   # ㅎ: 좋고 joko, 좋아 joa
        return "", ASPIRATE.get(initial, head)
    if initial == 5:                                    # ㄹ: 신라 silla, 종로 jongno
        if sound in ("n", "l"):
            return "l", "l"
        return NASAL.get(sound, sound), "n" if sound else "r"
    if initial == 2 and sound == "l":                   # ㄹ + ㄴ: 별내 byeollae
        return "l", "l"
    if initial in (2, 6) and sound in NASAL:            # ㄴ, ㅁ
        return NASAL[sound], head
    return sound, head


def romanize(text: str, sound_rules: bool = True) -> str:
    """``text`` with its Hangul romanized; other characters are kept."""
    parts = _syllables(text)
    out: list[str] = []
    for i, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part)
            continue
        initial, vowel, final = part
        prev = parts[i - 1] if i else None
        if not (sound_rules and isinstance(prev, tuple)):
            out.append(INITIALS[initial])     # else the previous syllable wrote it
        out.append(VOWELS[vowel])
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if sound_rules and isinstance(nxt, tuple):
            tail, head = _join(final, nxt[0])
            out.append(tail + head)
        else:
            out.append(FINALS[final][0])
    return "".join(out)


def key(text: str) -> str:
    """A comparison key: lower-case letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def loose(text: str) -> str:
    """A looser key: without the glides y and w and with doubled letters single,
    so that "Seutudio" matches the strict "seutyudio"."""
    return re.sub(r"(.)\1+", r"\1", key(text).replace("y", "").replace("w", ""))


def romanizations(korean: str) -> set[str]:
    """The loose keys of the romanized forms ``korean`` may take (see module doc);
    a person's name (two to four syllables) also with its family name's
    conventional spelling."""
    forms = {key(romanize(korean, True)), key(romanize(korean, False))}
    if re.fullmatch("[가-힣]{2,4}", korean):
        for form in list(forms):
            forms |= {usual + form[len(strict):] for strict, usual in FAMILY.items()
                      if form.startswith(strict)}
    return {loose(form) for form in forms}


def is_romanization(english: str, korean: str) -> bool:
    """Whether ``english`` is a romanization of ``korean`` (which must hold Hangul)."""
    return bool(HANGUL.search(korean)) and loose(english) in romanizations(korean)
