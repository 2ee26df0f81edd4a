"""The archive's tables.

Indexes are chosen for the pages at a million articles: every list the site shows is "newest
first, filtered by one column" (source, story, hashtag, or nothing), so each has a composite
index ending in the time and id columns the lists order and page by (keyset pagination), and
the pages never sort a table scan. ``tests/news/test_query_plans.py`` holds them to that.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsdesk.lib.domains import domains_of
from newsdesk.nlp.topics import SECTIONS


class Source(models.Model):
    """A publisher: one outlet, which may have several feeds."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    home_url = models.URLField(max_length=2000, blank=True)
    logo_url = models.URLField(max_length=2000, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A feed may list any URL: links (and page canonicals) on another publisher's domain are
    # only taken when the admin names that domain here.
    allowed_link_domains = models.TextField(
        blank=True,
        help_text="Other domains this source's feeds may link to (e.g. a sister site or the "
        "host its articles are served from), separated by commas or new lines. Links to any "
        "other domain are skipped, so one publisher's feed can never take over another's "
        "articles.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reader:source", args=[self.slug])

    def link_domains(self) -> frozenset[str]:
        """The registrable domains this source's articles may live on: its home page's, its
        feeds', and those the admin allowed."""
        allowed = self.allowed_link_domains.replace(",", "\n").split()
        feeds = [feed.url for feed in self.feeds.all()]  # prefetched for a batch of sources
        return domains_of([self.home_url, *feeds, *allowed])


class Feed(models.Model):
    """One URL we poll for new articles, with the state the polite fetcher needs."""

    class Kind(models.TextChoices):
        AUTO = "auto", "Detect"
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        RDF = "rdf", "RSS 1.0 (RDF)"
        JSON = "json", "JSON Feed"
        SITEMAP = "sitemap", "News sitemap"
        HTML = "html", "Web page listing"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=2000, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AUTO)
    title = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    # Conditional GET validators from the last successful fetch.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # Adaptive schedule: when to poll next, and what happened last time.
    next_check_at = models.DateTimeField(default=timezone.now)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    error_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The feed was read, but only in part (XML broken after some entries): kept for the admin
    # until a refresh reads the feed whole again.
    last_warning = models.TextField(blank=True)
    # A worker that takes this feed holds it until then; if it dies, the lease runs out and
    # the scheduler hands the feed to another worker (nothing lost, never two at once).
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["is_active", "next_check_at"], name="feed_due_idx")]

    def __str__(self) -> str:
        return self.title or self.url


