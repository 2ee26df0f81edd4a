"""The command line: adding sources, OPML in and out, one ingest pass with its summary."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command

from newsdesk.news.models import Article, Feed, Source

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_allowed")]

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="World">
    <outline type="rss" text="Harbour Gazette" xmlUrl="https://gazette.example/feed.xml"
             htmlUrl="https://gazette.example/"/>
  </outline>
  <outline type="rss" text="Wire" xmlUrl="https://wire.example/atom.xml"/>
</body></opml>"""


def test_sources_add_takes_a_feed_url(publisher, capsys):
    call_command("sources", "add", publisher.feed_urls()["meridian-wire"])
    feed = Feed.objects.get()
    assert feed.kind == Feed.Kind.ATOM
    assert "Meridian Wire" in capsys.readouterr().out


def test_sources_add_discovers_the_feed_of_a_home_page(publisher):
    call_command("sources", "add", publisher.url("harbour-gazette/"))
    feed = Feed.objects.get()
    assert feed.url.endswith("/harbour-gazette/feed.xml")
    assert feed.source.home_url == publisher.url("harbour-gazette/")


def test_sources_add_follows_article_links_of_a_site_without_feeds(publisher):
    call_command("sources", "add", publisher.url("coastline-post/index.html"))
    assert Feed.objects.get().kind == Feed.Kind.HTML


def test_adding_the_same_source_twice_changes_nothing(publisher):
    url = publisher.feed_urls()["meridian-wire"]
    call_command("sources", "add", url)
    call_command("sources", "add", url)
    assert Feed.objects.count() == 1 and Source.objects.count() == 1


def test_a_url_that_is_not_a_source_is_refused_with_its_name(publisher, capsys):
    missing = publisher.url("nowhere/")
    with pytest.raises(CommandError):
        call_command("sources", "add", missing, "ftp://example.org/feed")
    errors = capsys.readouterr().err
    assert missing in errors and "ftp://example.org/feed" in errors
    assert not Feed.objects.exists()


def test_opml_import_then_export_round_trips(tmp_path, capsys):
    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(OPML)
    call_command("opml", "import", str(opml))
    assert set(Feed.objects.values_list("url", flat=True)) == {
        "https://gazette.example/feed.xml",
        "https://wire.example/atom.xml",
    }
    exported = tmp_path / "out.opml"
    call_command("opml", "export", str(exported))
    text = exported.read_text()
    assert 'xmlUrl="https://gazette.example/feed.xml"' in text
    assert 'htmlUrl="https://gazette.example/"' in text


def test_a_broken_opml_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.opml"
    broken.write_text("<html>not opml</html>")
    with pytest.raises(CommandError, match="broken.opml"):
        call_command("opml", "import", str(broken))


def test_ingest_fills_the_archive_and_prints_a_summary(publisher, capsys):
    call_command("sources", "add", *publisher.feed_urls().values())
    call_command("ingest", "--threads", "4")
    out = capsys.readouterr().out
    assert "Ingest summary" in out and "Meridian Wire" in out
    assert Article.objects.filter(page_status=Article.PageStatus.FETCHED).count() >= 44
    assert Article.objects.filter(story__isnull=False).exists()


def test_ingest_can_spread_pages_over_processes(publisher):
    call_command("sources", "add", *publisher.feed_urls().values())
    call_command("ingest", "--processes", "2", "--threads", "4")
    fetched = Article.objects.filter(page_status=Article.PageStatus.FETCHED)
    assert fetched.count() >= 44
    assert fetched.count() == Article.objects.values("canonical_url").distinct().count()


def test_the_demo_says_which_port_is_taken_instead_of_failing_with_a_traceback():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=f"port {port}.*--publisher-port"):
            call_command("demo", "--publisher-port", str(port), "--no-serve")
