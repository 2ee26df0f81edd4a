"""How long ago something happened, in the words of humanize's ``naturaltime``: every card,
an article's byline and each comment say it, and Django's version (lazy strings, translation
lookups, calendar arithmetic for every moment) cost more than the rest of a card.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.timesince import MONTHS_DAYS

# The units ``timesince`` counts after years and months, with their length in seconds.
_UNITS_BELOW_MONTH = (("week", 7 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60))


def _since(value: datetime, now: datetime) -> str:
    """What ``timesince`` says of a moment a day or more back ("3 days, 4 hours", "1 year, 2
    months"), worked out as it does (whole calendar months up to a pivot, the rest in weeks,
    days, hours and minutes; the first two units from the largest counted, while neither is
    none) without its lazy strings and translation lookups, most of its time: every card
    says how long ago, and a story's or an outlet's cards are mostly days old. In English,
    as the reader site's pages are."""
    now = now.astimezone(value.tzinfo)
    months = (now.year - value.year) * 12 + now.month - value.month
    if value.day > now.day or (value.day == now.day and value.time() > now.time()):
        months -= 1
    years, months = divmod(months, 12)
    pivot = value
    if years or months:
        year, month = value.year + years, value.month + months
        if month > 12:
            year, month = year + 1, month - 12
        day = min(MONTHS_DAYS[month - 1], value.day)
        pivot = value.replace(year=year, month=month, day=day, microsecond=0)
    remaining = (now - pivot).total_seconds()
    counts = [("year", years), ("month", months)]
    for unit, size in _UNITS_BELOW_MONTH:
        count = int(remaining // size)
        counts.append((unit, count))
        remaining -= size * count
    first = next(index for index, (_, count) in enumerate(counts) if count)
    shown = [(unit, count) for unit, count in counts[first : first + 2] if count]
    return ", ".join(f"{count}\xa0{unit}{'' if count == 1 else 's'}" for unit, count in shown)


def ago(value: datetime, now: datetime | None = None) -> str:
    """What humanize's ``naturaltime`` says of a past moment ("2 hours ago", "3 days, 4
    hours ago", with its non-breaking spaces), at a fraction of its cost; a moment to come (a
    clock running ahead) is left to ``naturaltime``."""
    now = now or datetime.now(UTC)
    if value > now:
        return str(naturaltime(value))
    delta = now - value
    if delta.days:
        return f"{_since(value, now)} ago"
    seconds = delta.seconds
    for unit, size, one in (("hour", 3600, "an hour"), ("minute", 60, "a minute")):
        if seconds >= size:
            count = seconds // size
            return f"{one} ago" if count == 1 else f"{count}\xa0{unit}s ago"
    if seconds:
        return "a second ago" if seconds == 1 else f"{seconds}\xa0seconds ago"
    return "now"
