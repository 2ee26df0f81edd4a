"""The demo corpus is big, varied and internally consistent enough to show off every feature."""

from __future__ import annotations

from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest

from newsdesk.demo.build_corpus import generate
from tests.demo.corpus import CORPUS, body_text, events, originals, outlets, parse_page, words

ARTICLES = events()["articles"]


def page(article_id: str) -> str:
    return (CORPUS / ARTICLES[article_id]["path"]).read_text(encoding="utf-8")


def test_manifest_lists_six_outlets_with_every_feed_kind() -> None:
    manifest = outlets()
    assert len(manifest) >= 6
    assert len({o["slug"] for o in manifest}) == len(manifest)
    kinds = {o["feed_kind"] for o in manifest}
    assert {"rss", "atom", "jsonfeed"} <= kinds
    assert kinds & {"html", "news-sitemap"}
    for outlet in manifest:
        assert (CORPUS / outlet["feed_path"]).is_file(), outlet["slug"]
        assert (CORPUS / outlet["home_path"]).is_file(), outlet["slug"]
        logo = (CORPUS / outlet["logo"]).read_text(encoding="utf-8")
        assert logo.lstrip().startswith("<svg") and "</svg>" in logo
        assert urlsplit(outlet["homepage"]).hostname.endswith(".example")


def test_enough_articles_events_and_outlets_per_event() -> None:
    data = events()
    assert len(originals()) >= 44
    multi = [e for e in data["events"] if not e.get("standalone")]
    assert len(multi) >= 9
    for event in multi:
        assert 3 <= len(event["outlets"]) <= 6, event["id"]
    for event_id in data["standalone_events"]:
        event = next(e for e in data["events"] if e["id"] == event_id)
        assert len(event["articles"]) == 1
        assert event["articles"][0] in data["standalone"]
    assert len(data["standalone"]) == len(data["standalone_events"]) >= 2
    listed = {a for e in data["events"] for a in e["articles"]}
    assert listed == set(ARTICLES)
    assert all(a["event"] in {e["id"] for e in data["events"]} for a in ARTICLES.values())


def test_every_outlet_writes_about_several_events() -> None:
    per_outlet = Counter(a["outlet"] for a in originals().values())
    assert set(per_outlet) == {o["slug"] for o in outlets()}
    assert min(per_outlet.values()) >= 4


def test_lookalike_events_are_distinct_and_on_different_days() -> None:
    data = events()
    for first, second in data["lookalikes"]:
        times = {
            e: [ARTICLES[a]["minutes_ago"] for a in ev["articles"]]
            for e in (first, second)
            for ev in data["events"]
            if ev["id"] == e
        }
        assert min(times[first]) - max(times[second]) > 24 * 60 or (
            min(times[second]) - max(times[first]) > 24 * 60
        )


def test_each_event_is_reported_within_hours() -> None:
    for event in events()["events"]:
        minutes = [ARTICLES[a]["minutes_ago"] for a in event["articles"]]
        assert max(minutes) - min(minutes) <= 12 * 60, event["id"]
        assert max(minutes) <= 3 * 24 * 60, event["id"]


@pytest.mark.parametrize("article_id", sorted(ARTICLES))
def test_article_length_and_metadata(article_id: str) -> None:
    html = page(article_id)
    parsed = parse_page(html)
    count = len(words(body_text(html)))
    assert 300 <= count <= 900, (article_id, count)
    canonical = ARTICLES[article_id]["canonical"]
    assert parsed.canonical == canonical == parsed.meta["og:url"]
    assert urlsplit(canonical).hostname.endswith(".example")
    for key in ("description", "author", "og:title", "og:description", "og:image"):
        assert parsed.meta.get(key), (article_id, key)
    assert parsed.meta["article:published_time"].startswith("{{ago:")
    for boilerplate in ("cookie-banner", "share-bar", "newsletter-signup", "related", "<footer"):
        assert boilerplate in html, (article_id, boilerplate)
    assert "<h1>" in html and 'class="standfirst"' in html and 'class="byline"' in html


def test_canonical_urls_are_unique() -> None:
    canon = [a["canonical"] for a in ARTICLES.values()]
    assert len(set(canon)) == len(canon)


def test_several_articles_have_subheadings_and_attribution_lines() -> None:
    pages = [page(a) for a in ARTICLES]
    assert sum("<h2>" in p for p in pages) >= 30
    assert sum('class="attribution">(Reporting by' in p for p in pages) >= 5


def test_hostile_inputs_are_planted_where_events_json_says() -> None:
    special = events()["special"]
    injected = body_text(page(special["prompt_injection"]))
    assert "Ignore previous instructions and" in injected
    html = page(special["script_outside_article"])
    article_start, article_end = html.index("<article"), html.index("</article>")
    scripts = [i for i in range(len(html)) if html.startswith("<script", i)]
    assert any(i < article_start or i > article_end for i in scripts)
    assert "document.cookie" in html and "document.cookie" not in body_text(html)


def test_planted_conflicts_appear_in_the_text() -> None:
    """Spot-check that the fact conflicts listed in events.json are really in the articles."""
    checks = {
        "harbour-gazette/port-strike-enters-third-day": "about 2,400 dockworkers",
        "meridian-wire/calderwick-dockworkers-strike-talks": "Around 2,000 workers",
        "continental-ledger/central-bank-cuts-rates-split-vote": "Five members",
        "meridian-wire/arvenia-central-bank-rate-cut": "voted 6-1",
        "daily-lantern/vireo-hack-passport-numbers": "2.8 million",
        "continental-ledger/vireo-mobile-data-breach-shares": "3.1mn",
    }
    for article_id, phrase in checks.items():
        assert phrase in body_text(page(article_id)), article_id


def test_no_two_articles_share_a_long_run_of_words() -> None:
    """Written independently: no 13-word run (so no sentence over 12 words) is shared."""
    seen: dict[str, set[str]] = defaultdict(set)
    for article_id in originals():
        tokens = words(body_text(page(article_id)))
        for i in range(len(tokens) - 12):
            seen[" ".join(tokens[i : i + 13])].add(article_id)
    shared = {run: ids for run, ids in seen.items() if len(ids) > 1}
    assert not shared, sorted(shared.items())[:5]


def test_wire_copy_is_marked_and_really_a_copy() -> None:
    copies = {k: v for k, v in ARTICLES.items() if v.get("wire_copy_of")}
    assert copies
    for article_id, meta in copies.items():
        assert meta["wire_copy_of"] in ARTICLES
        assert ARTICLES[meta["wire_copy_of"]]["event"] == meta["event"]
        assert words(body_text(page(article_id))) == words(body_text(page(meta["wire_copy_of"])))
        assert meta["canonical"] != ARTICLES[meta["wire_copy_of"]]["canonical"]


def test_committed_corpus_matches_its_sources() -> None:
    """Someone edited a source but forgot ``python -m newsdesk.demo.build_corpus``?"""
    files = generate()
    stale = [rel for rel, text in files.items() if (CORPUS / rel).read_text("utf-8") != text]
    assert not stale, stale
    pages = {p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/articles/*.html")}
    assert pages <= set(files)
