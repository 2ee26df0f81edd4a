"""Article cards, the rows of every list (latest news, outlets, hashtags, sections, a story's
reports, related articles, a reader's saved articles).

Written in Python rather than as a template: a list shows thirty cards, and through the template
engine (an include, an inclusion tag and a dozen variable lookups and filters each) they were
most of a list page's time. A card reads only the columns the list statements of
``newsdesk.news.queries`` read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from html import escape
from itertools import groupby
from typing import NamedTuple

from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from newsdesk.lib.text import EXCERPT_READ_FACTOR, excerpt
from newsdesk.news.models import Article, Story
from newsdesk.reader.links import link
from newsdesk.reader.personal import part
from newsdesk.reader.times import ago

# The longest excerpt a card shows (``queries.CARD_TEXT_CHARS`` reads three times this).
EXCERPT_CHARS = 240


def summary(item: object, max_chars: int = EXCERPT_CHARS) -> str:
    """A clean excerpt for lists: the standfirst, else the opening sentences of the text (lists
    read only its opening, ``text_start``; other callers, the whole text)."""
    text = (
        getattr(item, "standfirst", "")
        or getattr(item, "text_start", "")
        or getattr(item, "text", "")
    )
    # Only the opening can be in an excerpt: the cache keeps no more of a text than that.
    return _excerpt(str(text)[: max_chars * EXCERPT_READ_FACTOR], max_chars)


@lru_cache(maxsize=8192)
def _excerpt(opening: str, max_chars: int) -> str:
    """``excerpt``, once per process for each text: an article's card recurs on many pages
    (latest news, its outlet, hashtags and story, related articles), and finding its
    sentences was a third of a card's time."""
    return excerpt(opening, max_chars)


@dataclass(frozen=True)
class Showing:
    """Where and when a list is shown: its reader's time zone, the links' script prefix and
    the moment cards count back from. Read once for a list's thirty cards, as each read of a
    request's time zone or prefix looks up context-local state."""

    zone: tzinfo
    script_prefix: str
    now: datetime

    @classmethod
    def here(cls) -> Showing:
        return cls(timezone.get_current_timezone(), get_script_prefix(), datetime.now(UTC))


def card(
    item: Article,
    button: str,
    *,
    clock: bool = False,
    show_language: bool = False,
    showing: Showing | None = None,
) -> str:
    """One card: outlet, time, headline, excerpt and the reader's save button."""
    showing = showing or Showing.here()
    face = _Face(
        article_id=item.pk,
        headline=item.headline,
        excerpt=summary(item),
        published_at=item.published_at,
        language=item.language if show_language else "",
        republished=bool(item.duplicate_of_id),
        outlet=item.source.name,
        outlet_slug=item.source.slug,
        clock=clock,
        zone=showing.zone,
        script_prefix=showing.script_prefix,
    )
    before, after = _written(face)
    return f"{before}{ago(item.published_at, showing.now)}{after}{button}\n</li>"


class _Face(NamedTuple):
    """All a card shows but how long ago its report came in and the reader's button: the same
    each time the card is shown, in every list it is in, until its row changes. A tuple, as
    it is made and hashed for every card of every list."""

    article_id: int
    headline: str
    excerpt: str
    published_at: datetime
    language: str  # when shown
    republished: bool
    outlet: str
    outlet_slug: str
    clock: bool
    zone: tzinfo
    script_prefix: str  # the links start with it


# The months as ``strftime``'s ``%B`` names them (Python runs in the C locale, as newsdesk never
# sets another), for cards' times: written from this rather than by ``strftime``, which cost a
# card written for the first time a fifth of its markup.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _clock(local: datetime) -> str:
    """The time of day as ``%H:%M`` says it ("09:05")."""
    return f"{local.hour:02d}:{local.minute:02d}"


def _exact_time(local: datetime) -> str:
    """A moment as a card's time says it when pointed at ("26 March 2026, 14:05"), in the
    reader's time zone: not with Django's date format, which cost a story card more than the
    rest of it."""
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {_clock(local)}"


@lru_cache(maxsize=8192)
def _written(face: _Face) -> tuple[str, str]:
    """A card's markup before and after how long ago (a ``<time>`` element with the exact
    time as its title, and first, for timelines, the time of day), written once per process:
    a card recurs on many pages, and each page is rendered again whenever reports arrive."""
    local = face.published_at.astimezone(face.zone)
    prefix = face.script_prefix
    outlet_link = link("reader:source", face.outlet_slug, script_prefix=prefix)
    outlet = f'<a href="{outlet_link}">{escape(face.outlet)}</a>'
    article_link = link("reader:article", face.article_id, script_prefix=prefix)
    shown = f"{_clock(local)}, " if face.clock else ""
    before = (
        f'<li class="card">\n  <p class="meta">{outlet} · <time datetime="{local.isoformat()}"'
        f' title="{_exact_time(local)}">{shown}'
    )
    meta = ""
    if face.language:
        language = escape(face.language)
        meta += f' · <abbr class="language" title="Language of this report">{language}</abbr>'
    if face.republished:
        meta += " · republished"
    after = (
        f"</time>{meta}</p>\n"
        f'  <h3 class="card-title"><a href="{article_link}">'
        f"{escape(face.headline)}</a></h3>\n"
        f'  <p class="excerpt">{escape(face.excerpt)}</p>\n  '
    )
    return before, after


