"""extract_article reads the publisher's metadata: the reader's header line comes from here."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.extraction import DateEvidence, ExtractedArticle, extract_article


def test_it_reads_headline_standfirst_author_and_site(news_article: ExtractedArticle) -> None:
    assert news_article.headline == "Harbour reopens after storm repairs"
    assert news_article.standfirst.startswith("Fishing boats return to Port Evren")
    assert news_article.author == "Mara Lindqvist"
    assert news_article.site_name == "The Coastal Ledger"


def test_it_returns_timezone_aware_dates(news_article: ExtractedArticle) -> None:
    assert news_article.published == datetime(2024, 3, 5, 7, 30, tzinfo=UTC)
    assert news_article.updated == datetime(2024, 3, 5, 10, 2, tzinfo=UTC)
    assert news_article.published.utcoffset() is not None


def test_it_absolutizes_canonical_url_and_lead_image(news_article: ExtractedArticle) -> None:
    assert news_article.canonical_url == "https://ledger.example/news/2024/harbour-reopens"
    assert news_article.lead_image == "https://ledger.example/images/harbour.jpg"


def test_it_keeps_the_fetched_url(news_article: ExtractedArticle) -> None:
    assert news_article.url.endswith("?utm_source=rss")


def test_it_takes_language_from_html_lang(news_article: ExtractedArticle) -> None:
    assert news_article.language == "en"


def test_it_falls_back_to_title_byline_and_json_ld() -> None:
    html = """<html><head><title>Tram vote delayed</title>
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},
      {"@type": "NewsArticle", "datePublished": "2024-05-01T09:00:00Z",
       "author": [{"@type": "Person", "name": "Ana Ruiz"}]}]}</script></head>
    <body><article><p>The vote on the tram line was delayed again on Wednesday, the council
    said, after a late amendment changed the route through the old town and its narrow streets.</p>
    <p>Councillors asked for more time to study the cost of two extra stops on the line.</p>
    </article></body></html>"""
    article = extract_article(html, "https://city.example/tram")
    assert article.headline == "Tram vote delayed"
    assert article.author == "Ana Ruiz"
    assert article.published == datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    assert article.site_name == "city.example"
    assert article.canonical_url == "https://city.example/tram"
    assert article.language is None


def test_it_takes_the_standfirst_from_the_deck_when_meta_has_none() -> None:
    html = """<html><head><title>Tram vote delayed</title></head><body><article>
    <h1>Tram vote delayed</h1>
    <p class="article-standfirst">Councillors want more time to study a late amendment.</p>
    <p>The vote on the tram line was delayed again on Wednesday, the council said, after a late
    amendment changed the route through the old town and its narrow streets.</p>
    <p>Councillors asked for more time to study the cost of two extra stops on the line.</p>
    </article></body></html>"""
    article = extract_article(html, "https://city.example/tram")
    assert article.standfirst == "Councillors want more time to study a late amendment."


def test_it_trims_a_visible_byline_and_names_the_site_by_host() -> None:
    html = """<html><head><title>Browns win</title>
    <script type="application/ld+json">{"@type": "NewsArticle",
      "publisher": {"@type": "Organization", "url": "https://www.sports.example"}}</script></head>
    <body><article><h1>Browns win</h1>
    <span itemprop="author">By Ann Lee @annlee Nov 18, 2019 at 9:24 pm ET • 2 min read</span>
    <p>The Browns won on Sunday with a late field goal, ending a run of four straight defeats
    and keeping their slim playoff hopes alive for at least another week of the season.</p>
    <p>The coach praised the defence, which held the visitors to a single touchdown.</p>
    </article></body></html>"""
    article = extract_article(html, "https://www.sports.example/browns")
    assert article.author == "Ann Lee"
    assert article.site_name == "www.sports.example"


def test_the_byline_is_the_first_author_mark_with_text_that_opens_its_siblings() -> None:
    """As trafilatura's XPath "//*[@rel='author' or @itemprop='author'][1]" reads it: an empty
    author link hides the marked siblings after it (a logo, then the same link again as text),
    but not marks elsewhere on the page."""
    html = """<html><head><title>Ferry fares</title></head><body><article><h1>Ferry fares</h1>
    <div class="meta"><a rel="author" href="/ann"><img src="/ann.jpg"></a>
    <a rel="author" href="/ann">Ann Lee (hidden twin)</a></div>
    <p class="credit"><span itemprop="author">Omar Haddad</span></p>
    <p>Ferry fares rise next month for the first time in six years, the operator said, blaming
    fuel costs and the repairs to the northern pier after the winter storms of last year.</p>
    <p>Season tickets keep their price until the end of the summer timetable in October.</p>
    </article></body></html>"""
    assert extract_article(html, "https://ferries.example/fares").author == "Omar Haddad"


def test_it_reports_a_declared_date_as_metadata(news_article: ExtractedArticle) -> None:
    assert news_article.published_evidence is DateEvidence.METADATA


def _page_dated(head: str, body: str) -> str:
    prose = "".join(
        f"<p>The harbour reopened to boats after {n} months of storm repairs, the port said.</p>"
        for n in ("two", "three", "four")
    )
    article = f"<article>{body}{prose}</article>"
    return f"<html><head><title>Harbour</title>{head}</head><body>{article}</body></html>"


def test_it_reports_a_date_from_a_time_element_as_markup() -> None:
    html = _page_dated("", '<time datetime="2024-03-05T07:30:00Z">5 March 2024</time>')
    article = extract_article(html, "https://ledger.example/harbour")
    assert article.published is not None
    assert article.published.date().isoformat() == "2024-03-05"
    assert article.published_evidence is DateEvidence.MARKUP


def test_it_reports_a_date_only_found_in_the_text_as_text() -> None:
    html = _page_dated("", "<p>Posted on March 5, 2024 by the harbour office.</p>")
    article = extract_article(html, "https://ledger.example/harbour")
    assert article.published is not None
    assert article.published.date().isoformat() == "2024-03-05"
    assert article.published_evidence is DateEvidence.TEXT


def test_a_month_first_date_in_the_text_is_read_month_first() -> None:
    html = _page_dated("", '<ul><li class="header__date"><span>2/24/2026</span></li></ul>')
    article = extract_article(html, "https://ledger.example/harbour")
    assert article.published is not None
    assert article.published.date().isoformat() == "2026-02-24"
    assert article.published_evidence is DateEvidence.TEXT


def test_a_page_without_a_date_has_no_evidence() -> None:
    article = extract_article(_page_dated("", ""), "https://ledger.example/harbour")
    assert article.published is None
    assert article.published_evidence is None


def test_the_headline_is_the_visible_h1_not_the_social_title() -> None:
    html = """<html><head><meta property="og:title" content="Tram vote delayed | City Paper">
    <title>Tram vote delayed | City Paper</title></head><body><h1>City Paper</h1><article>
    <h1>Tram vote delayed again</h1>
    <p>The vote on the tram line was delayed again on Wednesday, the council said, after a late
    amendment changed the route through the old town and its narrow streets.</p></article>
    </body></html>"""
    article = extract_article(html, "https://city.example/tram")
    assert article.headline == "Tram vote delayed again"


def test_a_declared_title_loses_its_site_name_suffix() -> None:
    html = """<html><head><title>Tram vote delayed again – City Paper</title></head><body>
    <article><p>The vote on the tram line was delayed again on Wednesday, the council said,
    after a late amendment changed the route through the old town and its narrow streets.</p>
    </article></body></html>"""
    article = extract_article(html, "https://city.example/tram")
    assert article.headline == "Tram vote delayed again"


def test_dates_in_file_names_and_links_are_not_the_publication_date() -> None:
    html = _page_dated(
        "",
        '<p><img src="https://cdn.example/uploads/storm_2024-05-24_17.53.png" alt="Quay">'
        'See <a href="https://other.example/news/2017-07-25/ferries">the ferry report</a>.</p>',
    )
    article = extract_article(html, "https://ledger.example/harbour")
    assert article.published is None


def test_a_bare_copyright_year_is_not_a_publication_date() -> None:
    html = _page_dated("", "<p>Text and photographs © 2019 the harbour office.</p>")
    article = extract_article(html, "https://ledger.example/harbour")
    assert article.published is None
    assert article.published_evidence is None
