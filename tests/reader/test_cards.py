"""Cards say how long ago a report came in exactly as Django's ``naturaltime`` does, and show
what the reader needs: outlet, headline, excerpt, the reader's own save button."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.humanize.templatetags import humanize
from django.urls import reverse

from newsdesk.reader.cards import card
from newsdesk.reader.times import ago
from tests.factories import make_article

NOW = datetime(2026, 3, 31, 10, 30, 15, 400000, tzinfo=UTC)
SECONDS = [0, 1, 2, 59, 60, 61, 119, 120, 3599, 3600, 3601, 7199, 7200, 86399]
DAYS = [1, 2, 6, 7, 8, 13, 14, 27, 28, 29, 30, 31, 59, 60, 89, 364, 365, 366, 400, 800]


class _Frozen(datetime):
    @classmethod
    def now(cls, tz=None):
        return NOW


@pytest.mark.parametrize(
    "delta",
    [timedelta(seconds=s) for s in SECONDS]
    + [timedelta(days=d, hours=h, minutes=7) for d in DAYS for h in (0, 5, 23)]
    # Whole units, a unit's last second, and a week with minutes but no days or hours.
    + [timedelta(days=d) for d in (1, 7, 14, 21, 27, 28)]
    + [timedelta(days=d, seconds=-1) for d in (2, 7, 8, 28)]
    + [timedelta(days=7, minutes=3), timedelta(days=1, hours=1), timedelta(days=1, seconds=59)],
)
def test_it_says_what_naturaltime_says(monkeypatch, delta):
    monkeypatch.setattr(humanize, "datetime", _Frozen)
    value = NOW - delta
    assert ago(value, NOW) == humanize.naturaltime(value)


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 2, 27, 23, 59, tzinfo=UTC),
        datetime(2028, 3, 1, tzinfo=UTC),
        datetime(2029, 3, 1, 1, 30, 5, 999999, tzinfo=UTC),
        datetime(2027, 12, 31, 23, 59, 59, tzinfo=UTC),
    ],
)
@pytest.mark.parametrize("days", [1, 20, 27, 28, 29, 31, 59, 61, 364, 365, 366, 730, 1461])
def test_it_says_what_naturaltime_says_across_months_and_years(monkeypatch, now, days):
    monkeypatch.setattr(
        humanize, "datetime", type("_At", (datetime,), {"now": lambda tz=None: now})
    )
    value = now - timedelta(days=days, hours=3)
    assert ago(value, now) == humanize.naturaltime(value)


def test_a_moment_to_come_is_left_to_naturaltime(monkeypatch):
    monkeypatch.setattr(humanize, "datetime", _Frozen)
    value = NOW + timedelta(minutes=3)
    assert ago(value, NOW) == humanize.naturaltime(value) == "3\xa0minutes from now"


@pytest.mark.django_db
def test_a_card_shows_outlet_headline_excerpt_and_a_save_button(client, reader):
    article = make_article(headline="Cranes <move> again", standfirst="The port reopened.")
    anonymous = client.get(article.source.get_absolute_url()).content.decode()
    assert "Cranes &lt;move&gt; again" in anonymous and "The port reopened." in anonymous
    assert f'href="{article.get_absolute_url()}"' in anonymous
    assert "Sign in to save" in anonymous
    client.force_login(reader)
    signed_in = client.get(article.source.get_absolute_url()).content.decode()
    toggle = reverse("following:bookmark", args=[article.pk])
    assert f'action="{toggle}"' in signed_in
    assert 'aria-pressed="false">Save</button>' in signed_in


def shown(headline: str = "Port reopens", **changes: object) -> SimpleNamespace:
    values = {
        "pk": 7,
        "headline": headline,
        "standfirst": "Cranes move again.",
        "published_at": NOW,
        "language": "en",
        "duplicate_of_id": None,
        "source": SimpleNamespace(name="Harbour Gazette", slug="harbour-gazette"),
    }
    return SimpleNamespace(**(values | changes))


def test_a_card_shown_again_follows_the_time_zone_it_is_shown_in():
    """Cards keep their markup once written; the time zone is part of it."""
    from django.utils import timezone

    with timezone.override("UTC"):
        assert 'title="31 March 2026, 10:30"' in card(shown(), "", clock=True)
    with timezone.override("Asia/Tokyo"):
        html = card(shown(), "", clock=True)
    assert 'title="31 March 2026, 19:30"' in html and ">19:30, " in html


def test_a_card_shown_again_shows_its_rows_changes_and_the_time_since():
    first = card(shown(), "<button>")
    assert "Port reopens" in first and "<button>" in first
    assert "Port reopens again" in card(shown("Port reopens again"), "")
    assert "republished" in card(shown(duplicate_of_id=3), "")
    assert ">en</abbr>" in card(shown(), "", show_language=True)
    earlier = NOW - timedelta(days=40)
    assert ago(earlier) in card(shown(published_at=earlier), "")
    assert ago(NOW) in card(shown(), "") and ago(NOW) != ago(earlier)


def test_an_excerpt_kept_from_a_texts_opening_is_the_excerpt_of_the_whole_text():
    """Cards keep excerpts keyed by the opening of the text only; what they show is what the
    whole text gives."""
    from newsdesk.lib.text import excerpt
    from newsdesk.reader.cards import summary

    text = "The harbour reopened on Tuesday. " * 3 + "Unions agreed. " * 400
    for _ in range(2):
        assert summary(SimpleNamespace(text=text)) == excerpt(text, 240)
        assert summary(SimpleNamespace(text=text), 80) == excerpt(text, 80)


@pytest.mark.parametrize("days", [-2, -1, 0, 1, 2, 6, 7, 40, 365])
def test_a_day_heading_says_what_naturalday_says(monkeypatch, days):
    from django.utils.text import capfirst

    from newsdesk.reader.cards import day_heading

    monkeypatch.setattr(humanize, "datetime", _Frozen)
    day = (NOW - timedelta(days=days)).date()
    assert day_heading(day, NOW.date()) == capfirst(humanize.naturalday(day, "l j F Y"))


def test_a_list_is_grouped_under_the_days_of_the_readers_time_zone(rf):
    from django.utils import timezone

    from newsdesk.reader import personal
    from newsdesk.reader.cards import day_lists

    request = rf.get("/")
    setattr(request, personal.SHARED, True)  # placeholders for the save buttons
    evening = datetime(2026, 3, 30, 16, 0, tzinfo=UTC)  # 01:00 on 31 March in Tokyo
    items = [
        shown("Late", pk=3, published_at=evening),
        shown("Early", pk=2, published_at=evening - timedelta(hours=1)),  # midnight
        shown("Earlier", pk=1, published_at=evening - timedelta(hours=9)),
    ]
    with timezone.override("Asia/Tokyo"):
        days = day_lists(request, items)
    assert [heading for heading, _ in days] == ["Tuesday 31 March 2026", "Monday 30 March 2026"]
    assert "Late" in days[0][1] and "Early" in days[0][1] and "Earlier" in days[1][1]
    assert "Earlier" not in days[0][1]


def test_a_story_card_shows_its_lead_report_and_coverage_with_every_field_escaped():
    from newsdesk.reader.cards import story_cards

    lead = shown("Cranes <move> & ships wait", standfirst='A "quoted" <b>standfirst</b>')
    lead.source.name = "Tom & Jerry's <Times>"
    led = SimpleNamespace(pk=4, title="unused", lead_article=lead, source_count=3, article_count=1)
    html = story_cards([led])
    assert (
        f'<a href="{reverse("reader:article", args=[7])}">Cranes &lt;move&gt; &amp; ships' in html
    )
    assert "A &quot;quoted&quot; &lt;b&gt;standfirst&lt;/b&gt;" in html
    assert "Tom &amp; Jerry&#x27;s &lt;Times&gt;</a>" in html
    assert (
        f'href="{reverse("reader:story", args=[4])}">Full coverage · 3 outlets, 1 report<' in html
    )
    unled = SimpleNamespace(
        pk=5, title="Ports <shut>", lead_article=None, source_count=1, article_count=2
    )
    html = story_cards([unled])
    assert '<h3 class="card-title">Ports &lt;shut&gt;</h3>' in html
    assert "Full coverage · 1 outlet, 2 reports<" in html


def test_a_list_pages_days_are_numbered_sections_each_under_its_escaped_heading():
    from django.utils.safestring import mark_safe

    from newsdesk.reader.cards import day_sections

    html = day_sections([("Today <b>", mark_safe("<li>a</li>")), ("Yesterday", mark_safe("<li>b"))])
    assert '<h2 class="day-heading" id="day-1">Today &lt;b&gt;</h2>' in html
    assert '<section class="day" aria-labelledby="day-2">' in html
    assert html.index("<li>a</li>") < html.index("Yesterday") < html.index("<li>b")
    assert day_sections([]) == ""


def test_a_story_card_gives_its_lead_reports_exact_time_as_an_article_card_does():
    from django.utils import timezone

    from newsdesk.reader.cards import story_cards

    led = SimpleNamespace(pk=4, title="", lead_article=shown(), source_count=2, article_count=2)
    with timezone.override("Asia/Tokyo"):
        html = story_cards([led])
        assert card(shown(), "").split("<time")[1].split(">")[0] in html
    assert '<time datetime="2026-03-31T19:30:15.400000+09:00" title="31 March 2026, 19:30">' in html


@pytest.mark.parametrize("month", range(1, 13))
def test_a_cards_times_read_as_strftime_writes_them_in_every_month(month):
    from zoneinfo import ZoneInfo

    from newsdesk.reader.cards import _clock, _exact_time

    for zone in (UTC, ZoneInfo("Asia/Tokyo"), ZoneInfo("America/St_Johns")):
        for day, hour, minute in ((1, 0, 0), (9, 9, 5), (28, 23, 59)):
            local = datetime(2026, month, day, hour, minute, 30, tzinfo=UTC).astimezone(zone)
            assert _exact_time(local) == f"{local.day} {local:%B %Y, %H:%M}"
            assert _clock(local) == f"{local:%H:%M}"
