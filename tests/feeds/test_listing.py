"""Article links from HTML section pages."""

from __future__ import annotations

import pytest

from newsdesk.feeds import FeedParseError, parse_listing_page
from newsdesk.feeds.listing import looks_like_article_path

SECTION_PAGE = """<!DOCTYPE html><html><head><title>World | Example News</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/tag/climate-change-and-energy-policy">Tag</a>
<a href="/author/jane-doe-smith-jones">Jane</a> <a href="/about-us">About</a></nav>
<main>
  <a href="/2025/04/01/central-bank-cuts-rates"><img src="x.jpg"></a>
  <a href="/2025/04/01/central-bank-cuts-rates">Central bank <b>cuts</b> rates</a>
  <a href="world/floods-hit-the-northern-region-again#comments">Floods hit the north</a>
  <a href="https://news.example.com/stories/202504010042.html">Wire story</a>
  <a href="https://other.example.org/2025/04/01/someone-elses-story">Elsewhere</a>
  <a href="/2025/04/">April archive</a>
  <a href="javascript:void(0)">Menu</a>
  <a href="/media/photo-of-the-day-large.jpg">Photo</a>
</main></body></html>"""


def test_it_finds_article_links_and_their_titles() -> None:
    feed = parse_listing_page(SECTION_PAGE, "https://www.example.com/world/")
    assert feed.kind == "html" and feed.title == "World | Example News"
    assert [(e.url, e.title) for e in feed.entries] == [
        ("https://www.example.com/2025/04/01/central-bank-cuts-rates", "Central bank cuts rates"),
        (
            "https://www.example.com/world/world/floods-hit-the-northern-region-again",
            "Floods hit the north",
        ),
        ("https://news.example.com/stories/202504010042.html", "Wire story"),
    ]


def test_it_refuses_an_empty_page() -> None:
    with pytest.raises(FeedParseError):
        parse_listing_page("", "https://www.example.com/")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/2025/04/01/slug", True),
        ("/news/20250401/story", True),
        ("/world/some-long-story-slug", True),
        ("/news/world-12345678", True),
        ("/world", False),
        ("/2025/04/", False),
        ("/tag/some-long-tag-name", False),
        ("/author/jane-doe-smith-jones", False),
        ("/img/a-b-c-d.jpg", False),
    ],
)
def test_it_tells_article_paths_from_navigation(path: str, expected: bool) -> None:
    assert looks_like_article_path(path) is expected
