"""A reader's visit in a real browser: Playwright driving Debian's Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

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