class Hashtag(models.Model):
    """A tag derived from an article's entities and key phrases, e.g. ``AinAlAssad``."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"#{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("reader:hashtag", args=[self.slug])


class Story(models.Model):
    """Reports of one event from many outlets, grouped by the clustering stage."""

    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    lead_article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    article_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)
    # Ranking score for the front page (outlets, recency, velocity), refreshed on change.
    score = models.FloatField(default=0.0)
    # Clustering state: mean embedding (float32 bytes) and entity keys with counts.
    centroid = models.BinaryField(null=True, blank=True)
    entity_counts = models.JSONField(default=dict, blank=True)
    # Report count when consolidation last regrouped the story; None: never, or merged since.
    regrouped_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "stories"
        indexes = [
            # Covers the clustering window's query (ids and report counts of recent stories),
            # so it never reads the rows with their centroids.
            models.Index(fields=["-last_seen_at", "article_count"], name="story_recent_count_idx"),
            models.Index(fields=["-score"], name="story_score_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reader:story", args=[self.pk])


class StoryRedirect(models.Model):
    """A story merged into another: its old address forwards to the story it joined, so links,
    bookmarks and follows made before the merge keep working."""

    old_id = models.BigIntegerField(primary_key=True)
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"story {self.old_id} -> {self.story_id}"


# The (time, id) order of lists and what they filter on, then the columns a card shows that an
# article's row keeps after its long texts (see Article.Meta.indexes).
_LISTED = ("-published_at", "-id", "duplicate_of")
_CARD = ("source", "story", "language")


class Article(models.Model):
    """One report by one outlet, as extracted from its page (or its feed entry)."""

    class PageStatus(models.TextChoices):
        PENDING = "pending", "Page not fetched yet"
        FETCHED = "fetched", "Page extracted"
        FAILED = "failed", "Page fetch failed; feed text shown"

    class DateSource(models.TextChoices):
        """Where ``published_at`` came from, from strongest evidence to weakest."""

        FEED = "feed", "The feed's date"
        PAGE = "page", "The page's metadata"
        TEXT = "text", "A date in the page's text"
        FETCH = "fetch", "When newsdesk first saw it"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    canonical_url = models.URLField(max_length=2000, unique=True)
    url = models.URLField(
        max_length=2000, db_index=True, help_text="The address we fetched it from."
    )
    guid = models.CharField(max_length=2000, blank=True, db_index=True)
    headline = models.CharField(max_length=500)
    # The entry's title as the feed last gave it. The headline may come from the page instead,
    # so a re-poll compares the feed's title with this one to tell a real update.
    feed_title = models.CharField(max_length=500, blank=True)
    standfirst = models.TextField(blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=12, blank=True)
    body_html = models.TextField(blank=True, help_text="Sanitized article body.")
    text = models.TextField(blank=True, help_text="Plain text, one paragraph per line.")
    lead_image = models.URLField(max_length=2000, blank=True)
    attribution = models.CharField(max_length=500, blank=True)
    fingerprint = models.CharField(max_length=16, blank=True, db_index=True)
    page_status = models.CharField(
        max_length=10, choices=PageStatus.choices, default=PageStatus.PENDING
    )
    page_attempts = models.PositiveSmallIntegerField(default=0)
    # Why the page's last attempt failed, kept until one succeeds (the admin lists it).
    last_error = models.TextField(blank=True)
    published_from = models.CharField(
        max_length=8, choices=DateSource.choices, default=DateSource.FEED
    )
    # Same as Feed.lease_until, for the page and enrichment steps.
    lease_until = models.DateTimeField(null=True, blank=True)
    # The same wire story republished by another outlet points at the first copy we stored, so
    # lists can show it once with "also published by".
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="republications",
        # Only the few copies are indexed (article_duplicate_idx): an index on every row would
        # tempt SQLite into reading the whole archive for "duplicate_of IS NULL".
        db_index=False,
    )
    story = models.ForeignKey(
        Story,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        # A story's reports are read from article_story_cards_idx, in page order. An index on
        # the story alone would tempt PostgreSQL, whose statistics take a story of hundreds of
        # reports for a short one, into reading all of them and sorting them for one page.
        db_index=False,
    )
    hashtags: models.ManyToManyField[Hashtag, ArticleHashtag] = models.ManyToManyField(
        Hashtag, blank=True, related_name="articles", through="ArticleHashtag"
    )
    entities = models.JSONField(default=list, blank=True)
    embedding = models.BinaryField(null=True, blank=True)
    # Multilingual embedding of headline + standfirst (float32 bytes): set on enrichment for
    # reports not in English, and on English reports once one is compared across languages.
    multilingual_embedding = models.BinaryField(null=True, blank=True)
    enriched_at = models.DateTimeField(null=True, blank=True)
    # When the search index last took the article's words; cleared when the publisher changes
    # them, so the search stage indexes it again.
    indexed_at = models.DateTimeField(null=True, blank=True)
    # When readers' follows and saved searches were checked against the article for alerts.
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # Lists order by (time, id): the id in the index keeps SQLite from sorting a tie.
            # The columns after them are what a list filters on and its cards show that the row
            # keeps past its long texts: read from the index, a card reads only the row's first
            # page, and a republished copy left out of a list is never read at all. A story
            # page names its outlets and languages from its index alone.
            models.Index(fields=[*_LISTED, *_CARD], name="article_recent_cards_idx"),
            models.Index(
                fields=["source", *_LISTED, "story", "language"], name="article_source_cards_idx"
            ),
            models.Index(
                fields=["story", *_LISTED, "source", "language"], name="article_story_cards_idx"
            ),
            models.Index(
                fields=["duplicate_of"],
                condition=models.Q(duplicate_of__isnull=False),
                name="article_duplicate_idx",
            ),
            models.Index(fields=["page_status", "fetched_at"], name="article_page_idx"),
            models.Index(fields=["enriched_at"], name="article_enrich_idx"),
            models.Index(fields=["indexed_at"], name="article_index_idx"),
            models.Index(fields=["alerted_at"], name="article_alert_idx"),
            # What search reads of each full-text match (its story and what filters test),
            # without reading the row past its long text.
            models.Index(
                fields=["id", "story", "duplicate_of", "source", "published_at", "language"],
                name="article_search_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("reader:article", args=[self.pk])

    @property
    def was_updated(self) -> bool:
        """Publishers stamp "updated" on every save; only a later revision is worth showing."""
        return self.updated_at is not None and self.updated_at - self.published_at > timedelta(
            minutes=10
        )


class ArticleRevision(models.Model):
    """What an article said before the publisher updated it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    headline = models.CharField(max_length=500)
    standfirst = models.TextField(blank=True)
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return self.headline


class ArticleHashtag(models.Model):
    """Links an article to a hashtag; carries the article's time so a hashtag page is one
    index range scan ("latest news with #X") instead of a join sorted at read time."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE)
    published_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hashtag"], name="article_hashtag_unique")
        ]
        indexes = [
            models.Index(
                fields=["hashtag", "-published_at", "-article"], name="hashtag_time_article_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} #{self.hashtag_id}"


class ArticleSection(models.Model):
    """Puts an article in a section of the site (``nlp.topics``: World, Business, ...); carries
    the article's time, as hashtag links do, so a section page is one index range."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    section = models.CharField(max_length=20, choices=[(s.slug, s.name) for s in SECTIONS])
    published_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "section"], name="article_section_unique")
        ]
        indexes = [
            models.Index(
                fields=["section", "-published_at", "-article"], name="section_time_article_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} in {self.section}"
