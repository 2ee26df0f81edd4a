"""The article page shows the reference's six blocks, in order, and their empty states."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.comments.models import Comment
from newsdesk.news.models import Article
from tests.factories import make_article, make_source, make_story

pytestmark = pytest.mark.django_db

BLOCKS = ["header", "body", "hashtags", "ai", "comments", "related"]


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_six_blocks_in_the_reference_order(client):
    html = page(client, make_article(standfirst="One line that sums it up."))
    found = re.findall(r'data-block="(\w+)"', html)
    assert found == BLOCKS


def test_it_shows_headline_standfirst_source_author_and_times(client):
    source = make_source("Harbour Gazette")
    article = make_article(
        source,
        headline="Dockworkers end strike",
        standfirst="The night shift returns after eleven hours of talks.",
        author="Mira Okafor",
        published_at=timezone.now() - timedelta(hours=2),
    )
    html = page(client, article)
    assert '<h1 id="headline">Dockworkers end strike</h1>' in html
    assert "The night shift returns after eleven hours of talks." in html
    assert "Harbour Gazette" in html and "By Mira Okafor" in html
    assert "2\xa0hours ago" in html
    assert article.published_at.strftime("%Y") in html
    assert f'href="{article.canonical_url}"' in html


def test_it_keeps_paragraphs_and_sub_headings_of_the_body(client):
    article = make_article(
        body_html="<p>First paragraph.</p><h2>What happens next</h2><p>Second one.</p>",
        attribution="(Reporting by A. Writer; Editing by B. Editor)",
    )
    html = page(client, article)
    assert "<h2>What happens next</h2>" in html
    assert '<p class="attribution">(Reporting by A. Writer; Editing by B. Editor)</p>' in html


def test_it_sanitizes_the_body_again_when_rendering(client):
    article = make_article(
        body_html='<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(2)">x</a></p>'
    )
    html = page(client, article)
    assert "<script>alert(1)" not in html
    assert "onclick" not in html
    assert "javascript:alert" not in html


def test_a_stored_table_is_shown_as_a_table(client):
    article = make_article(
        body_html="<table><thead><tr><th>Party</th><th>Seats</th></tr></thead>"
        "<tbody><tr><td>Greens</td><td>12</td></tr></tbody></table>"
    )
    html = page(client, article)
    assert "<th>Party</th><th>Seats</th>" in html
    assert "<td>Greens</td><td>12</td>" in html


def test_hashtags_link_to_their_pages(client):
    article = make_article(hashtags=("Iraq", "AinAlAssad"))
    html = page(client, article)
    assert '<a href="/hashtag/iraq/">#Iraq</a>' in html
    assert '<a href="/hashtag/ainalassad/">#AinAlAssad</a>' in html


def test_empty_states_read_as_intended(client):
    html = page(client, make_article())
    assert "No comments yet..." in html
    assert "No hashtags yet" in html
    assert "Sign in to comment" in html


def test_comments_are_shown_oldest_first_and_hidden_ones_are_not(client, reader):
    article = make_article()
    Comment.objects.create(article=article, user=reader, body="First thought")
    Comment.objects.create(article=article, user=reader, body="Spam", is_hidden=True)
    Comment.objects.create(article=article, user=reader, body="Second thought")
    html = page(client, article)
    assert html.index("First thought") < html.index("Second thought")
    assert "Spam" not in html
    assert "No comments yet" not in html


def test_related_articles_show_source_relative_time_headline_and_clean_excerpt(client):
    source = make_source("Coast Courier")
    make_article(
        source,
        headline="Port reopens",
        standfirst="",
        text="Cranes moved again on Wednesday. The port said (in a statement that ran long "
        "and kept going well past any sensible excerpt length so that the cut must happen "
        "before it, because it cannot fit inside the limit at all, not even close, really, "
        "whatever the reader hopes).",
        published_at=timezone.now() - timedelta(seconds=70),
    )
    article = make_article(source)
    html = page(client, article)
    related = html[html.index('data-block="related"') :]
    assert "Coast Courier" in related
    assert "a minute ago" in related
    assert "Port reopens" in related
    assert "Cranes moved again on Wednesday." in related
    assert "(in a statement" not in related


def test_related_articles_put_the_same_story_first_then_shared_hashtags(client):
    article = make_article(hashtags=("Flood",))
    other_outlet_same_story = make_article(
        headline="Other outlet, same event", published_at=timezone.now() - timedelta(days=2)
    )
    make_story(article, other_outlet_same_story)
    make_article(headline="Shares a hashtag", hashtags=("Flood",))
    make_article(headline="Unrelated elsewhere")
    html = page(client, article)
    related = html[html.index('data-block="related"') :]
    assert related.index("Other outlet, same event") < related.index("Shares a hashtag")
    assert "Unrelated elsewhere" not in related


def test_a_missing_article_is_a_404(client):
    assert client.get("/article/999999/").status_code == 404


def test_an_update_is_shown_only_when_it_came_later_than_publication(client):
    now = timezone.now()
    touched = make_article(
        published_at=now - timedelta(hours=3), updated_at=now - timedelta(hours=3)
    )
    revised = make_article(
        published_at=now - timedelta(hours=3), updated_at=now - timedelta(hours=1)
    )
    assert "Updated" not in page(client, touched)
    assert "Updated an hour ago" in page(client, revised)


def test_what_the_database_holds_is_escaped_everywhere_the_page_shows_it(client):
    source = make_source("Tom & Jerry's <Times>")
    article = make_article(
        source,
        headline="Cranes <move> & ships wait",
        standfirst='A "quoted" <b>standfirst</b>',
        author="<script>x</script>",
        attribution="Editing by <B. Editor>",
        hashtags=("Ports&Docks",),
    )
    html = page(client, article)
    main = html[html.index('<article class="article"') :]
    assert '<h1 id="headline">Cranes &lt;move&gt; &amp; ships wait</h1>' in main
    assert "A &quot;quoted&quot; &lt;b&gt;standfirst&lt;/b&gt;" in main
    assert "By &lt;script&gt;x&lt;/script&gt;" in main
    assert "Editing by &lt;B. Editor&gt;" in main
    assert "Published by Tom &amp; Jerry&#x27;s &lt;Times&gt;." in main
    assert "#Ports&amp;Docks</a>" in main
    assert "<script>x" not in main and "<move>" not in main


def test_what_the_database_holds_is_escaped_in_the_head_of_the_page_too(client):
    article = make_article(
        headline="Cranes <move> & ships wait",
        standfirst='A "quoted" <b>standfirst</b>',
    )
    Article.objects.filter(pk=article.pk).update(canonical_url='https://news.example/a?x=1&y="2"')
    other = make_article(make_source("Coast Courier"))
    make_story(article, other, title="Ports <shut> & reopen")
    head = page(client, article).split("</head>")[0]
    assert "<title>Cranes &lt;move&gt; &amp; ships wait · " in head
    assert '<meta name="description" content="A &quot;quoted&quot; &lt;b&gt;standfirst' in head
    assert '<link rel="canonical" href="https://news.example/a?x=1&amp;y=&quot;2&quot;">' in head
    assert 'title="Story: Ports &lt;shut&gt; &amp; reopen (RSS)"' in head
    assert "<move>" not in head and "<shut>" not in head and "<b>" not in head


def test_a_text_without_stored_html_is_shown_as_escaped_paragraphs(client):
    article = make_article(text="First <line>.\n\nSecond & last.", body_html="")
    body = page(client, article).split('data-block="body"')[1]
    assert "<p>First &lt;line&gt;.</p><p>Second &amp; last.</p>" in body
    assert "<p></p>" not in body


def test_an_original_and_its_copies_name_each_other_as_also_published(client):
    original = make_article(make_source("First Wire"))
    copy = make_article(make_source("Second Paper"), duplicate_of=original)
    assert f'Also published by\n      <a href="/article/{copy.pk}/">Second Paper</a>.' in page(
        client, original
    )
    assert f'<a href="/article/{original.pk}/">First Wire</a>' in page(client, copy)


def test_hashtags_keep_the_order_given_and_copies_the_order_published_side_by_side(client):
    original = make_article(make_source("First Wire"), hashtags=("Zebra", "Apple", "Mango"))
    copies = [
        make_article(make_source(name), duplicate_of=original, hashtags=("Other",))
        for name in ("Second Paper", "Third Paper")
    ]
    html = page(client, original)
    tags = html.split('data-block="hashtags"')[1]
    assert tags.index("#Zebra") < tags.index("#Apple") < tags.index("#Mango")
    assert "#Other" not in tags
    listed = ", ".join(f'<a href="/article/{copy.pk}/">{copy.source.name}</a>' for copy in copies)
    assert f"Also published by\n      {listed}." in html


def test_the_ai_buttons_offer_story_features_only_when_the_article_has_a_story(client):
    alone = make_article()
    covered = make_article()
    make_story(covered, make_article())
    html = page(client, alone)
    assert f'href="/article/{alone.pk}/ai/summary/"' in html
    assert "Compare coverage" not in html and "Background" not in html
    html = page(client, covered)
    assert f'hx-get="/article/{covered.pk}/ai/compare/"' in html
    assert f'href="/article/{covered.pk}/ai/background/"' in html
    assert f'hx-get="/article/{covered.pk}/ai/ask/form/"' in html
    assert "Ask about this article" in html
