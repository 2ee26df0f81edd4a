"""Seeded news-like text for the ingestion bench's publisher farm.

Sentence templates filled from word pools give every article its own text (names, places,
numbers and topics differ), so near-duplicate detection has no false twins to find, while the
prose keeps a real article's shape: a headline, a standfirst, paragraphs and sub-headings.
"""

from __future__ import annotations

import random

_PEOPLE = (
    "Maria Okafor", "Tomas Lindqvist", "Priya Raman", "Jonas Weber", "Mei Tanaka",
    "Kwame Mensah", "Sofia Castillo", "Liam Byrne", "Noor Haddad", "Ivan Petrov",
    "Elena Novak", "Samuel Reyes", "Aiko Mori", "Daniel Brandt", "Fatima Zahra",
    "Oliver Grant", "Lucia Moreau", "Hassan Ali", "Greta Holm", "Rafael Sousa",
)  # fmt: skip
_ROLES = (
    "finance minister", "mayor", "chief executive", "union leader", "health secretary",
    "opposition leader", "central bank governor", "police chief", "lead researcher",
    "coach", "spokesperson", "environment commissioner", "head of procurement",
)  # fmt: skip
_ORGS = (
    "the city council", "Almavera Energy", "the Ministry of Transport", "Skarn Aerospace",
    "the National Health Service", "Westline Rail", "the Port Authority", "Calder Bank",
    "the University of Orre", "the Coastal Water Board", "Helix Pharmaceuticals",
    "the Football Association", "Tarrawong Shire", "the Fisheries Agency", "Northfield Steel",
)  # fmt: skip
_PLACES = (
    "Calderwick", "Northfield", "Orre Valley", "Westcliff", "Tarrawong", "Vestskog",
    "the harbour district", "the eastern suburbs", "the capital", "the river delta",
    "the old town", "the industrial belt", "the northern coast", "the mountain villages",
)  # fmt: skip
_TOPICS = (
    "housing", "rail", "flooding", "wages", "energy prices", "school funding", "tourism",
    "the budget", "air quality", "hospital waiting lists", "broadband", "fishing quotas",
    "public transport", "the stadium", "wildfires", "water supply", "the election",
    "inflation", "the merger", "the strike", "drug prices", "the bridge", "the port",
)  # fmt: skip
_VERBS = (
    "announced", "rejected", "approved", "delayed", "defended", "criticised", "unveiled",
    "postponed", "welcomed", "questioned", "confirmed", "scrapped", "expanded", "reviewed",
)  # fmt: skip
_NOUNS = (
    "plan", "proposal", "deal", "report", "investigation", "contract", "policy", "budget",
    "inquiry", "project", "agreement", "review", "scheme", "bill", "programme", "bid",
)  # fmt: skip
_ADJECTIVES = (
    "controversial", "long-awaited", "ambitious", "modest", "costly", "surprise", "revised",
    "emergency", "independent", "temporary", "landmark", "disputed", "regional", "national",
)  # fmt: skip
_TIMES = (
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend",
    "last week", "this morning", "late on Sunday", "earlier this month", "overnight",
)  # fmt: skip
_SENTENCES = (
    "{person}, the {role}, {verb} the {adj} {noun} on {topic} {time}.",
    "The {noun} would affect {place}, where residents have complained about {topic} for years.",
    "{org} said the {adj} {noun} would cost about {money} over {years} years.",
    "Critics said the {noun} did little to address {topic} in {place}.",
    "\"We have listened to people in {place} and we will act on {topic},\" {person} said.",
    "According to figures published by {org}, {percent} per cent of households in {place} were "
    "affected by {topic} {time}.",
    "The decision follows a {adj} {noun} by {org} into {topic}.",
    "{person} told reporters that the {noun} had been {verb} after talks with {org}.",
    "Local businesses in {place} {verb} the move, saying {topic} had hurt trade.",
    "A vote on the {noun} is expected within {years} weeks, officials said.",
    "{org} has {verb} {count} similar schemes since {year}.",
    "Opposition members called the {noun} \"{adj} and rushed\" and demanded a full inquiry.",
    "About {count} people attended a public meeting in {place} {time} to discuss {topic}.",
    "The {role} declined to comment on reports that {org} had {verb} a rival {noun}.",
    "Analysts at {org} expect {topic} to remain a central issue until at least {year2}.",
    "In {place}, the mood was mixed: some welcomed the {noun}, others feared the cost.",
)  # fmt: skip
_HEADLINES = (
    "{org_t} {verb} {adj} {noun} on {topic}",
    "{place_t} braces for {topic} {noun}",
    "{person} {verb} {noun} as {topic} row grows",
    "What the {adj} {noun} means for {place_t}",
    "{topic_t}: {org_t} {verb} {noun} after months of talks",
    "{person} under pressure over {topic} in {place_t}",
)  # fmt: skip
_SUBHEADS = (
    "What happens next", "Reaction in {place_t}", "The cost of {topic}", "A long dispute",
    "Who is affected", "The numbers", "What {person} said", "Background",
)  # fmt: skip


