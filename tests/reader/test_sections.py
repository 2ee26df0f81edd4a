"""Section pages: the articles enrichment put in a section, newest first, one link per section
in every page's header."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.lib.vectors import to_blob
from newsdesk.news.models import Article, ArticleSection
from newsdesk.nlp.embed import embed
from newsdesk.nlp.topics import SECTIONS
from newsdesk.pipeline.enrichment import enrich_articles
from newsdesk.pipeline.sections import rebuild as rebuild_sections
from newsdesk.reader.views import PER_PAGE
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def in_section(section: str, **fields: object) -> Article:
    article = make_article(**fields)
    ArticleSection.objects.create(
        article=article, section=section, published_at=article.published_at
    )
    return article


def test_a_section_page_lists_its_articles_newest_first(client):
    now = timezone.now()
    in_section("sport", headline="Older match report", published_at=now - timedelta(days=1))
    in_section("sport", headline="Newer match report", published_at=now - timedelta(minutes=1))
    in_section("business", headline="Markets close higher")
    html = client.get("/section/sport/").content.decode()
    assert '<h1 class="page-title">Sport</h1>' in html
    assert html.index("Newer match report") < html.index("Older match report")
    assert "Markets close higher" not in html


def test_a_section_page_pages_by_cursor(client):
    for number in range(PER_PAGE + 2):
        in_section("health", headline=f"Clinic {number:03d}.")
    first = client.get("/section/health/").content.decode()
    link = re.search(r'rel="next" href="([^"]+)"', first)
    assert link
    second = client.get("/section/health/" + link.group(1).replace("&amp;", "&")).content.decode()
    assert {n for n in range(PER_PAGE + 2) if f"Clinic {n:03d}." in second} == {
        PER_PAGE,
        PER_PAGE + 1,
    }


def test_an_unknown_section_is_not_found(client):
    assert client.get("/section/gardening/").status_code == 404


def test_every_page_links_to_every_section_and_marks_the_one_shown(client):
    html = client.get("/section/science/").content.decode()
    for section in SECTIONS:
        assert f'href="/section/{section.slug}/"' in html
    assert '<a href="/section/science/" aria-current="page">Science</a>' in html


def test_enrichment_puts_an_article_in_its_sections(client):
    article = make_article(
        headline="Striker signs for rivals in a record transfer",
        text="The forward joins the league leaders for a club record fee after scoring "
        "thirty goals this season.",
        page_status=Article.PageStatus.FETCHED,
    )
    enrich_articles([article.pk])
    placed = ArticleSection.objects.filter(article=article)
    assert [link.section for link in placed][:1] == ["sport"]
    assert all(link.published_at == article.published_at for link in placed)
    assert "Striker signs for rivals" in client.get("/section/sport/").content.decode()


def test_sections_rebuild_places_the_archive_again_from_stored_embeddings():
    article = make_article(headline="Striker signs for rivals in a record transfer")
    Article.objects.filter(pk=article.pk).update(
        enriched_at=timezone.now(),
        embedding=to_blob(embed([article.headline])[0]),
    )
    ArticleSection.objects.create(
        article=article, section="health", published_at=article.published_at
    )
    assert rebuild_sections() == 1
    assert [link.section for link in ArticleSection.objects.filter(article=article)][:1] == [
        "sport"
    ]
