"""Enrichment against the database: understand each settled article (language, entities,
hashtags, embedding), store what was understood, and file it into a story. Batched, because
the models are several times faster on batches than one by one."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from newsdesk.lib.vectors import to_blob
from newsdesk.news.limits import clip
from newsdesk.news.models import Article, ArticleHashtag, Hashtag
from newsdesk.nlp.embed import embed
from newsdesk.nlp.entities import Entity, extract_entities_batch
from newsdesk.nlp.given_names import given_names
from newsdesk.nlp.hashtags import hashtags_for
from newsdesk.nlp.language import detect_language
from newsdesk.nlp.topics import sections_for
from newsdesk.pipeline import stories
from newsdesk.pipeline.crosslingual import Crossing, ForeignLeads, crossings
from newsdesk.pipeline.sections import file_sections

# How much of the body the embedding sees: headline, standfirst and the opening of the text
# carry the event; the rest mostly adds background that blurs one event into the next.
_LEAD_CHARS = 600
# How much of the text language detection reads: a few paragraphs decide it.
_LANGUAGE_CHARS = 2000


# At most this many articles' understanding waits in a process for their enrichment (the
# oldest is dropped first, and then worked out again): a pass's pages are enriched soon after
# they are stored, so a few thousand bound the memory without losing any.
_REMEMBERED_LIMIT = 5000
# At most this many vectors embedded ahead of their batch wait for it (a batch or two; what is
# left by articles another worker enriched meanwhile is dropped, oldest first).
_AHEAD_LIMIT = 256


@dataclass(frozen=True)
class Words:
    """The words of an article that enrichment reads, as stored."""

    headline: str
    standfirst: str
    text: str
    language: str  # as the page declared it, or ""

    def digest(self) -> str:
        joined = "\0".join((self.headline, self.standfirst, self.text, self.language))
        return hashlib.blake2b(joined.encode(errors="surrogatepass"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Understanding:
    """What reading an article's words finds before it is filed (none of it needs the
    database): worked out beside the page's extraction, in a page process, it spares the
    single writer thread its heaviest step, named entities."""

    digest: str  # of the ``Words`` read
    language: str | None
    entities: list[Entity]
    tags: list[str]  # before the outlet's own name is taken out


_remembered: dict[int, Understanding] = {}
# Vectors embedded ahead of their batch (``embedding_ahead``), by the text embedded: a batch
# takes those of the texts it embeds, so a text changed meanwhile is embedded anew.
_embedded_ahead: dict[str, np.ndarray] = {}
_ahead_lock = threading.Lock()


def understand(words: Sequence[Words]) -> list[Understanding]:
    """Language, entities and hashtag candidates of each article, in one batch of the models."""
    languages = [
        w.language or detect_language(f"{w.headline}\n{w.text[:_LANGUAGE_CHARS]}") for w in words
    ]
    entities = extract_entities_batch(
        [f"{w.headline}\n{w.standfirst}\n{w.text}" for w in words], languages
    )
    return [
        Understanding(w.digest(), language, found, hashtags_for(w.headline, w.text, found))
        for w, language, found in zip(words, languages, entities, strict=True)
    ]


def remember(article_id: int, understanding: Understanding) -> None:
    """Keep an article's understanding, worked out elsewhere, for its enrichment in this
    process."""
    _remembered[article_id] = understanding
    while len(_remembered) > _REMEMBERED_LIMIT:
        del _remembered[next(iter(_remembered))]


def _understood(articles: Sequence[Article]) -> list[Understanding]:
    """Each article's understanding: the one remembered when its words are still those it was
    worked out from, else worked out now (the rest in one batch)."""
    words = [_words_of(article) for article in articles]
    found: list[Understanding | None] = []
    for article, read in zip(articles, words, strict=True):
        known = _remembered.pop(article.pk, None)
        found.append(known if known is not None and known.digest == read.digest() else None)
    missing = [i for i, known in enumerate(found) if known is None]
    if not missing:
        return [known for known in found if known is not None]
    for i, worked_out in zip(missing, understand([words[i] for i in missing]), strict=True):
        found[i] = worked_out
    return [known for known in found if known is not None]


def _words_of(article: Article) -> Words:
    return Words(article.headline, article.standfirst, article.text, article.language)


def due(now: datetime) -> QuerySet[Article]:
    """Articles whose page is settled (fetched or given up) and that are not enriched yet.

    Failed pages are enriched too: the feed's text is still worth understanding. So are
    republished copies: their page shows hashtags, and the story lists them as republished."""
    return (
        Article.objects.filter(enriched_at__isnull=True)
        .exclude(page_status=Article.PageStatus.PENDING)
        .order_by("published_at", "id")
    )


_SAMPLE = "The harbour authority in Kestrin said the night shift would return on Monday."


def warm_up() -> None:
    """Load every model enrichment uses (language, entities, embedding, sections): seconds of
    work a process pays once, which a pass can do while its pages are still being fetched
    instead of before its first batch."""
    warm_up_reading()
    sections_for(embed([_SAMPLE]))


def warm_up_reading() -> None:
    """Load the models ``understand`` uses (language, entities, the given names hashtags check):
    pure Python and NumPy, so a process may load them before it forks page processes, which
    then share them instead of loading their own."""
    extract_entities_batch([_SAMPLE], [detect_language(_SAMPLE)])
    given_names()


def embedding_text(headline: str, standfirst: str, text: str) -> str:
    return " ".join(part for part in (headline, standfirst, text[:_LEAD_CHARS]) if part)


def enrich_articles(article_ids: Sequence[int]) -> int:
    """Enrich and cluster the given articles (oldest first); returns how many were done."""
    articles = list(
        Article.objects.filter(pk__in=article_ids, enriched_at__isnull=True)
        .select_related("source")
        .order_by("published_at", "id")
    )
    if not articles:
        return 0
    # The embedding runs beside entity extraction: onnxruntime lets go of the GIL while spaCy
    # holds it on one core, so the two share the machine instead of taking turns.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="enrich-embed") as helper:
        embedding = helper.submit(
            _embedded, [embedding_text(a.headline, a.standfirst, a.text) for a in articles]
        )
        understood = _understood(articles)
        vectors = embedding.result()
    languages = [u.language for u in understood]
    entities = [u.entities for u in understood]
    sections = sections_for(vectors)
    across = crossings(articles, languages)
    tags = [_without_publisher(u.tags, a) for a, u in zip(articles, understood, strict=True)]
    # One transaction for the batch: filing is one after the other anyway (each report may
    # join the story the one before started), and the tags and sections of the whole batch
    # go in a few statements instead of some per article.
    with transaction.atomic():
        stories.serialize_clustering()
        leads = ForeignLeads.read(articles[0].published_at - stories.cluster_config().max_gap)
        finished = set(
            Article.objects.filter(pk__in=article_ids, enriched_at__isnull=False).values_list(
                "id", flat=True
            )
        )  # by another worker while we computed
        filed = []
        for article, language, found, vector, placed, crossing, article_tags in zip(
            articles, languages, entities, vectors, sections, across, tags, strict=True
        ):
            if article.pk not in finished:
                _save(article, language, found, vector, crossing, leads)
                filed.append((article, article_tags, placed))
        _tag([(article, article_tags) for article, article_tags, _ in filed])
        file_sections([(a.pk, a.published_at, placed) for a, _, placed in filed])
    return len(articles)


def embedding_ahead(article_ids: Sequence[int]) -> Callable[[], None]:
    """The embedding of these articles' texts, as work a pass runs in a thread while the batch
    before them is filed: it needs neither the database nor the clustering lock. Taking turns,
    the embedding (on every core) and the filing (on one) left a core idle for most of each
    batch once the pages were all fetched."""
    texts = [
        embedding_text(*row)
        for row in Article.objects.filter(pk__in=article_ids, enriched_at__isnull=True).values_list(
            "headline", "standfirst", "text"
        )
    ]

    def run() -> None:
        vectors = embed(texts)
        with _ahead_lock:
            _embedded_ahead.update(zip(texts, vectors, strict=True))
            while len(_embedded_ahead) > _AHEAD_LIMIT:
                del _embedded_ahead[next(iter(_embedded_ahead))]

    return run


def _embedded(texts: Sequence[str]) -> np.ndarray:
    """Each text's vector: the one embedded ahead, else embedded now (the rest in one batch)."""
    with _ahead_lock:
        found: list[np.ndarray | None] = [_embedded_ahead.pop(text, None) for text in texts]
    missing = [i for i, vector in enumerate(found) if vector is None]
    if missing:
        for i, vector in zip(missing, embed([texts[i] for i in missing]), strict=True):
            found[i] = vector
    return np.array(found, dtype=np.float32)