def _slots(rng: random.Random) -> dict[str, str]:
    place, org, topic = rng.choice(_PLACES), rng.choice(_ORGS), rng.choice(_TOPICS)
    year = rng.randint(2009, 2024)
    return {
        "person": rng.choice(_PEOPLE),
        "role": rng.choice(_ROLES),
        "verb": rng.choice(_VERBS),
        "adj": rng.choice(_ADJECTIVES),
        "noun": rng.choice(_NOUNS),
        "topic": topic,
        "topic_t": topic[:1].upper() + topic[1:],
        "time": rng.choice(_TIMES),
        "place": place,
        "place_t": place[:1].upper() + place[1:],
        "org": org,
        "org_t": org[:1].upper() + org[1:],
        "money": f"£{rng.randint(2, 950)}{rng.choice(('m', 'bn'))}",
        "years": str(rng.randint(2, 15)),
        "percent": str(rng.randint(3, 78)),
        "count": f"{rng.randint(12, 4800):,}",
        "year": str(year),
        "year2": str(year + rng.randint(3, 12)),
    }


def sentence(rng: random.Random) -> str:
    return rng.choice(_SENTENCES).format(**_slots(rng))


def headline(rng: random.Random) -> str:
    text = rng.choice(_HEADLINES).format(**_slots(rng))
    return text[:1].upper() + text[1:]


def article_body(rng: random.Random, words: int) -> list[tuple[str, list[str]]]:
    """Sections of (sub-heading or "", paragraphs) totalling about ``words`` words."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    count = 0
    while count < words:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        count += len(paragraph.split())
        if len(sections[-1][1]) >= rng.randint(3, 5):
            subhead = rng.choice(_SUBHEADS).format(**_slots(rng))
            sections.append((subhead, []))
        sections[-1][1].append(paragraph)
    return sections


def standfirst(rng: random.Random, sections: list[tuple[str, list[str]]]) -> str:
    """The summary line: the first sentence of the lead paragraph, as editors often do."""
    first = sections[0][1][0]
    return first.split(". ")[0].rstrip(".") + "."


def boilerplate_script(rng: random.Random, size: int) -> str:
    """Minified-looking analytics and ad code, the bulk of a real news page's bytes."""
    chunks: list[str] = []
    total = 0
    while total < size:
        name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
        chunk = (
            f"window.{name}=window.{name}||[];function {name}_{rng.randint(1, 999)}(e,t){{"
            f"var n=e.split('.');return n.length>{rng.randint(1, 9)}?t[n[0]]:e+'{name}'}}"
            f"{name}.push({{id:'{rng.getrandbits(64):016x}',ts:{rng.randint(10**9, 2 * 10**9)}"
            f",slot:'div-gpt-ad-{rng.randint(1000, 9999)}'}});"
        )
        chunks.append(chunk)
        total += len(chunk)
    return "".join(chunks)[:size]


def boilerplate_markup(rng: random.Random, size: int) -> str:
    """Mega-menus, teaser cards, link farms: the many DOM nodes an extractor must wade through."""
    cards: list[str] = []
    total = 0
    while total < size:
        slot = _slots(rng)
        card = (
            f'<div class="card card--{rng.choice(("small", "wide", "promo"))}">'
            f'<a class="card__link" href="/news/{rng.randint(10**5, 10**6)}.html">'
            f'<div class="card__media"><img src="/img/{rng.randint(1, 9999)}.jpg" alt=""></div>'
            f'<div class="card__body"><span class="card__kicker">{slot["topic_t"]}</span>'
            f'<span class="card__title">{headline(rng)}</span></div></a>'
            f'<ul class="card__meta"><li>{slot["place_t"]}</li><li>{rng.randint(2, 59)} min '
            f'read</li><li><a href="#comments">{rng.randint(0, 900)} comments</a></li></ul></div>'
        )
        cards.append(card)
        total += len(card)
    return "".join(cards)
