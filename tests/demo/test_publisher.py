"""The local publisher serves the corpus like real publishers would, with fresh relative times."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import feedparser
import httpx
import pytest

from newsdesk.demo.publisher import PublisherServer, format_time, render
from tests.demo.corpus import CORPUS, events

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ARTICLES = events()["articles"]
BY_PATH = {a["path"]: article_id for article_id, a in ARTICLES.items()}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def server() -> Iterator[PublisherServer]:
    with PublisherServer(now=NOW) as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server: PublisherServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        yield c


def feed_links(kind: str, body: bytes) -> list[str]:
    """Article URLs listed by one outlet, parsed the way a reader of that format would."""
    if kind in {"rss", "atom"}:
        parsed = feedparser.parse(body)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version.startswith(kind)
        return [entry.link for entry in parsed.entries]
    if kind == "jsonfeed":
        feed = json.loads(body)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert all(item["id"] and item["date_published"] for item in feed["items"])
        return [item["url"] for item in feed["items"]]
    if kind == "news-sitemap":
        root = ET.fromstring(body)
        return [loc.text or "" for loc in root.iter(f"{SITEMAP_NS}loc")]
    return re.findall(r'href="([^"]+/articles/[^"]+\.html)"', body.decode())


def test_base_url_and_helpers(server: PublisherServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.base_url)
    urls = server.feed_urls()
    assert len(urls) >= 6
    assert all(u.startswith(server.base_url + "/") for u in urls.values())
    for outlet in server.outlets():
        assert outlet["feed_url"] == urls[outlet["slug"]]
        assert outlet["home_url"].endswith(f"/{outlet['slug']}/")
        assert outlet["homepage"].startswith("https://")


def test_every_feed_item_resolves_to_a_served_article(
    server: PublisherServer, client: httpx.Client
) -> None:
    found: set[str] = set()
    for outlet in server.outlets():
        response = client.get(outlet["feed_url"])
        assert response.status_code == 200
        for link in feed_links(outlet["feed_kind"], response.content):
            assert link.startswith(server.base_url + "/"), link
            path = link.removeprefix(server.base_url + "/")
            assert path in BY_PATH, link
            article = client.get(link)
            assert article.status_code == 200
            assert article.headers["content-type"] == "text/html; charset=utf-8"
            assert ARTICLES[BY_PATH[path]]["canonical"] in article.text
            found.add(BY_PATH[path])
    assert found == set(ARTICLES)


@pytest.mark.parametrize(
    ("kind", "ctype"),
    [
        ("rss", "application/rss+xml"),
        ("atom", "application/atom+xml"),
        ("jsonfeed", "application/feed+json"),
        ("news-sitemap", "application/xml"),
        ("html", "text/html"),
    ],
)
def test_content_types(
    server: PublisherServer, client: httpx.Client, kind: str, ctype: str
) -> None:
    outlet = next(o for o in server.outlets() if o["feed_kind"] == kind)
    assert client.get(outlet["feed_url"]).headers["content-type"].startswith(ctype)
    logo = client.get(outlet["logo_url"])
    assert logo.headers["content-type"] == "image/svg+xml"
    assert logo.content.startswith(b"<svg")


def test_no_token_survives_rendering(server: PublisherServer, client: httpx.Client) -> None:
    served = [
        p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json"}
    ]
    assert len(served) > 50
    for path in served:
        body = client.get("/" + path.relative_to(CORPUS).as_posix()).text
        assert "{{" not in body and "}}" not in body, path.name


def test_times_are_relative_to_the_injected_clock(client: httpx.Client) -> None:
    article_id = "meridian-wire/calderwick-dockworkers-strike-talks"
    html = client.get("/" + ARTICLES[article_id]["path"]).text
    expected = (NOW - timedelta(minutes=ARTICLES[article_id]["minutes_ago"])).isoformat()
    expected = expected.replace("+00:00", "Z")
    assert f'property="article:published_time" content="{expected}"' in html


def test_render_formats() -> None:
    text = "{{base}}/x {{ago:135:iso}} {{ago:135:rfc822}} {{ago:135:display}} {{other}}"
    out = render(text, "http://127.0.0.1:1", NOW)
    assert out == (
        "http://127.0.0.1:1/x 2026-11-25T09:45:00Z Wed, 25 Nov 2026 09:45:00 GMT "
        "25 November 2026, 09:45 UTC {{other}}"
    )
    assert format_time(NOW, "iso") == "2026-11-25T12:00:00Z"


def test_conditional_get_returns_304(server: PublisherServer, client: httpx.Client) -> None:
    for url in server.feed_urls().values():
        first = client.get(url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(url).content == first.content
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        old = format_datetime(NOW - timedelta(days=10), usegmt=True)
        assert client.get(url, headers={"If-Modified-Since": old}).status_code == 200
        assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
        not_modified = client.get(url, headers={"If-None-Match": etag})
        assert not_modified.content == b""


def test_last_modified_is_the_newest_item(server: PublisherServer, client: httpx.Client) -> None:
    outlet = next(o for o in server.outlets() if o["feed_kind"] == "rss")
    newest = min(a["minutes_ago"] for a in ARTICLES.values() if a["outlet"] == outlet["slug"])
    expected = format_datetime(NOW - timedelta(minutes=newest), usegmt=True)
    assert client.get(outlet["feed_url"]).headers["last-modified"] == expected


def test_head_robots_and_errors(client: httpx.Client) -> None:
    head = client.head("/harbour-gazette/feed.xml")
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) > 1000
    assert client.get("/robots.txt").text.startswith("User-agent: *")
    assert client.get("/nope.html").status_code == 404
    assert client.get("/harbour-gazette/../../publisher.py").status_code == 404
    assert client.get("/%2e%2e/publisher.py").status_code == 404
    assert client.get("/coastline-post/").headers["content-type"].startswith("text/html")


def test_clock_can_be_a_callable() -> None:
    ticks = iter([NOW, NOW + timedelta(hours=1)])
    with PublisherServer(now=lambda: next(ticks)) as srv:
        assert srv.now == NOW
        assert srv.now == NOW + timedelta(hours=1)


def test_default_clock_is_frozen_at_start() -> None:
    with PublisherServer() as srv:
        first = srv.now
        assert srv.now == first
        assert abs(datetime.now(UTC) - first) < timedelta(minutes=2)
