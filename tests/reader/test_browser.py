"""A reader's visit in a real browser: Playwright driving Debian's Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from newsdesk.jobs.demo import register_outlets
from newsdesk.jobs.ingest import run_pass
from newsdesk.news.models import Feed
from tests.factories import make_article, make_source, make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in its own thread, so Django's async-safety guard does not apply here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


GAZETTE_TEXT = "\n".join(
    [
        "Dockworkers at Calderwick port returned to work on Thursday after a three-day strike.",
        "About 2,400 workers had walked out over pay and night-shift safety rules.",
        "The union said its members won a 6% pay rise over two years.",
        "Thirty-one ships had queued off the coast while the cranes stood still.",
        "Transport Minister Edwin Marsh welcomed the deal after eleven hours of talks.",
    ]
)
COURIER_TEXT = "\n".join(
    [
        "Cranes moved again at Calderwick on Thursday as the union backed a new deal.",
        "Some 2,000 workers had joined the walkout, the union said.",
        "The agreement raises pay by 6% over two years, according to the operator.",
        "Twenty-seven ships were still waiting to unload on Thursday morning.",
    ]
)


def seed_articles():
    gazette, courier = make_source("Harbour Gazette"), make_source("Coast Courier")
    lead = make_article(
        gazette,
        headline="Dockworkers end three-day strike at Calderwick port",
        standfirst="Night shifts resume after eleven hours of talks.",
        author="Mira Okafor",
        hashtags=("Calderwick", "PortStrike"),
        text=GAZETTE_TEXT,
    )
    other = make_article(
        courier,
        headline="Calderwick cranes move again as union backs deal",
        standfirst="Members will vote on the agreement next week.",
        text=COURIER_TEXT,
    )
    make_story(lead, other, title=lead.headline)
    return lead


def test_a_reader_browses_signs_up_and_comments(live_server, browser_page):
    lead = seed_articles()
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser_page

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Latest news")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "front-page.png"), full_page=True)

    page.get_by_role("link", name=lead.headline).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lead.headline)
    blocks = page.locator("[data-block]").evaluate_all("els => els.map(e => e.dataset.block)")
    assert blocks == ["header", "body", "hashtags", "ai", "comments", "related"]
    expect(page.get_by_role("link", name="#PortStrike")).to_be_visible()
    expect(page.get_by_text("No comments yet...")).to_be_visible()
    actions = page.locator(".article-header .actions")
    save = actions.get_by_role("link", name="Sign in to save").bounding_box()
    follow = actions.get_by_role("link", name="Sign in to follow").bounding_box()
    assert save and follow and save["y"] == follow["y"] and save["x"] < follow["x"]
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)

    page.get_by_role("link", name="Sign in to comment").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("mira")
    page.get_by_label("Password", exact=True).fill("harbour-lights-2026")
    page.get_by_label("Password confirmation").fill("harbour-lights-2026")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(lead.headline)
    page.get_by_label("Your comment").fill("Glad the night shift is back.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    expect(page.locator(".comment-body")).to_have_text("Glad the night shift is back.")
    page.screenshot(path=str(ARTIFACTS / "article-with-comment.png"), full_page=True)


def test_a_reader_uses_each_ai_feature_and_follows_a_citation(live_server, browser_page):
    lead = seed_articles()
    page = browser_page
    page.goto(live_server.url + lead.get_absolute_url())
    output = page.locator("#ai-output")

    for feature, heading in [
        ("Summary", "Summary"),
        ("Key points", "Key points"),
        ("Compare coverage", "Compare coverage"),
        ("Background", "Background"),
    ]:
        page.get_by_role("link", name=feature, exact=True).click()
        expect(output.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)
        assert output.locator("a.cite").count() >= 1, feature
        if feature == "Compare coverage":
            expect(output.locator(".differences")).to_contain_text("2,400")
            expect(output.locator(".differences")).to_contain_text("2,000")

    page.get_by_label("Ask about this article").fill("How many workers walked out?")
    page.get_by_role("button", name="Ask").click()
    expect(output.locator(".question")).to_be_visible(timeout=60_000)
    expect(output).to_contain_text("About 2,400 workers had walked out")
    page.screenshot(path=str(ARTIFACTS / "article-ai-answer.png"), full_page=True)

    output.locator("a.cite").first.click()
    expect(page.locator("#body mark.cited")).to_have_text(
        "About 2,400 workers had walked out over pay and night-shift safety rules."
    )


def test_a_reader_searches_follows_a_story_and_is_alerted_to_a_new_report(
    live_server, browser_page, publisher, loopback_allowed, django_user_model
):
    """The demo outlets through the real pipeline, one of them held back; the reader finds
    the port strike in their own words, saves a report and follows the story; the held-back
    outlet then publishes its report of it, and the reader finds the alert."""
    register_outlets(publisher)
    late = Feed.objects.filter(source__slug="continental-ledger")
    late.update(is_active=False)
    run_pass(all_feeds=True)
    django_user_model.objects.create_user("mira", password="harbour-lights-2026")
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser_page

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("mira")
    page.get_by_label("Password").fill("harbour-lights-2026")
    page.locator("main").get_by_role("button", name="Sign in").click()

    page.get_by_role("searchbox", name="Search").fill("why are dockers striking")
    page.get_by_role("button", name="Search", exact=True).click()
    first = page.locator(".results .card").first
    expect(first).to_contain_text("Found by")
    expect(first.locator(".card-title")).to_contain_text(re.compile("strike|Calderwick"))
    page.screenshot(path=str(ARTIFACTS / "search-page.png"), full_page=True)

    first.locator(".card-title a").click()
    actions = page.locator(".actions")
    actions.get_by_role("button", name="Save").click()
    expect(actions.get_by_role("button", name="Saved ✓")).to_be_visible()
    actions.get_by_role("button", name="Follow this story").click()
    expect(actions.get_by_role("button", name="Following this story ✓")).to_be_visible()

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Business").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Business")
    expect(page.locator(".cards .card").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "section-page.png"), full_page=True)

    late.update(is_active=True)
    run_pass(all_feeds=True)
    page.get_by_role("link", name="Saved", exact=True).click()
    expect(page.locator(".cards .card")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "saved-page.png"), full_page=True)

    expect(page.locator(".badge")).to_have_text("1")
    page.get_by_role("link", name=re.compile("^Alerts")).click()
    expect(page.locator(".alerts .card")).to_have_count(1)
    expect(page.locator(".alerts .card")).to_contain_text("The Continental Ledger")
    page.screenshot(path=str(ARTIFACTS / "alerts-page.png"), full_page=True)

    page.get_by_role("link", name="Following", exact=True).click()
    expect(page.get_by_text("Calderwick strike costs mount").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "following-page.png"), full_page=True)
