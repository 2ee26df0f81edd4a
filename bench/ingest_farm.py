"""A local publisher farm for the ingestion bench: many loopback hosts serving feeds and pages.

Each host is its own loopback address (127.0.0.2, 127.0.0.3, ...; Linux routes all of 127/8 to
``lo``) on one shared port, so per-host limits and politeness act as they would on the real web.
Everything is generated from seeds, so every run and every system sees the same feeds, the same
pages, the same slow pages and the same failures. Pages are rendered once up front and served
from memory: the farm shares the machine's cores with the system under test and must cost as
little CPU per request as possible.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from bench.ingest_text import (
    article_body,
    boilerplate_markup,
    boilerplate_script,
    headline,
    standfirst,
)

# Share of pages with each behaviour; drawn per page from the page's own seed.
SLOW_SHARE = 0.05  # sleeps 200-500 ms before answering
ERROR_SHARE = 0.02  # HTTP 500
TRUNCATED_SHARE = 0.01  # HTML cut off mid-body (a dropped connection the server still closed)
WIRE_SHARE = 0.03  # republishes another host's article word for word (near-duplicate)
UTM_SHARE = 0.025  # the feed lists the same article twice, once with tracking parameters
BROKEN_FEED_HOST = 7  # this host's feed.xml is broken XML
FIRST_HOST = 2  # 127.0.0.2
# Pages are rendered before the port is known; the farm fills it in once it has bound.
PORT_MARK = "__PORT__"


@dataclass(frozen=True, slots=True)
class Page:
    """One article page and how the server treats it."""

    path: str
    title: str
    summary: str
    published: datetime
    text: str  # the body's sub-headings and paragraphs: the extraction gold
    html: bytes
    delay: float
    status: int


@dataclass(slots=True)
class Host:
    index: int
    address: str
    name: str
    pages: list[Page]
    duplicate_links: list[int]  # positions whose feed entry is repeated with utm parameters
    routes: dict[str, Page] = field(default_factory=dict)  # path -> page, filled by the farm


@dataclass(frozen=True, slots=True)
class FarmStats:
    """What the farm serves, so a reader can check the systems' counts against it."""

    hosts: int
    items: int
    ok_pages: int
    error_pages: int
    truncated_pages: int
    slow_pages: int
    wire_copies: int
    utm_repeats: int
    broken_feed_items: int
    mean_page_kb: float