def cards(
    request: HttpRequest,
    items: Iterable[Article],
    *,
    clock: bool = False,
    show_language: bool = False,
    showing: Showing | None = None,
) -> SafeString:
    """The cards of a list, with this reader's save buttons."""
    showing = showing or Showing.here()
    return mark_safe(
        "\n".join(
            card(
                item,
                part(request, "save", item.pk),
                clock=clock,
                show_language=show_language,
                showing=showing,
            )
            for item in items
        )
    )


def day_lists(
    request: HttpRequest,
    items: Iterable[Article],
    *,
    clock: bool = False,
    show_language: bool = False,
) -> list[tuple[str, SafeString]]:
    """A time-ordered list's cards by the day they came in, in the reader's time zone, each
    day with its heading ("Today", "Yesterday", "Monday 2 March 2026").

    Grouped and headed here rather than in the template, where each card's day read the
    request's time zone again and each heading went through ``naturalday`` and the date
    filter: a hashtag's or a story's cards span a dozen days a page."""
    showing = Showing.here()
    today = showing.now.astimezone(showing.zone).date()

    def local_day(item: Article) -> date:
        return item.published_at.astimezone(showing.zone).date()

    return [
        (
            day_heading(day, today),
            cards(request, listed, clock=clock, show_language=show_language, showing=showing),
        )
        for day, listed in groupby(items, key=local_day)
    ]


def day_sections(days: list[tuple[str, SafeString]]) -> SafeString:
    """A list page's days (``day_lists``), each a section with its heading and cards: written
    here, as a hashtag's thirty cards span a dozen days and each went through the template
    engine's loop, variables and escaping."""
    return mark_safe(
        "".join(
            f'\n<section class="day" aria-labelledby="day-{number}">\n'
            f'  <h2 class="day-heading" id="day-{number}">{escape(heading)}</h2>\n'
            f'  <ol class="cards">\n    {listed}\n  </ol>\n</section>\n'
            for number, (heading, listed) in enumerate(days, start=1)
        )
    )


def day_heading(day: date, today: date) -> str:
    """What humanize's ``naturalday`` with the format "l j F Y" says of a day, capitalized:
    "Today", "Yesterday", "Tomorrow", else the day written out."""
    return _heading(day, (day - today).days, get_language())


_NEAR_DAYS = {0: "today", 1: "tomorrow", -1: "yesterday"}


@lru_cache(maxsize=1024)
def _heading(day: date, days_from_today: int, language: str | None) -> str:
    """A day's heading, written once per process for each day and language."""
    near = _NEAR_DAYS.get(days_from_today)
    return capfirst(gettext(near) if near else date_format(day, "l j F Y"))


def story_cards(stories: Iterable[Story]) -> SafeString:
    """Cards of stories (the front page's top stories, a hashtag's stories): the lead report's
    outlet, time, headline and excerpt, and a link to the story's full coverage. Written here
    rather than through the template engine, which cost a hashtag page more than its thirty
    article cards."""
    showing = Showing.here()
    items = "".join(_story_card(story, showing) for story in stories)
    return mark_safe(f'<ol class="story-grid">{items}\n</ol>')


def _story_card(story: Story, showing: Showing) -> str:
    lead = story.lead_article
    if lead is None:
        shown = f'<h3 class="card-title">{escape(story.title)}</h3>'
    else:
        local = lead.published_at.astimezone(showing.zone)
        outlet = (
            f'<a href="{link("reader:source", lead.source.slug)}">{escape(lead.source.name)}</a>'
        )
        when = (
            f'<time datetime="{local.isoformat()}" title="{_exact_time(local)}">'
            f"{ago(lead.published_at, showing.now)}</time>"
        )
        shown = (
            f'<p class="meta">{outlet} · {when}</p>\n'
            f'    <h3 class="card-title"><a href="{link("reader:article", lead.pk)}">'
            f"{escape(lead.headline)}</a></h3>\n"
            f'    <p class="excerpt">{escape(summary(lead, 200))}</p>'
        )
    outlets, reports = story.source_count, story.article_count
    coverage = (
        f"Full coverage · {outlets} outlet{_plural(outlets)}, {reports} report{_plural(reports)}"
    )
    return (
        f'\n  <li class="story-card">\n    {shown}\n'
        f'    <p class="coverage"><a href="{link("reader:story", story.pk)}">{coverage}</a></p>\n'
        "  </li>"
    )


def _plural(count: int) -> str:
    return "" if count == 1 else "s"
