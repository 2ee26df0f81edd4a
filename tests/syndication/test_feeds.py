"""newsdesk's own feeds: valid RSS 2.0 and Atom to two independent parsers, the entries
readers need (and no publisher's full text), conditional GET, and discovery from every page."""

from __future__ import annotations

import email.utils
from datetime import datetime, timedelta

import fastfeedparser
import feedparser
import pytest
from django.core.cache import cache
from django.utils import timezone

from newsdesk.api import state
from newsdesk.api.models import AccessToken
from newsdesk.following.models import Bookmark, Follow
from newsdesk.news import fulltext
from newsdesk.news.models import ArticleSection, Story
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom"]


def _parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    first = feedparser.parse(response.content)
    assert not first.bozo, first.get("bozo_exception")
    second = fastfeedparser.parse(response.content.decode())
    assert len(second.entries) == len(first.entries)
    assert [e.title for e in second.entries] == [e.title for e in first.entries]
    return response, first


@pytest.fixture
def archive():
    times = make_source("Harbour Times")
    coast = make_source("Coast Daily")
    now = timezone.now()
    lead = make_article(
        times,
        headline="Dock strike ends",
        standfirst="Night shift returns after eleven hours of talks.",
        text="The full body of the publisher's article.",
        body_html="<p>The full body of the publisher's article.</p>",
        hashtags=("Harbour", "Union"),
        published_at=now - timedelta(hours=2),
    )
    second = make_article(coast, headline="Strike over", published_at=now - timedelta(hours=1))
    ArticleSection.objects.create(article=lead, section="business", published_at=lead.published_at)
    story = make_story(lead, second, title="Dock strike")
    Story.objects.filter(pk=story.pk).update(
        lead_article=lead, score=3.0, last_seen_at=now, description="The strike is over."
    )
    return {"lead": lead, "second": second, "story": story, "source": times}


def _urls(archive):
    return {
        "top": "/feeds/top.{fmt}",
        "latest": "/feeds/latest.{fmt}",
        "source": f"/feeds/source/{archive['source'].slug}.{{fmt}}",
        "hashtag": "/feeds/hashtag/harbour.{fmt}",
        "section": "/feeds/section/business.{fmt}",
        "story": f"/feeds/story/{archive['story'].pk}.{{fmt}}",
        "search": "/feeds/search.{fmt}?q=strike",
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "kind", ["top", "latest", "source", "hashtag", "section", "story", "search"]
)
def test_every_feed_is_valid_to_two_parsers(client, archive, kind, fmt):
    fulltext.write([archive["lead"].pk, archive["second"].pk])
    _, feed = _parsed(client, _urls(archive)[kind].format(fmt=fmt))
    assert feed.entries, kind
    assert feed.version == ("rss20" if fmt == "rss" else "atom10")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_entry_has_what_a_reader_needs_and_never_the_full_body(client, archive, fmt):
    lead = archive["lead"]
    response, feed = _parsed(client, f"/feeds/source/{archive['source'].slug}.{fmt}")
    entry = feed.entries[0]
    assert entry.title == "Dock strike ends"
    assert entry.link == f"http://testserver/article/{lead.pk}/"
    assert "Night shift returns after eleven hours of talks." in entry.summary
    assert lead.url in entry.summary
    assert [tag.term for tag in entry.tags] == ["Harbour", "Union"]
    assert entry.author == "Harbour Times"
    assert entry.published_parsed is not None
    assert b"full body of the publisher" not in response.content
    if fmt == "atom":
        assert lead.url in [link.href for link in entry.links if link.rel == "related"]
    else:
        assert entry.source.title == "Harbour Times"


def test_dates_are_rfc_822_in_rss_and_rfc_3339_in_atom(client, archive):
    rss = feedparser.parse(client.get("/feeds/latest.rss").content)
    email.utils.parsedate_to_datetime(rss.entries[0].published)
    atom = feedparser.parse(client.get("/feeds/latest.atom").content)
    assert datetime.fromisoformat(atom.entries[0].published).tzinfo is not None


def test_a_story_feed_gains_an_entry_when_another_outlet_reports_it(client, archive):
    url = f"/feeds/story/{archive['story'].pk}.rss"
    before = feedparser.parse(client.get(url).content)
    late = make_article(
        make_source("Bay Herald"), headline="Bay Herald on the strike", published_at=timezone.now()
    )
    Story.objects.filter(pk=archive["story"].pk).update(article_count=3)
    late.story = archive["story"]
    late.save()
    after = feedparser.parse(client.get(url).content)
    assert len(after.entries) == len(before.entries) + 1
    assert after.entries[0].title == "Bay Herald on the strike"
    assert "Bay Herald" not in before.feed.subtitle
    assert after.feed.subtitle.startswith(
        "Reported so far by Bay Herald, Coast Daily, Harbour Times;"
    )


