"""Decode fetched bytes to text, trusting labels only as far as the bytes agree.

Order: byte-order mark, then the HTTP ``charset``, then the document's own declaration
(``<?xml encoding>`` or ``<meta charset>``), then charset-normalizer. Two corrections on the way,
because publishers get labels wrong in the same two ways again and again:

* a Latin-1/ASCII label on bytes that are valid UTF-8 with non-ASCII characters means UTF-8;
* a UTF-16/32 declaration on bytes that read as ASCII markup is ignored (a document that can
  show us its declaration in ASCII is not UTF-16).

Latin-1 and ASCII labels decode as windows-1252, as browsers do, so "smart quotes" survive.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# XML 1.0 appendix F: without a BOM, the first bytes of "<?" give away UTF-16/32. No library
# exposes this check on its own, so it is spelled out here.
_XML_SIGNATURES = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_WINDOWS_1252_ALIASES = frozenset({"latin-1", "iso8859-1", "ascii"})
_WIDE_ENCODINGS = frozenset(
    {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)
_SNIFF_BYTES = 2048
# Only encodings browsers support (the WHATWG Encoding Standard) are worth guessing: pages in
# anything else would not display for readers either. Without this list charset-normalizer
# reads short KOI8-R Cyrillic as shift_jis_2004.
_WEB_ENCODINGS = (
    "utf_8", "cp866", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6",
    "iso8859_7", "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
    "iso8859_16", "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic", "cp874", "cp1250", "cp1251",
    "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "gb18030", "big5",
    "euc_jp", "iso2022_jp", "shift_jis", "euc_kr", "utf_16_be", "utf_16_le",
)  # fmt: skip
# windows-1252 is the web's most common unlabelled legacy encoding (the WHATWG default), so it
# wins ties among the guesses that are about as plausible as the first one.
_PREFERRED_GUESS = "cp1252"
_CHAOS_MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text and the Python codec name that produced it."""

    text: str
    encoding: str


def decode(content: bytes, content_type: str | None = None) -> Decoded:
    """Decode a feed or web page; never raises, falls back to replacement characters."""
    encoding = _sniff_encoding(content, content_type)
    if encoding is None:
        encoding = _guess(content)
    text = content.decode(encoding, errors="replace")
    return Decoded(text.removeprefix("\ufeff"), encoding)


def _sniff_encoding(content: bytes, content_type: str | None) -> str | None:
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return encoding
    for signature, encoding in _XML_SIGNATURES:
        if content.startswith(signature):
            return encoding
    for label in (_header_label(content_type), _document_label(content)):
        trusted = _trusted(label, content)
        if trusted:
            return trusted
    return None


def _header_label(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _document_label(content: bytes) -> str | None:
    head = content[:_SNIFF_BYTES]
    match = _XML_DECLARATION.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _trusted(label: str | None, content: bytes) -> str | None:
    """The codec for ``label`` if the bytes do not contradict it, else ``None``."""
    encoding = codec_name(label)
    if encoding is None or encoding in _WIDE_ENCODINGS:
        return None
    if encoding == "cp1252" and _is_utf8_with_non_ascii(content):
        return "utf-8"
    try:
        content.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def codec_name(label: str | None) -> str | None:
    """Python's codec name for a charset label, mapping Latin-1/ASCII to windows-1252."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"
    # gb2312 labels are nearly always gb18030 text in practice (its superset).
    return "gb18030" if name in {"gb2312", "gbk"} else name


def _is_utf8_with_non_ascii(content: bytes) -> bool:
    if content.isascii():
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess(content: bytes) -> str:
    """No trustworthy label: UTF-8 if the bytes allow it, else charset-normalizer's guess."""
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(content, cp_isolation=list(_WEB_ENCODINGS)))
    if not matches:
        return _PREFERRED_GUESS
    plausible = [m for m in matches if m.chaos <= matches[0].chaos + _CHAOS_MARGIN]
    best = max(
        plausible,
        key=lambda m: (round(m.coherence, 2), _PREFERRED_GUESS in m.could_be_from_charset),
    )
    if _PREFERRED_GUESS in best.could_be_from_charset:
        return _PREFERRED_GUESS
    return codec_name(best.encoding) or _PREFERRED_GUESS
