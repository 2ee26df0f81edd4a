"""Decoding: labels are trusted only as far as the bytes agree."""

from __future__ import annotations

import codecs

import pytest

from newsdesk.feeds.charset import decode

TEXT = "Café “déjà vu” – naïve"


@pytest.mark.parametrize(
    ("content", "content_type", "encoding"),
    [
        (codecs.BOM_UTF8 + TEXT.encode(), "text/html; charset=windows-1251", "utf-8"),
        (TEXT.encode("cp1252"), "text/html; charset=windows-1252", "cp1252"),
        (TEXT.encode(), "text/html; charset=ISO-8859-1", "utf-8"),
        (f'<?xml version="1.0" encoding="utf-16"?><rss>{TEXT}</rss>'.encode(), None, "utf-8"),
        (f'<meta charset="windows-1252"><p>{TEXT}</p>'.encode("cp1252"), None, "cp1252"),
        (f"<p>{TEXT}</p>".encode("utf-16-le"), None, "utf-16-le"),
    ],
    ids=[
        "bom-beats-header",
        "header",
        "utf8-beats-latin1",
        "bogus-utf16-decl",
        "meta",
        "no-bom-16",
    ],
)
def test_it_picks_the_encoding_the_bytes_support(
    content: bytes, content_type: str | None, encoding: str
) -> None:
    decoded = decode(content, content_type)
    assert decoded.encoding == encoding and TEXT in decoded.text


def test_it_reads_the_xml_signature_of_utf16_without_bom() -> None:
    content = f'<?xml version="1.0"?><rss>{TEXT}</rss>'.encode("utf-16-be")
    assert decode(content).encoding == "utf-16-be" and TEXT in decode(content).text


def test_it_ignores_a_header_charset_the_bytes_contradict() -> None:
    text = "Привет, мир! Как пережить новогоднюю ночь и не сойти с ума."
    decoded = decode(text.encode("koi8-r"), "text/html; charset=utf-8")
    assert (decoded.text, decoded.encoding) == (text, "koi8-r")
