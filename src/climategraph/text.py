"""Plain-text output: terminal tables that handle wide (Korean) characters, Markdown,
and the escaping that keeps data from acting as code in a terminal or a spreadsheet.

:func:`escape` is the one function every printer uses: control characters (ESC
sequences, C1 controls, NUL), invisible and direction-changing characters (U+200B,
U+202E, U+FEFF, ...) are shown as ``\\x1b``-style escapes instead of reaching the
terminal. :func:`spreadsheet_cell` is the OWASP guard for CSV meant for spreadsheets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

#: categories shown escaped: controls, format (invisible, bidi), separators, private, surrogates
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape(text: str, keep: str = "\n\t") -> str:
    """``text`` with every control or invisible character (except those in ``keep``)
    shown as an escape, so that it cannot move the cursor, recolour or hide text.

    >>> escape("Incheon\\x1b[2J\\u202e")
    'Incheon\\\\x1b[2J\\\\u202e'
    >>> escape("인천 city\\n", keep="")
    '인천 city\\\\x0a'
    """
    if text.isprintable():
        return text
    return "".join(
        _escaped(ch)
        if ch not in keep and unicodedata.category(ch) in _HIDDEN
        else ch
        for ch in text
    )


def one_line(text: str, limit: int) -> str:
    """``text`` escaped onto one line of at most ``limit`` characters: runs of white
    space become one space; a long text keeps its start and its end (where the hint is).

    >>> one_line("a\\nb" + "x" * 50 + " end", 20)
    'a bxxxxxxxx … xx end'
    """
    flat = escape(" ".join(text.split()), keep="")
    if len(flat) <= limit:
        return flat
    tail = max(limit // 3, 1)
    head = max(limit - tail - 3, 1)
    return f"{flat[:head]} … {flat[-tail:]}"


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")


def redact(text: str) -> str:
    """``text`` with the user name and password of every URL in it hidden.

    >>> redact("http://ann:secret@h:7878/query failed")
    'http://***@h:7878/query failed'
    """
    return _USERINFO.sub(r"\1***@", text)


#: first characters a spreadsheet reads as a formula (OWASP CSV injection)
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a
    leading ``'`` (the OWASP guard); numbers such as ``-1.5`` stay as they are.

    >>> spreadsheet_cell("=1+2"), spreadsheet_cell("-1.5"), spreadsheet_cell("a=b")
    ("'=1+2", '-1.5', 'a=b')
    """
    if value.startswith(_FORMULA) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (Hangul and CJK take two).

    >>> width("Incheon"), width("인천")
    (7, 4)
    """
    from wcwidth import wcswidth

    cells = wcswidth(text)
    return cells if cells >= 0 else len(text)


#: characters XML 1.0 does not allow anywhere (C0 controls but tab, LF, CR; surrogates;
#: U+FFFE and U+FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


#: a character to escape or replace in character data; in a quoted attribute value
_CHANGED_XML = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHANGED_XML_ATTRIBUTE = re.compile("[&<>\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    r"""``text`` with the characters XML 1.0 forbids replaced by U+FFFD.

    >>> xml_safe("a\x01b\tc")
    'a\ufffdb\tc'
    """
    return _NOT_XML.sub("\ufffd", text)


def xml_text(text: str, quote: bool = False) -> str:
    r"""``text`` escaped for XML character data, or as a quoted attribute value when
    ``quote``; forbidden characters replaced (:func:`xml_safe`).

    >>> xml_text('a<b & "c"\x00') == 'a&lt;b &amp; "c"\ufffd'
    True
    >>> print(xml_text("x'y\n", quote=True))
    "x'y&#10;"
    """
    if not quote:  # the common case: nothing to escape
        if not _CHANGED_XML.search(text):
            return text
    elif not _CHANGED_XML_ATTRIBUTE.search(text):  # quoted with " or, holding ", with '
        if '"' not in text:
            return f'"{text}"'
        if "'" not in text:
            return f"'{text}'"
    from xml.sax.saxutils import escape, quoteattr

    if not quote:
        return escape(xml_safe(text))
    return quoteattr(xml_safe(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def xml_texts(texts: list[str | None], quote: bool = False) -> list[str | None]:
    r""":func:`xml_text` of each text (None stays None), for many values at once: one
    scan of them all finds whether any needs escaping, the common case being none.

    >>> xml_texts(["a", None, 'say "b"'], quote=True)
    ['"a"', None, '\'say "b"\'']
    >>> xml_texts(["a<b", None])
    ['a&lt;b', None]
    """
    changed = _CHANGED_XML_ATTRIBUTE if quote else _CHANGED_XML
    if changed.search("".join([t for t in texts if t is not None])):
        return [None if t is None else xml_text(t, quote) for t in texts]
    if not quote:
        return texts
    return [None if t is None else f'"{t}"' if '"' not in t else
            f"'{t}'" if "'" not in t else xml_text(t, quote) for t in texts]


def _pad(text: str, cells: int) -> str:
    return text + " " * (cells - width(text))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A table aligned by display width, with a rule under the header.

    >>> print(render_table(["city", "n"], [["인천", 4], ["Gwangmyeong", 10]]))
    city         n
    -----------  --
    인천         4
    Gwangmyeong  10
    """
    cells = [[_clean(c) for c in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cells:
        widths = [max(w, width(c)) for w, c in zip(widths, row)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def render_markdown(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; pipes in cells are escaped.

    >>> print(render_markdown(["a", "b"], [["x|y", 1]]))
    | a | b |
    | --- | --- |
    | x\\|y | 1 |
    """
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_clean(c).replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines)


def _clean(value: object) -> str:
    return "" if value is None else escape(" ".join(str(value).split()), keep="")