def _save(
    article: Article,
    language: str | None,
    entities: list[Entity],
    vector: np.ndarray,
    crossing: Crossing | None,
    leads: ForeignLeads,
) -> None:
    """File the article into its story and store what enrichment found; inside the batch's
    transaction, after ``serialize_clustering``, ``leads`` read in it."""
    signal = stories.article_signal(article, entities, vector)
    story, started = stories.file_into_story(signal, crossing, article, leads)
    multilingual = {} if crossing is None else {"multilingual_embedding": to_blob(crossing.vector)}
    stored_language = clip(Article, "language", language or "")
    Article.objects.filter(pk=article.pk).update(
        **multilingual,
        language=stored_language,
        entities=[_entity_json(e) for e in entities],
        embedding=to_blob(vector),
        story=story,
        enriched_at=timezone.now(),
        lease_until=None,
    )
    leads.add(article, stored_language, story.pk)
    if not started:  # a story the report started shows it already
        stories.refresh_story(story)


def _tag(tagged: Sequence[tuple[Article, Sequence[str]]]) -> None:
    """Link each article to its tags, most salient first, creating the tags not seen before:
    three or four queries for the whole batch, instead of two or three per article."""
    wanted: dict[str, str] = {}
    links: list[tuple[Article, str]] = []
    for article, names in tagged:
        slugs: dict[str, None] = {}
        for name in names:
            if slug := clip(Hashtag, "slug", slugify(name)):
                wanted.setdefault(slug, clip(Hashtag, "name", name))
                slugs.setdefault(slug)
        links.extend((article, slug) for slug in slugs)
    if not wanted:
        return
    ids = dict(Hashtag.objects.filter(slug__in=wanted).values_list("slug", "id"))
    if missing := [slug for slug in wanted if slug not in ids]:
        # Another worker may create one of them meanwhile: its row is the one to link.
        Hashtag.objects.bulk_create(
            [Hashtag(slug=slug, name=wanted[slug]) for slug in missing], ignore_conflicts=True
        )
        ids.update(Hashtag.objects.filter(slug__in=missing).values_list("slug", "id"))
    ArticleHashtag.objects.bulk_create(
        [
            ArticleHashtag(article_id=a.pk, hashtag_id=ids[slug], published_at=a.published_at)
            for a, slug in links
        ],
        ignore_conflicts=True,
    )


def _without_publisher(tags: list[str], article: Article) -> list[str]:
    """An outlet naming itself ("Meridian Wire said") is boilerplate, not a topic."""
    publisher = slugify(article.source.name).replace("-", "")
    return [tag for tag in tags if slugify(tag).replace("-", "") not in publisher]


def _entity_json(entity: Entity) -> dict[str, object]:
    return {
        "name": entity.name,
        "label": entity.label,
        "mentions": entity.mentions,
        "key": entity.key,
    }
