"""A page whose first pass finds too little is read again by trafilatura's whole cascade."""

from __future__ import annotations

from newsdesk.extraction import extract_article

TEASER = "<p>The council met on Tuesday to discuss the harbour and the ferry timetable.</p>"
LOOSE = "".join(
    f"<div><span>Paragraph {n}: the ferry timetable changes in the winter, and the late boat "
    f"runs on Fridays only until the storms pass and the harbour is dredged again.</span></div>"
    for n in range(12)
)


def test_a_teaser_taken_for_the_article_is_replaced_by_what_the_fallback_finds() -> None:
    html = f'<html><body><div class="entry-content">{TEASER}</div>{LOOSE}</body></html>'
    text = extract_article(html, "https://harbour.example/ferries").text
    assert "Paragraph 0: the ferry timetable" in text
    assert "Paragraph 11: the ferry timetable" in text


def test_a_date_only_the_text_gives_is_kept_when_the_fallback_replaces_the_body() -> None:
    """The text is searched for a date on the first pruned tree, which the first pass then
    consumes; the fallback reads a page parsed again."""
    dated = f"<p>Published 14 March 2023</p>{LOOSE}"
    html = f'<html><body><div class="entry-content">{TEASER}</div>{dated}</body></html>'
    article = extract_article(html, "https://harbour.example/ferries")
    assert "Paragraph 11: the ferry timetable" in article.text
    assert article.published is not None
    assert article.published.date().isoformat() == "2023-03-14"
