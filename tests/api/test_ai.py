"""The AI features through the API: the same grounded results as the site, every line's
citations resolving to a sentence of the article it names."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from newsdesk.news.models import Article
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db

BODY = (
    "The harbour authority confirmed on Tuesday that the night shift would return to work. "
    "Talks with the dockworkers' union lasted eleven hours.\n"
    "Union leaders said the agreement covered pay and safety rules. "
    "They asked members to vote on it within a week."
)


def _assert_grounded(lines):
    for line in lines:
        assert line["cites"], line
        for cite in line["cites"]:
            article = Article.objects.get(pk=cite["article_id"])
            assert cite["quote"] in article.text


def test_a_summary_cites_the_article_s_own_sentences(api):
    article = make_article(make_source("Harbour Times"), text=BODY)
    body = api.get(f"/api/v1/articles/{article.pk}/summary").json()
    assert body["method"] == "extractive" and body["lines"]
    _assert_grounded(body["lines"])
    assert body["lines"][0]["cites"][0]["source"] == "Harbour Times"


def test_key_points_are_grounded_too(api):
    article = make_article(text=BODY)
    body = api.get(f"/api/v1/articles/{article.pk}/key-points").json()
    _assert_grounded(body["lines"])


def test_a_question_is_answered_from_the_article(api):
    article = make_article(text=BODY)
    response = api.post(
        f"/api/v1/articles/{article.pk}/ask",
        {"question": "How long did the talks last?"},
        content_type="application/json",
    )
    body = response.json()
    assert body["answerable"] is True
    assert "eleven hours" in " ".join(line["text"] for line in body["lines"])
    _assert_grounded(body["lines"])


def test_an_empty_question_is_400(api):
    article = make_article(text=BODY)
    response = api.post(
        f"/api/v1/articles/{article.pk}/ask", {"question": ""}, content_type="application/json"
    )
    assert response.status_code == 400


@override_settings(AI_QUESTIONS_PER_MINUTE=1)
def test_questions_count_against_the_reader_s_question_limit(api):
    article = make_article(text=BODY)
    url = f"/api/v1/articles/{article.pk}/ask"
    ask = {"question": "Who confirmed it?"}
    assert api.post(url, ask, content_type="application/json").status_code == 200
    assert api.post(url, ask, content_type="application/json").status_code == 429


@override_settings(AI_QUESTIONS_PER_MINUTE=1)
def test_questions_on_the_site_and_through_the_api_share_one_limit(api, reader):
    article = make_article(text=BODY)
    site = Client()
    site.force_login(reader)
    site.post(f"/article/{article.pk}/ai/ask/", {"question": "Who confirmed it?"})
    response = api.post(
        f"/api/v1/articles/{article.pk}/ask",
        {"question": "Who confirmed it?"},
        content_type="application/json",
    )
    assert response.status_code == 429 and response.has_header("Retry-After")


def test_compare_needs_a_story_with_more_than_one_outlet(api):
    alone = make_article(text=BODY)
    assert api.get(f"/api/v1/articles/{alone.pk}/compare").json() == {"coverage": None}
    assert api.get(f"/api/v1/articles/{alone.pk}/background").json() == []


def test_a_story_s_coverage_and_background_are_grounded(api):
    first = make_article(make_source("Harbour Times"), text=BODY)
    second = make_article(
        make_source("Coast Daily"),
        text="The night shift returned to work on Tuesday. Talks lasted twelve hours.",
    )
    story = make_story(first, second)
    coverage = api.get(f"/api/v1/stories/{story.pk}/compare").json()["coverage"]
    assert coverage is not None
    for lines in [coverage["agreed"], *coverage["only_in"].values()]:
        _assert_grounded(lines)
    for difference in coverage["differences"]:
        _assert_grounded([claim["line"] for claim in difference["claims"]])
    for entry in api.get(f"/api/v1/stories/{story.pk}/background").json():
        _assert_grounded([entry["line"]])
    answer = api.post(
        f"/api/v1/stories/{story.pk}/ask",
        {"question": "How long did the talks last?"},
        content_type="application/json",
    ).json()
    _assert_grounded(answer["lines"])


def test_ai_features_of_unknown_articles_and_stories_are_404(api):
    assert api.get("/api/v1/articles/999999/summary").status_code == 404
    assert api.get("/api/v1/stories/999999/compare").status_code == 404
