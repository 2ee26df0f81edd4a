"""parse_feed on real feeds, feedparser's edge cases and bad input served over HTTP."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pytest

from newsdesk.feeds import FeedParseError, Fetcher, parse_feed
from tests.feeds.conftest import LocalServer
from tests.shared_data import SHARED_DATA

REAL = SHARED_DATA / "feeds" / "real"
EDGE = SHARED_DATA / "feeds" / "edge-cases"
EDGE_URL = "http://example.com/feed.xml"
MOJIBAKE = ("\ufffd", "Ã", "â€")


def _manifest() -> list[dict[str, str]]:
    with (REAL / "manifest.tsv").open(encoding="utf-8") as manifest:
        return list(csv.DictReader(manifest, delimiter="\t"))


def _real(name: str) -> tuple[bytes, str]:
    row = next(r for r in _manifest() if r["file"] == name)
    return (REAL / name).read_bytes(), row["url"]


def _edge(path: str, content_type: str | None = None):
    return parse_feed((EDGE / path).read_bytes(), EDGE_URL, content_type)


@pytest.mark.parametrize("row", _manifest(), ids=lambda row: row["file"])
def test_it_reads_every_entry_of_real_feeds(row: dict[str, str]) -> None:
    feed = parse_feed((REAL / row["file"]).read_bytes(), row["url"])
    assert len(feed.entries) == int(row["items"])
    assert all(entry.guid for entry in feed.entries)
    assert all(not any(bad in entry.title for bad in MOJIBAKE) for entry in feed.entries)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("a4911bd5d9977a79.xml", "davidbau.com"),  # iso-8859-1 RDF
        ("9e0834333e854116.xml", "Eliot Jones"),  # declares utf-16, bytes are UTF-8
        ("93a9689b034963f5.xml", "Sound Code - Mark Heath's Blog"),  # UTF-8 BOM
        ("c81b774804d7fd57.xml", "Science & technology experiments"),  # &amp;amp; in title
        ("660a52f7dc6a1948.xml", "EL PAÍS in English"),
    ],
)
def test_it_decodes_odd_real_feeds_to_clean_titles(name: str, title: str) -> None:
    assert parse_feed(*_real(name)).title == title


def test_it_resolves_a_relative_channel_link_against_the_feed_url() -> None:
    assert parse_feed(*_real("137dd53eb3d6d860.xml")).link == "https://kopiascsaba.hu/blog/"


def test_it_recovers_entries_from_a_malformed_feed() -> None:
    feed = parse_feed(*_real("7ef13a42fa7e177a.xml"))
    assert feed.title == "arts and ego" and len(feed.entries) == 35


def test_it_keeps_a_bare_ampersand_that_fastfeedparser_would_drop() -> None:
    titles = [e.title for e in parse_feed(*_real("705749c3b1bd02d8.xml")).entries]
    assert "TMIL: Google Chrome: Record, replay & measure user flows" in titles


def test_it_reads_publisher_ttl_and_update_period() -> None:
    assert parse_feed(*_real("1796df62c4a287cc.xml")).ttl == 15
    assert parse_feed(*_real("14333881097406c7.xml")).update_period == 720


def test_it_reads_a_real_json_feed() -> None:
    feed = parse_feed(*_real("d4b7ab74da763119.json"))
    entry = feed.entries[0]
    assert (feed.kind, len(feed.entries), entry.author) == ("json", 10, "Nicholas C. Zakas")
    assert entry.published == datetime(2026, 2, 16, tzinfo=UTC)
    assert entry.tags[:2] == ("Supabase", "JWT")


def test_it_reads_the_json_feed_edge_case() -> None:
    feed = _edge("json/example.json")
    assert (feed.title, len(feed.entries)) == ("My Example Feed", 2)
    assert feed.entries[0].content_html == "<p>This is a second item.</p>"
    assert feed.entries[0].author == "me"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("illformed/chardet/big5.xml", "我希望"),
        ("illformed/chardet/eucjp.xml", "ゲーム三昧な正月"),
        ("illformed/chardet/euckr.xml", "EUC-KR 에서 TypeKey 한글닉네임 표시하기"),
        ("illformed/chardet/gb2312.xml", "不归移民漫画系列：专业工作"),
        ("illformed/chardet/koi8r.xml", "Как пережить новогоднюю ночь"),
        ("illformed/chardet/shiftjis.xml", "DrecomRSSに記事投稿が反映されない…"),
    ],
)
def test_it_detects_unlabelled_legacy_encodings(path: str, title: str) -> None:
    feed = _edge(path)
    found = feed.entries[0].title if feed.entries else feed.title
    assert found.startswith(title)


@pytest.mark.parametrize(
    ("path", "encoding"),
    [
        ("encoding/utf-16le.xml", "utf-16-le"),
        ("encoding/utf-16le-autodetect.xml", "utf-16-le"),
        ("encoding/utf-16be-bom.xml", "utf-16-be"),
        ("encoding/utf-32be-bom.xml", "utf-32-be"),
        ("encoding/utf-32le-autodetect.xml", "utf-32-le"),
        ("encoding/utf-8-bom.xml", "utf-8"),
    ],
)
def test_it_reads_utf16_and_utf32_feeds(path: str, encoding: str) -> None:
    feed = _edge(path)
    assert (feed.kind, feed.encoding) == ("rss", encoding)


def test_it_lets_the_http_charset_override_the_xml_declaration() -> None:
    feed = _edge(
        "encoding/http_text_xml_charset_overrides_encoding.xml", "text/xml;charset=us-ascii"
    )
    assert feed.encoding == "cp1252"  # us-ascii, read as its web superset


def test_it_reads_korean_declared_in_the_xml_declaration() -> None:
    assert _edge("encoding/euc-kr.xml").title == "\ub144"
    assert _edge("encoding/euc-kr-item.xml").entries[0].summary == "\ub144"


@pytest.mark.parametrize(
    ("path", "summary"),
    [
        ("encoding/demoronize-1.xml", "don\u2019t"),
        ("encoding/demoronize-2.xml", "don\u2019t"),
        ("entities/8216.xml", None),
    ],
)
def test_it_turns_windows_1252_control_characters_into_quotes(
    path: str, summary: str | None
) -> None:
    feed = _edge(path)
    if summary is None:
        assert feed.title == "testing \u2018 entity"
    else:
        assert feed.entries[0].summary == summary


def test_it_returns_titles_and_summaries_as_plain_text() -> None:
    entry = _edge("wellformed/rss/item_description_escaped_markup.xml").entries[0]
    assert entry.summary == "Example description"
    assert entry.content_html == "<p>Example description</p>"
    title = _edge("wellformed/atom/entry_title_content_mode_escaped.xml").entries[0].title
    assert title == "Example Atom"


def test_it_keeps_entry_html_raw_for_the_sanitizer() -> None:
    entry = _edge("wellformed/sanitize/entry_content_script.xml").entries[0]
    assert "<script" in (entry.content_html or "")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("wellformed/rss/item_pubDate.xml", datetime(2004, 1, 1, 19, 48, 21, tzinfo=UTC)),
        ("wellformed/rss/item_dc_date.xml", datetime(2003, 12, 31, 10, 14, 55, tzinfo=UTC)),
        ("wellformed/atom/entry_issued_parsed.xml", datetime(2003, 12, 31, 10, 14, 55, tzinfo=UTC)),
    ],
)
def test_it_returns_publication_times_in_utc(path: str, expected: datetime) -> None:
    assert _edge(path).entries[0].published == expected


def test_it_reads_rss_090_through_the_feedparser_fallback() -> None:
    feed = _edge("wellformed/rdf/rss090_item_title.xml")
    assert (feed.kind, feed.parser, feed.entries[0].title) == ("rdf", "feedparser", "Item title")


def test_it_reads_links_guids_authors_tags_and_images() -> None:
    assert _edge("wellformed/rss/item_link.xml").entries[0].url == "http://example.com/"
    assert _edge("wellformed/rss/item_guid.xml").entries[0].guid == "http://guid.example.com/"
    assert _edge("wellformed/rss/item_dc_creator.xml").entries[0].author == "Example editor"
    tags = _edge("wellformed/atom10/entry_category_term_non_ascii.xml").entries[0].tags
    assert tags == ("Freir\xe4ume",)
    image = _edge("wellformed/media-rss/media_thumbnail.xml").entries[0].image_url
    assert image == "http://example.com/thumbnail.jpg"


def test_it_never_returns_javascript_links() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        b"<link>javascript:alert(1)</link><guid>g1</guid></item></channel></rss>"
    )
    assert parse_feed(rss, EDGE_URL).entries[0].url is None


@pytest.mark.parametrize(
    "path", ["illformed/rss_empty_document.xml", "illformed/aaa_illformed.xml"]
)
def test_it_refuses_edge_cases_without_a_feed(path: str) -> None:
    with pytest.raises(FeedParseError):
        _edge(path)


def test_it_reads_a_google_news_sitemap() -> None:
    sitemap = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://news.example.com/2025/04/01/rates-cut</loc>
    <news:news><news:publication><news:name>Example News</news:name></news:publication>
      <news:publication_date>2025-04-01T10:00:00+02:00</news:publication_date>
      <news:title>Central bank cuts &amp; holds</news:title>
      <news:keywords>economy, rates</news:keywords></news:news>
    <image:image><image:loc>https://news.example.com/a.jpg</image:loc></image:image></url>
</urlset>"""
    feed = parse_feed(sitemap, "https://news.example.com/sitemap_news.xml")
    entry = feed.entries[0]
    assert (feed.kind, feed.title, entry.title) == (
        "sitemap",
        "Example News",
        "Central bank cuts & holds",
    )
    assert entry.published == datetime(2025, 4, 1, 8, tzinfo=UTC)
    assert (entry.tags, entry.image_url) == (("economy", "rates"), "https://news.example.com/a.jpg")