def test_a_top_story_entry_names_its_outlets(client, archive):
    _, feed = _parsed(client, "/feeds/top.atom")
    entry = feed.entries[0]
    assert entry.title == "Dock strike"
    assert "Reported by Coast Daily, Harbour Times." in entry.summary
    assert entry.link == f"http://testserver/story/{archive['story'].pk}/"


def test_an_unchanged_feed_answers_304_to_its_etag_and_last_modified(client, archive):
    first = client.get("/feeds/latest.rss")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get("/feeds/latest.rss", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get("/feeds/latest.rss", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    make_article(headline="Something new")
    changed = client.get("/feeds/latest.rss", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and b"Something new" in changed.content


def test_the_rss_and_atom_of_one_feed_have_different_etags(client, archive):
    assert client.get("/feeds/latest.rss")["ETag"] != client.get("/feeds/latest.atom")["ETag"]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/story/999999.rss",
        "/feeds/source/nobody.atom",
        "/feeds/latest.json",
        "/feeds/nothing.rss",
        "/feeds/story/abc.rss",
        "/feeds/section/gardening.rss",
        "/feeds/personal/wrong.rss",
        "/feeds/saved/wrong.rss",
    ],
)
def test_unknown_feeds_are_404(client, url):
    assert client.get(url).status_code == 404


def test_the_saved_feed_holds_the_reader_s_saved_articles_until_revoked(client, reader):
    kept = make_article(headline="Worth keeping")
    make_article(headline="Not saved")
    state.set_saved(reader.pk, [kept.pk], True)
    token, key = AccessToken.issue(reader, AccessToken.Kind.FEED)
    _, feed = _parsed(client, f"/feeds/saved/{key}.atom")
    assert [entry.title for entry in feed.entries] == ["Worth keeping"]
    token.delete()
    assert client.get(f"/feeds/saved/{key}.atom").status_code == 404


def test_the_personal_feed_is_what_the_reader_follows(client, reader):
    followed = make_source("Harbour Times")
    make_article(followed, headline="From a followed outlet", published_at=timezone.now())
    make_article(headline="From elsewhere", published_at=timezone.now())
    Follow.objects.create(user=reader, kind=Follow.Kind.SOURCE, source=followed)
    key = AccessToken.issue(reader, AccessToken.Kind.FEED)[1]
    _, feed = _parsed(client, f"/feeds/personal/{key}.rss")
    assert [entry.title for entry in feed.entries] == ["From a followed outlet"]
    first = client.get(f"/feeds/personal/{key}.rss")
    assert (
        client.get(f"/feeds/personal/{key}.rss", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )


def test_saving_an_old_article_moves_the_saved_feed_s_last_modified(client, reader):
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = make_article(headline="Recent", published_at=hour_ago, fetched_at=hour_ago)
    Bookmark.objects.create(user=reader, article=recent, saved_at=hour_ago)
    key = AccessToken.issue(reader, AccessToken.Kind.FEED)[1]
    first = client.get(f"/feeds/saved/{key}.rss")
    year_ago = timezone.now() - timedelta(days=365)
    old = make_article(headline="From last year", published_at=year_ago, fetched_at=year_ago)
    state.set_saved(reader.pk, [old.pk], True)
    again = client.get(f"/feeds/saved/{key}.rss", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200 and b"From last year" in again.content


def test_an_api_token_does_not_open_a_personal_feed(client, reader):
    key = AccessToken.issue(reader, AccessToken.Kind.API)[1]
    assert client.get(f"/feeds/personal/{key}.rss").status_code == 404


def _alternates(html):
    return [line for line in html.splitlines() if 'rel="alternate"' in line]


def test_every_page_lets_feed_readers_discover_the_site_s_feeds(client, archive):
    links = _alternates(client.get("/").content.decode())
    assert any('href="/feeds/top.rss"' in line for line in links)
    assert any(
        'type="application/atom+xml"' in line and "/feeds/latest.atom" in line for line in links
    )


def test_a_page_offers_the_feed_of_what_it_shows_first(client, archive):
    story = archive["story"]
    pages = {
        f"/story/{story.pk}/": f"/feeds/story/{story.pk}.rss",
        f"/article/{archive['lead'].pk}/": f"/feeds/story/{story.pk}.rss",
        f"/source/{archive['source'].slug}/": f"/feeds/source/{archive['source'].slug}.rss",
        "/hashtag/harbour/": "/feeds/hashtag/harbour.rss",
        "/section/business/": "/feeds/section/business.rss",
    }
    for page, feed in pages.items():
        links = _alternates(client.get(page).content.decode())
        assert feed in links[0], page


def test_a_feed_renders_with_the_same_queries_for_3_entries_or_30(
    client, django_assert_max_num_queries
):
    source = make_source()
    for _ in range(3):
        make_article(source, hashtags=("Harbour",))
    client.get("/feeds/latest.atom")
    cache.clear()
    with django_assert_max_num_queries(8) as few:
        client.get("/feeds/latest.atom")
    for _ in range(27):
        make_article(source, hashtags=("Harbour",))
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(feedparser.parse(client.get("/feeds/latest.atom").content).entries) == 30
