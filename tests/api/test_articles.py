"""Reading the archive: articles with filters and cursor pages, article detail, search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.news import fulltext
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def _headlines(response):
    assert response.status_code == 200, response.content
    return [item["headline"] for item in response.json()["items"]]


def test_articles_are_listed_newest_first_with_utc_times(api):
    now = timezone.now()
    make_article(headline="Older", published_at=now - timedelta(hours=2))
    make_article(headline="Newer", published_at=now - timedelta(hours=1))
    body = api.get("/api/v1/articles").json()
    assert [item["headline"] for item in body["items"]] == ["Newer", "Older"]
    assert body["items"][0]["published_at"].endswith("Z")
    assert body["next_cursor"] is None


def test_republished_copies_are_left_out(api):
    first = make_article(headline="Wire copy")
    make_article(headline="Republished", duplicate_of=first)
    assert _headlines(api.get("/api/v1/articles")) == ["Wire copy"]


def test_articles_filter_by_source_story_hashtag_language_and_time(api):
    now = timezone.now()
    outlet = make_source()
    by_outlet = make_article(outlet, headline="From the outlet", language="fr")
    tagged = make_article(headline="Tagged", hashtags=("Harbour",))
    in_story = make_article(headline="In a story", published_at=now - timedelta(days=2))
    story = make_story(in_story)
    assert _headlines(api.get(f"/api/v1/articles?source={outlet.slug}")) == [by_outlet.headline]
    assert _headlines(api.get(f"/api/v1/articles?story={story.pk}")) == [in_story.headline]
    assert _headlines(api.get("/api/v1/articles?hashtag=harbour")) == [tagged.headline]
    assert _headlines(api.get("/api/v1/articles?language=fr")) == [by_outlet.headline]
    since = (now - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert in_story.headline not in _headlines(api.get(f"/api/v1/articles?since={since}"))


@pytest.mark.parametrize("query", ["source=nobody", "story=999999", "hashtag=nothing-like-it"])
def test_a_filter_on_something_unknown_is_404(api, query):
    response = api.get(f"/api/v1/articles?{query}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "query", ["story=abc", "since=yesterday", "limit=many", "since=2026-01-01T00:00:00"]
)
def test_wrong_types_are_400_with_an_error_object(api, query):
    response = api.get(f"/api/v1/articles?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_a_huge_page_size_is_capped(api):
    source = make_source()
    for _ in range(105):
        make_article(source)
    body = api.get("/api/v1/articles?limit=100000").json()
    assert len(body["items"]) == 100 and body["next_cursor"]


def test_cursor_pages_neither_skip_nor_repeat_when_articles_arrive(api):
    source = make_source()
    now = timezone.now()
    for number in range(5):
        make_article(source, headline=f"Old {number}", published_at=now - timedelta(hours=number))
    first = api.get("/api/v1/articles?limit=2").json()
    # New reports arrive at the top while the client pages on.
    make_article(source, headline="Breaking", published_at=now + timedelta(minutes=1))
    seen = [item["headline"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = api.get(f"/api/v1/articles?limit=2&cursor={cursor}").json()
        seen += [item["headline"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [f"Old {n}" for n in range(5)]


def test_articles_published_at_the_same_moment_are_paged_by_id(api):
    moment = timezone.now()
    made = [make_article(published_at=moment) for _ in range(3)]
    first = api.get("/api/v1/articles?limit=2").json()
    second = api.get(f"/api/v1/articles?limit=2&cursor={first['next_cursor']}").json()
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert ids == sorted((a.pk for a in made), reverse=True)


def test_a_cursor_not_given_out_by_the_api_is_400(api):
    response = api.get("/api/v1/articles?cursor=bm9wZQ")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_article_detail_has_body_hashtags_story_and_related(api):
    source = make_source("Harbour Times")
    article = make_article(source, headline="Strike ends", hashtags=("Harbour",))
    other = make_article(headline="Strike over, says union")
    story = make_story(article, other, title="Dock strike")
    body = api.get(f"/api/v1/articles/{article.pk}").json()
    assert body["headline"] == "Strike ends"
    assert body["source"]["name"] == "Harbour Times"
    assert "<p>" in body["body_html"]
    assert body["hashtags"] == [{"slug": "harbour", "name": "Harbour"}]
    assert body["story"]["id"] == story.pk
    assert other.pk in [item["id"] for item in body["related"]]
    assert body["url"] == f"/article/{article.pk}/"
    assert body["original_url"] == article.url
    assert body["read"] is False and body["saved"] is False


def test_an_unknown_article_is_404_and_a_wrong_id_type_400(api):
    assert api.get("/api/v1/articles/999999").status_code == 404
    assert api.get("/api/v1/articles/nope").status_code == 400


def test_search_uses_the_site_s_full_text_index_and_its_query_language(api):
    found = make_article(
        headline="Dockworkers return", standfirst="The night shift is back.", text="Back."
    )
    other = make_article(headline="Night market opens", text="Stalls open.")
    fulltext.write([found.pk, other.pk])
    assert _headlines(api.get("/api/v1/search?q=night+dockworkers")) == ["Dockworkers return"]
    assert _headlines(api.get("/api/v1/search?q=night+-market")) == ["Dockworkers return"]
    assert api.get("/api/v1/search").status_code == 400


def test_sources_and_hashtags_are_listed(api):
    make_article(make_source("Harbour Times"), hashtags=("Harbour", "Union"))
    assert [s["name"] for s in api.get("/api/v1/sources").json()] == ["Harbour Times"]
    first = api.get("/api/v1/hashtags?limit=1").json()
    assert first["items"] == [{"slug": "harbour", "name": "Harbour"}]
    second = api.get(f"/api/v1/hashtags?limit=1&cursor={first['next_cursor']}").json()
    assert second["items"][0]["slug"] == "union" and second["next_cursor"] is None
    assert api.get("/api/v1/hashtags?prefix=un").json()["items"][0]["slug"] == "union"


def test_a_page_of_articles_reads_the_same_queries_for_2_items_or_50(
    api, django_assert_max_num_queries
):
    source = make_source()
    for _ in range(50):
        make_article(source, hashtags=("Harbour",))
    api.get("/api/v1/articles?limit=2")
    with django_assert_max_num_queries(6) as few:
        api.get("/api/v1/articles?limit=2")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/articles?limit=50").json()["items"]) == 50