def test_it_lists_the_children_of_a_sitemap_index() -> None:
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>/news-1.xml</loc></sitemap></sitemapindex>"
    )
    feed = parse_feed(index, "https://example.com/sitemap.xml")
    assert feed.sitemaps == ("https://example.com/news-1.xml",) and feed.entries == []


def test_it_accepts_a_valid_feed_with_no_items() -> None:
    rss = b'<rss version="2.0"><channel><title>New blog</title></channel></rss>'
    feed = parse_feed(rss, EDGE_URL)
    assert (feed.title, feed.entries) == ("New blog", [])


BAD_BODIES = {
    "broken_xml": (b'<?xml version="1.0"?><rss><channel><title>x</title><item><ti', "broken"),
    "html_page": (b"<!DOCTYPE html><html><head><title>Home</title></head></html>", "HTML"),
    "empty_body": (b"   \n", "empty"),
    "bad_json": (b'{"version": "https://jsonfeed.org/version/1", "items": [', "JSON"),
    "json_not_a_feed": (b'{"hello": "world"}', "JSON Feed"),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_it_refuses_bad_feeds_served_over_http(
    server: LocalServer, fetcher: Fetcher, case: str
) -> None:
    body, message = BAD_BODIES[case]
    result = fetcher.fetch(server.serve(f"/{case}", body))
    with pytest.raises(FeedParseError, match=message) as caught:
        parse_feed(result.content, result.final_url, result.content_type)
    assert result.final_url in str(caught.value) and str(caught.value).startswith("feeds: ")


CUT_AFTER_TWO = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
    b"<item><title>Port reopens</title><link>https://example.com/1</link></item>"
    b"<item><title>Library saved</title><link>https://example.com/2</link></item>"
    b"<item><title>R&D <b>budget</title><link>https://exa"
)


def test_a_feed_broken_after_some_entries_keeps_them_and_says_so() -> None:
    feed = parse_feed(CUT_AFTER_TWO, EDGE_URL)
    assert [entry.title for entry in feed.entries][:2] == ["Port reopens", "Library saved"]
    assert feed.warning.startswith("broken rss feed, read up to the break")


def test_a_sound_feed_carries_no_warning() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>'
    )
    assert parse_feed(rss, EDGE_URL).warning == ""