def build_hosts(hosts: int, items: int, seed: int = 20261125) -> list[Host]:
    """Render every host's pages; deterministic for a given (hosts, items, seed)."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    built: list[Host] = []
    bodies: list[tuple[str, list[tuple[str, list[str]]]]] = []  # for wire copies
    for h in range(hosts):
        rng = random.Random(seed * 1000 + h)
        name = f"The {rng.choice(_OUTLET_A)} {rng.choice(_OUTLET_B)}"
        address = f"127.0.0.{FIRST_HOST + h}"
        pages = [_page(rng, h, i, name, now, bodies) for i in range(items)]
        repeats = [i for i in range(items) if rng.random() < UTM_SHARE]
        built.append(Host(h, address, name, pages, repeats))
    return built


def farm_stats(hosts: list[Host], items: int) -> FarmStats:
    pages = [p for host in hosts for p in host.pages[:items]]
    broken = hosts[BROKEN_FEED_HOST].pages[:items] if len(hosts) > BROKEN_FEED_HOST else []
    return FarmStats(
        hosts=len(hosts),
        items=len(pages),
        ok_pages=sum(p.status == 200 and not _is_truncated(p) for p in pages),
        error_pages=sum(p.status == 500 for p in pages),
        truncated_pages=sum(_is_truncated(p) for p in pages),
        slow_pages=sum(p.delay > 0 for p in pages),
        wire_copies=sum(b"data-wire" in p.html for p in pages),
        utm_repeats=sum(sum(i < items for i in host.duplicate_links) for host in hosts),
        broken_feed_items=len(broken),
        mean_page_kb=sum(len(p.html) for p in pages) / max(1, len(pages)) / 1024,
    )


def _is_truncated(page: Page) -> bool:
    return page.status == 200 and not page.html.rstrip().endswith(b"</html>")


def _page(
    rng: random.Random,
    host: int,
    item: int,
    outlet: str,
    now: datetime,
    bodies: list[tuple[str, list[tuple[str, list[str]]]]],
) -> Page:
    wire = bool(bodies) and rng.random() < WIRE_SHARE
    if wire:
        title, sections = rng.choice(bodies)
    else:
        title = headline(rng)
        sections = article_body(rng, rng.randint(300, 900))
        bodies.append((title, sections))
    slug = "-".join(title.lower().split()[:6]).strip(".,:;'\"") + f"-{item}"
    slug = "".join(c for c in slug if c.isalnum() or c == "-")
    path = f"/news/{now:%Y/%m/%d}/{slug}.html"
    published = now - timedelta(minutes=rng.randint(5, 36 * 60))
    summary = standfirst(rng, sections)
    html = render_page(rng, outlet, host, path, title, summary, published, sections, wire)
    roll = rng.random()
    status = 500 if roll < ERROR_SHARE else 200
    if ERROR_SHARE <= roll < ERROR_SHARE + TRUNCATED_SHARE:
        html = html[: int(len(html) * rng.uniform(0.25, 0.5))]
    delay = rng.uniform(0.2, 0.5) if rng.random() < SLOW_SHARE else 0.0
    gold = "\n".join(
        [block for heading, paras in sections for block in ([heading] if heading else []) + paras]
    )
    return Page(path, title, summary, published, gold, html.encode(), delay, status)


def render_page(
    rng: random.Random,
    outlet: str,
    host: int,
    path: str,
    title: str,
    summary: str,
    published: datetime,
    sections: list[tuple[str, list[str]]],
    wire: bool,
) -> str:
    """A realistic news page: the article is a small part of a large, noisy document."""
    base = f"http://127.0.0.{FIRST_HOST + host}:{PORT_MARK}"
    target = rng.randint(30_000, 80_000)
    author = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    author_slug = author.lower().replace(" ", "-")
    body = "".join(
        (f"<h2>{escape(heading)}</h2>" if heading else "")
        + "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        for heading, paragraphs in sections
    )
    related = "".join(
        f'<li><a href="/news/related-{rng.randint(1, 99999)}.html">{escape(headline(rng))}</a></li>'
        for _ in range(rng.randint(6, 12))
    )
    nav = "".join(f'<li><a href="/{s.lower()}/">{s}</a></li>' for s in rng.sample(_SECTIONS, k=8))
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | {escape(outlet)}</title>"
        f'<meta name="description" content="{escape(summary, {chr(34): "&quot;"})}">'
        f'<meta property="og:title" content="{escape(title, {chr(34): "&quot;"})}">'
        f'<meta property="og:type" content="article">'
        f'<meta property="og:image" content="{base}/img/{rng.randint(1, 9999)}.jpg">'
        f'<meta property="og:site_name" content="{escape(outlet)}">'
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        f'<meta name="author" content="{author}">'
        f'<link rel="canonical" href="{base}{path}">'
        f'<link rel="stylesheet" href="/static/site.{rng.randint(1000, 9999)}.css">'
        f"<script>{boilerplate_script(rng, 1500)}</script></head>"
    )
    chrome_top = (
        f'<body><div class="cookie-banner" id="cookies"><p>We use cookies to improve your '
        f"experience and to show you personalised advertising. By continuing you agree to our "
        f"cookie policy.</p><button>Accept all</button><button>Manage</button></div>"
        f'<header class="site-header"><a class="logo" href="/">{escape(outlet)}</a>'
        f'<nav class="primary"><ul>{nav}</ul></nav>'
        f'<form class="search" action="/search"><input name="q"></form></header>'
        f'<div class="ad-slot" data-slot="top-{rng.randint(1, 99)}"></div>'
    )
    share = (
        '<div class="share-bar"><a href="#share-x">Share on X</a>'
        '<a href="#share-fb">Facebook</a><a href="#share-mail">Email</a>'
        '<a href="#share-copy">Copy link</a></div>'
    )
    article = (
        f'<main><article class="story"{" data-wire" if wire else ""}>'
        f'<h1 class="headline">{escape(title)}</h1>'
        f'<p class="standfirst">{escape(summary)}</p>'
        f'<div class="byline">By <a rel="author" href="/authors/{author_slug}">'
        f'{author}</a> <time datetime="{published.isoformat()}">'
        f"{published:%d %B %Y %H:%M}</time></div>{share}"
        f'<div class="article-body">{body}</div>{share}</article>'
    )
    aside = (
        '<aside class="newsletter"><h3>Get the morning briefing</h3><p>The day\'s most '
        "important stories in your inbox before breakfast. Free, every weekday.</p>"
        '<form><input type="email" placeholder="you@example.com"><button>Sign up'
        f'</button></form></aside><section class="related"><h3>Related stories</h3>'
        f"<ul>{related}</ul></section></main>"
    )
    footer = (
        f'<footer class="site-footer"><ul>{nav}</ul><p>&copy; {published.year} '
        f"{escape(outlet)}. All rights reserved. Terms, privacy, cookies, contact us, "
        f"advertise, careers.</p></footer>"
    )
    # Real pages' bulk is about half script and half markup (menus, teaser cards, link farms).
    padding = max(0, target - len(head + chrome_top + article + aside + footer) - 120)
    menu = f'<div class="mega-menu" hidden>{boilerplate_markup(rng, padding // 4)}</div>'
    teasers = f'<section class="more-news">{boilerplate_markup(rng, padding // 4)}</section>'
    script = f"<script>{boilerplate_script(rng, padding // 2)}</script>"
    page = head + chrome_top + menu + article + aside + teasers + footer + script
    return page + "</body></html>"


def render_feed(host: Host, port: int, items: int) -> bytes:
    """RSS 2.0 with the first ``items`` pages; the broken host's feed is cut mid-element."""
    base = f"http://{host.address}:{port}"
    entries = []
    for i, page in enumerate(host.pages[:items]):
        links = [f"{base}{page.path}"]
        if i in host.duplicate_links:
            links.append(f"{base}{page.path}?utm_source=rss&utm_medium=feed")
        entries.extend(
            "<item>"
            f"<title>{escape(page.title)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{escape(link)}</guid>'
            f"<description>{escape(page.summary)}</description>"
            f"<pubDate>{format_datetime(page.published)}</pubDate></item>"
            for link in links
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(host.name)}</title><link>{base}/</link>"
        f"<description>Latest news from {escape(host.name)}</description>"
        f"{''.join(entries)}</channel></rss>"
    )
    if host.index == BROKEN_FEED_HOST:
        # Broken beyond recovery: an unescaped entity and the document cut inside a tag.
        xml = xml[: len(xml) // 3].replace("<title>", "<title>R&D <b>", 3) + "<item><tit"
    return xml.encode()


class Farm:
    """All hosts' servers, started in threads and stopped together."""

    def __init__(self, hosts: list[Host]) -> None:
        self.hosts = hosts
        self.port = 0
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self.port = self._bind_all()
        mark, port = PORT_MARK.encode(), str(self.port).encode()
        for host in self.hosts:
            host.pages = [replace(p, html=p.html.replace(mark, port)) for p in host.pages]
            host.routes = {page.path: page for page in host.pages}
        for server in self._servers:
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop all servers at once: each ``shutdown`` waits up to half a second for its loop."""
        stoppers = [threading.Thread(target=server.shutdown) for server in self._servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self._servers:
            server.server_close()

    def feed_url(self, host: Host, items: int) -> str:
        return f"http://{host.address}:{self.port}/feed.xml?items={items}"

    def _bind_all(self) -> int:
        """Pick a port free on every host's address; retry a few times if one is taken."""
        for _attempt in range(10):
            first = _server(self.hosts[0], 0)
            port = first.server_address[1]
            servers = [first]
            try:
                servers.extend(_server(host, port) for host in self.hosts[1:])
            except OSError:
                for server in servers:
                    server.server_close()
                continue
            self._servers = servers
            return port
        raise RuntimeError("no port free on every farm address")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    host: Host

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients closing kept-alive connections is normal; anything else is a farm bug."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _server(host: Host, port: int) -> _Server:
    server = _Server((host.address, port), _Handler)
    server.host = host
    return server


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif parts.path == "/feed.xml":
            items = int(parse_qs(parts.query).get("items", ["40"])[0])
            port = self.server.server_address[1]
            feed = render_feed(self.server.host, port, items)
            self._send(200, feed, "application/rss+xml; charset=utf-8")
        else:
            self._page(parts.path)

    def _page(self, path: str) -> None:
        page = self.server.host.routes.get(path)
        if page is None:
            self._send(404, b"<html><body>Not found</body></html>", "text/html")
            return
        if page.delay:
            time.sleep(page.delay)
        if page.status != 200:
            self._send(page.status, b"<html><body>Server error</body></html>", "text/html")
            return
        self._send(200, page.html, "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request log: thousands of lines would drown the tables."""


_OUTLET_A = ("Harbour", "Northern", "Evening", "Valley", "Coastal", "Capital", "Morning", "Civic")
_OUTLET_B = ("Gazette", "Courier", "Herald", "Post", "Ledger", "Chronicle", "Times", "Observer")
_FIRST = ("Ana", "Tomas", "Priya", "Jonas", "Mei", "Kwame", "Sofia", "Liam", "Noor", "Ivan")
_LAST = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Brandt", "Castillo", "Novak", "Reyes")
_SECTIONS = (
    "World", "Politics", "Business", "Markets", "Tech", "Science", "Climate", "Health",
    "Sport", "Culture", "Opinion", "Travel", "Food", "Education", "Cities", "Weather",
)  # fmt: skip
