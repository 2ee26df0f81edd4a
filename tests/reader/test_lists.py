"""Front, source and hashtag pages: newest first, grouped by day, paginated."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.news.models import Story
from newsdesk.reader.views import PER_PAGE
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db


def test_the_front_page_lists_articles_newest_first_under_day_headings(client):
    now = timezone.now()
    make_article(headline="Older report", published_at=now - timedelta(days=1))
    make_article(headline="Newer report", published_at=now - timedelta(seconds=1))
    html = client.get("/").content.decode()
    assert html.index("Newer report") < html.index("Older report")
    assert "Today" in html and "Yesterday" in html


def _next_link(html: str) -> str:
    found = re.search(r'rel="next" href="([^"]+)"', html)
    assert found, "no link to the next page"
    return found.group(1).replace("&amp;", "&")


def test_the_front_page_pages_by_cursor_without_losing_or_repeating_articles(client):
    source = make_source()
    same_moment = timezone.now() - timedelta(hours=1)
    for number in range(PER_PAGE + 3):
        # Several share one time, so the cursor must break ties by id.
        when = same_moment if number % 3 == 0 else None
        make_article(source, headline=f"Item {number:03d}.", published_at=when)
    first = client.get("/").content.decode()
    second = client.get("/" + _next_link(first)).content.decode()
    assert 'rel="first"' in second and 'rel="next"' not in second
    on_first = {n for n in range(PER_PAGE + 3) if f"Item {n:03d}." in first}
    on_second = {n for n in range(PER_PAGE + 3) if f"Item {n:03d}." in second}
    assert len(on_first) == PER_PAGE and len(on_second) == 3
    assert not on_first & on_second


def test_a_later_page_of_a_list_stays_put_when_new_articles_arrive(client):
    source = make_source()
    for number in range(PER_PAGE + 3):
        make_article(source, headline=f"Item {number:03d}.")
    link = _next_link(client.get(source.get_absolute_url()).content.decode())
    before = client.get(source.get_absolute_url() + link).content.decode()
    make_article(source, headline="Breaking item.")
    after = client.get(source.get_absolute_url() + link).content.decode()
    assert "Breaking item." not in after
    assert re.findall(r"Item \d+\.", before) == re.findall(r"Item \d+\.", after)


def test_the_hashtag_page_pages_by_cursor(client):
    for number in range(PER_PAGE + 2):
        make_article(headline=f"Tagged {number:03d}.", hashtags=("Erbil",))
    first = client.get("/hashtag/erbil/").content.decode()
    second = client.get("/hashtag/erbil/" + _next_link(first)).content.decode()
    on_second = {n for n in range(PER_PAGE + 2) if f"Tagged {n:03d}." in second}
    assert on_second == {PER_PAGE, PER_PAGE + 1}


@pytest.mark.parametrize("cursor", ["abc", "12-x", "99999999999999999999999-1", "-5"])
def test_a_mangled_cursor_falls_back_to_the_first_page(client, cursor):
    make_article(headline="Only one")
    assert "Only one" in client.get(f"/?before={cursor}").content.decode()


def test_an_empty_archive_explains_how_to_fill_it(client):
    assert "No articles yet" in client.get("/").content.decode()


def test_republished_copies_are_listed_once(client):
    original = make_article(headline="Wire story")
    make_article(headline="Wire story copy", duplicate_of=original)
    html = client.get("/").content.decode()
    assert "Wire story" in html and "Wire story copy" not in html


def test_the_source_page_lists_only_that_source(client):
    mine, other = make_source("Mine"), make_source("Other")
    make_article(mine, headline="From mine")
    make_article(other, headline="From other")
    html = client.get(mine.get_absolute_url()).content.decode()
    assert "From mine" in html and "From other" not in html


def test_the_hashtag_page_lists_the_latest_news_with_that_tag(client):
    make_article(headline="Tagged", hashtags=("Erbil",))
    make_article(headline="Untagged")
    html = client.get("/hashtag/erbil/").content.decode()
    assert "Latest news with #Erbil" in html
    assert "Tagged" in html and "Untagged" not in html


def test_unknown_sources_and_hashtags_are_404(client):
    assert client.get("/source/nobody/").status_code == 404
    assert client.get("/hashtag/nothing/").status_code == 404


def test_the_front_page_leads_with_top_stories_and_their_outlet_counts(client):
    lead = make_article(make_source("Harbour Gazette"), headline="Port strike ends")
    other = make_article(make_source("Coast Courier"), headline="Cranes move again")
    story = make_story(lead, other, title="Port strike ends")
    Story.objects.filter(pk=story.pk).update(lead_article=lead, score=5.0)
    html = client.get("/").content.decode()
    top = html[html.index('id="top-heading"') : html.index("</section>")]
    assert "Port strike ends" in top
    assert "Full coverage · 2 outlets, 2 reports" in top
    assert f'href="/story/{story.pk}/"' in top


def test_the_story_page_lists_every_outlets_report_oldest_first(client):
    now = timezone.now()
    first = make_article(headline="First report", published_at=now - timedelta(hours=3))
    second = make_article(headline="Second report", published_at=now - timedelta(hours=1))
    story = make_story(first, second, title="An event")
    html = client.get(f"/story/{story.pk}/").content.decode()
    assert "Full coverage" in html and "2 reports from 2 outlets" in html
    assert html.index("First report") < html.index("Second report")


def test_the_story_page_counts_outlets_and_languages(client):
    english = make_article(make_source("Harbour Gazette"), language="en")
    german = make_article(make_source("Nordkurier"), language="de")
    story = make_story(english, german)
    html = client.get(f"/story/{story.pk}/").content.decode()
    assert "in 2 languages (de, en)" in html
    assert "Outlets: Harbour Gazette, Nordkurier" in html


def test_the_story_page_marks_each_report_with_its_language_once_there_are_two(client):
    english = make_article(make_source("Harbour Gazette"), language="en")
    german = make_article(make_source("Nordkurier"), language="de")
    mixed = client.get(f"/story/{make_story(english, german).pk}/").content.decode()
    assert mixed.count('class="language"') == 2
    assert 'title="Language of this report">de</abbr>' in mixed
    alone = make_article(make_source("Wire"), language="en")
    single = client.get(f"/story/{make_story(alone).pk}/").content.decode()
    assert 'class="language"' not in single


def test_the_hashtag_page_leads_with_stories_carrying_the_tag(client):
    first = make_article(make_source("Gazette"), headline="Floods rise", hashtags=("StormEdda",))
    second = make_article(make_source("Wire"), headline="Rain eases", hashtags=("StormEdda",))
    story = make_story(first, second, title="Storm Edda")
    Story.objects.filter(pk=story.pk).update(lead_article=first)
    html = client.get("/hashtag/stormedda/").content.decode()
    stories = html[html.index('id="stories-heading"') : html.index("</section>")]
    assert "Full coverage · 2 outlets" in stories


def test_the_hashtag_page_shows_the_stories_of_its_reports_widest_coverage_first(client):
    wide = [make_article(make_source(), hashtags=("Erbil",)) for _ in range(3)]
    narrow = [make_article(make_source(), hashtags=("Erbil",)) for _ in range(2)]
    alone = make_article(hashtags=("Erbil",))
    untagged = [make_article(make_source()) for _ in range(4)]
    make_story(*wide, title="Wide")
    make_story(*narrow, title="Narrow")
    make_story(alone, title="Alone")
    make_story(*untagged, title="Untagged")
    html = client.get("/hashtag/erbil/").content.decode()
    stories = html[html.index('id="stories-heading"') : html.index("<h2>Articles</h2>")]
    assert stories.index("3 outlets") < stories.index("2 outlets")
    assert "4 outlets" not in stories and "1 outlet," not in stories


def test_the_story_page_offers_the_storys_ai_features_and_no_single_articles(client):
    story = make_story(make_article(), make_article())
    html = client.get(f"/story/{story.pk}/").content.decode()
    assert f'hx-get="/story/{story.pk}/ai/compare/"' in html
    assert f'href="/story/{story.pk}/ai/background/"' in html
    assert "Ask about this story" in html and "from the outlets' reports" in html
    assert "Summary</a>" not in html and "Key points</a>" not in html
