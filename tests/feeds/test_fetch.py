"""The fetcher against a local server: every bad input ends in one clear ``FetchError``."""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import brotli
import pytest

from newsdesk.feeds import FetchConfig, Fetcher, FetchError, politeness
from newsdesk.feeds.fetch import parse_max_age, parse_retry_after
from tests.feeds.conftest import LocalServer, respond

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def _redirect(location: str, status: int = 302) -> object:
    return lambda request: respond(request, b"", status, Location=location)


def _reason(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert url in str(caught.value) or caught.value.url in str(caught.value)
    return caught.value.reason


def test_it_returns_the_body_and_validators(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.serve("/feed", RSS, ETag='"v1"', Last_Modified="Tue, 01 Apr 2025 10:00:00 GMT")
    result = fetcher.fetch(url)
    assert (result.status, result.content, result.etag) == (200, RSS, '"v1"')
    assert result.last_modified == "Tue, 01 Apr 2025 10:00:00 GMT"
    assert result.final_url == url and not result.not_modified


def test_it_sends_an_honest_user_agent(server: LocalServer, fetcher: Fetcher) -> None:
    fetcher.fetch(server.serve("/feed", RSS))
    agent = server.request_headers[0]["User-Agent"]
    assert agent.startswith("newsdesk/") and "+http" in agent


def test_it_reports_304_with_etag_as_not_modified(server: LocalServer, fetcher: Fetcher) -> None:
    def conditional(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == '"v1"':
            respond(request, b"", 304, ETag='"v1"')
        else:
            respond(request, RSS, ETag='"v1"')

    url = server.route("/feed", conditional)
    result = fetcher.fetch(url, etag='"v1"', last_modified="Tue, 01 Apr 2025 10:00:00 GMT")
    assert result.not_modified and result.status == 304 and result.content == b""
    assert server.request_headers[0]["If-Modified-Since"] == "Tue, 01 Apr 2025 10:00:00 GMT"


@pytest.mark.parametrize("status", [404, 410, 500])
def test_it_names_http_errors_by_status(server: LocalServer, fetcher: Fetcher, status: int) -> None:
    assert _reason(fetcher, server.serve("/feed", b"no", status)) == f"http_{status}"


def test_it_passes_retry_after_on_429(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.serve("/feed", b"slow down", 429, Retry_After="120")
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert (caught.value.reason, caught.value.retry_after) == ("http_429", 120.0)


def test_it_parses_retry_after_as_seconds_or_http_date() -> None:
    now = datetime(2025, 4, 1, 10, 0, tzinfo=UTC)
    assert parse_retry_after("30", now) == 30.0
    assert parse_retry_after("Tue, 01 Apr 2025 10:05:00 GMT", now) == 300.0
    assert parse_retry_after("Tue, 01 Apr 2025 09:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None


def test_it_reads_max_age_from_cache_control(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.serve("/feed", RSS, Cache_Control="public, max-age=600")
    assert fetcher.fetch(url).max_age == 600.0
    assert parse_max_age("no-cache") is None


def test_it_times_out_when_the_server_is_too_slow(server: LocalServer, fetcher: Fetcher) -> None:
    def slow(request: BaseHTTPRequestHandler) -> None:
        time.sleep(fetcher.config.read_timeout * 3)
        respond(request, RSS)

    assert _reason(fetcher, server.route("/slow", slow)) == "timeout"


def _endless_body(request: BaseHTTPRequestHandler) -> None:
    """50 MB generated chunk by chunk, never held in memory, with no Content-Length."""
    request.send_response(200)
    request.send_header("Content-Type", "application/xml")
    request.end_headers()
    chunk = b"x" * 65536
    try:
        for _ in range(50 * 1024 * 1024 // len(chunk)):
            request.wfile.write(chunk)
    except OSError:
        pass  # the fetcher hung up at its limit, as it should


def test_it_cuts_a_50_mb_body_at_max_bytes(server: LocalServer, config: FetchConfig) -> None:
    url = server.route("/huge", _endless_body)
    with Fetcher(replace(config, max_bytes=1024 * 1024)) as fetcher:
        assert _reason(fetcher, url) == "too_large"


def test_it_keeps_memory_flat_while_refusing_a_huge_body(
    server: LocalServer, config: FetchConfig
) -> None:
    url = server.route("/huge", _endless_body)
    limit = 1024 * 1024
    tracemalloc.start()
    try:
        with Fetcher(replace(config, max_bytes=limit)) as fetcher:
            assert _reason(fetcher, url) == "too_large"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * limit  # the 50 MB body never sits in memory


def test_it_refuses_a_declared_length_over_the_limit(
    server: LocalServer, config: FetchConfig
) -> None:
    url = server.serve("/big", b"x" * 2048)
    with Fetcher(replace(config, max_bytes=1024)) as fetcher:
        assert _reason(fetcher, url) == "too_large"


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(RSS)),
        ("x-gzip", gzip.compress(RSS)),
        ("deflate", zlib.compress(RSS)),
        ("deflate", _raw_deflate(RSS)),  # what some servers send as deflate
        ("br", brotli.compress(RSS)),
        ("identity", RSS),
        ("utf-8", RSS),  # not a coding at all: passed through, as httpx does
        ("gzip", gzip.compress(RSS) + b"trailing junk"),
    ],
)
def test_it_decompresses_each_content_encoding(
    server: LocalServer, fetcher: Fetcher, encoding: str, body: bytes
) -> None:
    url = server.serve("/feed", body, Content_Encoding=encoding)
    assert fetcher.fetch(url).content == RSS


def test_it_names_a_corrupt_compressed_body(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.serve("/feed", b"\x1f\x8b not really gzip", Content_Encoding="gzip")
    assert _reason(fetcher, url) == "bad_encoding"


def test_it_advertises_only_the_encodings_it_decodes(server: LocalServer, fetcher: Fetcher) -> None:
    fetcher.fetch(server.serve("/feed", RSS))
    assert server.request_headers[0]["Accept-Encoding"] == "gzip, deflate, br"


def test_it_follows_redirects_and_reports_the_final_url(
    server: LocalServer, fetcher: Fetcher
) -> None:
    final = server.serve("/new", RSS)
    server.route("/old", _redirect("/new", 301))
    assert fetcher.fetch(server.url("/old")).final_url == final


def test_it_detects_a_redirect_loop(server: LocalServer, fetcher: Fetcher) -> None:
    server.route("/a", _redirect("/b"))
    server.route("/b", _redirect("/a"))
    assert _reason(fetcher, server.url("/a")) == "redirect_loop"


def test_it_stops_after_too_many_redirects(server: LocalServer, fetcher: Fetcher) -> None:
    for hop in range(10):
        server.route(f"/r{hop}", _redirect(f"/r{hop + 1}"))
    assert _reason(fetcher, server.url("/r0")) == "too_many_redirects"
    assert len(server.requests) == fetcher.config.max_redirects + 1


def test_it_decodes_utf8_bytes_labelled_iso_8859_1(server: LocalServer, fetcher: Fetcher) -> None:
    body = "<p>Café “déjà vu”</p>".encode()
    url = server.serve("/page", body, Content_Type="text/html; charset=ISO-8859-1")
    result = fetcher.fetch(url)
    assert (result.text, result.encoding) == ("<p>Café “déjà vu”</p>", "utf-8")


def test_it_decodes_an_unlabelled_windows_1252_page(server: LocalServer, fetcher: Fetcher) -> None:
    text = "<html><p>Le café “quoted” – déjà vu, naïve résumé. Très bien, où est la gare?</p>"
    url = server.serve("/page", text.encode("cp1252"), Content_Type="text/html")
    assert fetcher.fetch(url).text == text


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]"])
def test_it_refuses_non_public_addresses_without_connecting(server: LocalServer, host: str) -> None:
    port = server.base.rsplit(":", 1)[1]
    with Fetcher(FetchConfig(respect_robots=False)) as fetcher:
        assert _reason(fetcher, f"http://{host}:{port}/feed") == "ssrf"
    assert server.requests == []


def test_it_checks_every_redirect_hop_for_ssrf(server: LocalServer, fetcher: Fetcher) -> None:
    server.route("/jump", _redirect("http://169.254.169.254/latest/meta-data/"))
    assert _reason(fetcher, server.url("/jump")) == "ssrf"


def test_it_accepts_private_networks_the_admin_allow_listed(server: LocalServer) -> None:
    config = FetchConfig(allowed_private_hosts=("127.0.0.0/8",), respect_robots=False)
    with Fetcher(config) as fetcher:
        assert fetcher.fetch(server.serve("/feed", RSS)).status == 200


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/feed.xml", "data:text/plain,hi", "gopher://x"]
)
def test_it_refuses_schemes_other_than_http(fetcher: Fetcher, url: str) -> None:
    assert _reason(fetcher, url) == "scheme"


def test_it_obeys_robots_txt_disallow(server: LocalServer, config: FetchConfig) -> None:
    server.serve("/robots.txt", b"User-agent: *\nDisallow: /private/\n", Content_Type="text/plain")
    server.serve("/private/feed", RSS)
    public = server.serve("/feed", RSS)
    with Fetcher(replace(config, respect_robots=True)) as fetcher:
        assert _reason(fetcher, server.url("/private/feed")) == "robots"
        assert fetcher.fetch(public).status == 200
    assert server.requests.count("/robots.txt") == 1
    assert "/private/feed" not in server.requests


def test_it_treats_a_missing_robots_txt_as_allow_all(
    server: LocalServer, config: FetchConfig
) -> None:
    url = server.serve("/feed", RSS)
    with Fetcher(replace(config, respect_robots=True)) as fetcher:
        assert fetcher.fetch(url).status == 200


def test_it_limits_concurrent_requests_per_host(server: LocalServer, fetcher: Fetcher) -> None:
    lock = threading.Lock()
    in_flight = [0, 0]  # current, highest seen

    def tracked(request: BaseHTTPRequestHandler) -> None:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        respond(request, RSS)

    urls = [server.route(f"/f{n}", tracked) for n in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:  # as the ingest's page threads do
        statuses = list(pool.map(lambda url: fetcher.fetch(url).status, urls))
    assert statuses == [200] * 8
    assert in_flight[1] == fetcher.config.per_host_connections


def _stall(request: BaseHTTPRequestHandler) -> None:
    time.sleep(3.0)  # far past the fixture's read timeout


@pytest.mark.parametrize(
    ("robots", "reason"),
    [
        (lambda request: respond(request, b"oops", 503), "http_503"),
        (_stall, "timeout"),
        (lambda request: respond(request, b"", 302, Location="http://10.0.0.1/robots.txt"), "ssrf"),
    ],
    ids=["server-error", "stalled", "redirected-to-private"],
)
def test_it_reports_why_robots_txt_could_not_be_read(
    server: LocalServer, config: FetchConfig, robots: object, reason: str
) -> None:
    """RFC 9309: an unreachable robots.txt stops the crawl for now, under its own name."""
    server.route("/robots.txt", robots)
    url = server.serve("/feed", RSS)
    with (
        Fetcher(replace(config, respect_robots=True)) as fetcher,
        pytest.raises(FetchError) as caught,
    ):
        fetcher.fetch(url)
    assert caught.value.reason == reason
    assert "robots.txt" in caught.value.message and "disallows" not in caught.value.message
    assert "/feed" not in server.requests


def test_it_honours_robots_crawl_delay(
    server: LocalServer, config: FetchConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(politeness.time, "sleep", sleeps.append)
    server.serve("/robots.txt", b"User-agent: *\nCrawl-delay: 30\n", Content_Type="text/plain")
    url = server.serve("/feed", RSS)
    with Fetcher(replace(config, respect_robots=True)) as fetcher:
        fetcher.fetch(url)
        fetcher.fetch(url)
    assert sleeps and sleeps[-1] == pytest.approx(30.0, abs=1.0)


def test_it_follows_the_robots_group_that_names_newsdesk(
    server: LocalServer, config: FetchConfig
) -> None:
    rules = b"User-agent: newsdesk\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n"
    server.serve("/robots.txt", rules, Content_Type="text/plain")
    url = server.serve("/feed", RSS)
    with Fetcher(replace(config, respect_robots=True)) as fetcher:
        assert fetcher.fetch(url).status == 200
        assert _reason(fetcher, server.url("/private/feed")) == "robots"
