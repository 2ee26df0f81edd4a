"""What the JSON API returns: typed schemas (they are the OpenAPI document too), and the
functions that shape archive rows and AI results into them. Times are ISO 8601 in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated

from django.urls import reverse
from pydantic import BaseModel, Field, PlainSerializer

from newsdesk.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from newsdesk.news.models import Article, Hashtag, Source, Story
from newsdesk.pipeline import ai


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


UtcDatetime = Annotated[datetime, PlainSerializer(_utc, return_type=str)]


class Schema(BaseModel):
    """Plain Pydantic models: ninja's own Schema reads Django objects attribute by attribute
    through a wrapper, which made it the list endpoints' largest cost; the functions below
    shape rows themselves."""


class ErrorDetail(Schema):
    code: str = Field(examples=["not_found"])
    message: str


class ErrorOut(Schema):
    """Every error has this shape, whatever its status."""

    error: ErrorDetail


class SourceOut(Schema):
    id: int
    slug: str
    name: str
    home_url: str
    url: str = Field(description="The source's page on newsdesk.")


class HashtagOut(Schema):
    slug: str
    name: str


class ArticleOut(Schema):
    id: int
    headline: str
    standfirst: str
    author: str
    language: str
    published_at: UtcDatetime
    source: SourceOut
    story_id: int | None
    url: str = Field(description="The article's page on newsdesk.")
    original_url: str = Field(description="The publisher's page.")


class StoryOut(Schema):
    id: int
    title: str
    description: str
    first_seen_at: UtcDatetime
    last_seen_at: UtcDatetime
    article_count: int
    source_count: int
    url: str


class ArticleDetail(ArticleOut):
    body_html: str = Field(description="The sanitized article body.")
    updated_at: UtcDatetime | None
    hashtags: list[HashtagOut]
    story: StoryOut | None
    related: list[ArticleOut]
    read: bool
    saved: bool


class StoryDetail(StoryOut):
    outlets: list[str]
    reports: list[ArticleOut] = Field(description="Every outlet's report, oldest first.")


class ArticlePage(Schema):
    items: list[ArticleOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class StoryPage(Schema):
    items: list[StoryOut]
    next_cursor: str | None


class HashtagPage(Schema):
    items: list[HashtagOut]
    next_cursor: str | None


class CiteOut(Schema):
    number: int = Field(description="The sentence's position in its article, from 1.")
    article_id: int
    source: str
    quote: str


class LineOut(Schema):
    text: str
    cites: list[CiteOut]


class LinesOut(Schema):
    method: str = Field(description="`extractive`, or the language model that wrote the lines.")
    answerable: bool
    lines: list[LineOut]


class ClaimOut(Schema):
    source: str
    value: str
    line: LineOut


class DifferenceOut(Schema):
    kind: str
    about: str
    claims: list[ClaimOut]


class CoverageOut(Schema):
    agreed: list[LineOut]
    only_in: dict[str, list[LineOut]]
    differences: list[DifferenceOut]


class CompareOut(Schema):
    coverage: CoverageOut | None = Field(description="null when only one outlet reported it.")


class TimelineOut(Schema):
    when: UtcDatetime | None
    source: str
    line: LineOut


class PageParams(Schema):
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(DEFAULT_LIMIT, description=f"Items per page, capped at {MAX_LIMIT}.")


class ArticleFilters(PageParams):
    source: str | None = Field(None, description="A source's slug.")
    story: int | None = None
    hashtag: str | None = Field(None, description="A hashtag's slug.")
    language: str | None = Field(None, max_length=12)
    since: datetime | None = Field(None, description="Only articles published after this.")
    unread: bool = Field(False, description="Only the articles you have not read.")
    saved: bool = Field(False, description="Only the articles you saved.")


class SearchParams(PageParams):
    q: str = Field(min_length=1, max_length=200)


class HashtagParams(PageParams):
    prefix: str = Field("", max_length=100)


class QuestionIn(Schema):
    question: str = Field(min_length=1, max_length=300)


class SourceIn(Schema):
    url: str = Field(min_length=1, max_length=2000, description="A feed or a home page.")
    name: str = Field(default="", max_length=200)


class ImportedOut(Schema):
    subscribed: list[SourceOut]


_PLACEHOLDER = "0123456789"


@lru_cache(maxsize=16)
def _url_pattern(view: str) -> str:
    return reverse(view, args=[_PLACEHOLDER])


def page_url(view: str, key: object) -> str:
    """``reverse(view, args=[key])`` for one-argument reader pages, resolved once per process:
    reversing every row's URLs was a list endpoint's largest cost."""
    return _url_pattern(view).replace(_PLACEHOLDER, str(key), 1)


def source_out(source: Source) -> SourceOut:
    return SourceOut(
        id=source.pk,
        slug=source.slug,
        name=source.name,
        home_url=source.home_url,
        url=page_url("reader:source", source.slug),
    )


def hashtag_out(tag: Hashtag) -> HashtagOut:
    return HashtagOut(slug=tag.slug, name=tag.name)


def article_out(article: Article) -> ArticleOut:
    return ArticleOut(**_article_fields(article))


def _article_fields(article: Article) -> dict:
    return {
        "id": article.pk,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "author": article.author,
        "language": article.language,
        "published_at": article.published_at,
        "source": source_out(article.source),
        "story_id": article.story_id,
        "url": page_url("reader:article", article.pk),
        "original_url": article.url,
    }


def story_out(story: Story) -> StoryOut:
    return StoryOut(**_story_fields(story))


def _story_fields(story: Story) -> dict:
    return {
        "id": story.pk,
        "title": story.title,
        "description": story.description,
        "first_seen_at": story.first_seen_at,
        "last_seen_at": story.last_seen_at,
        "article_count": story.article_count,
        "source_count": story.source_count,
        "url": page_url("reader:story", story.pk),
    }


def article_detail(
    article: Article, related: list[Article], *, read: bool, saved: bool
) -> ArticleDetail:
    return ArticleDetail(
        **_article_fields(article),
        body_html=article.body_html,
        updated_at=article.updated_at,
        hashtags=[hashtag_out(tag) for tag in article.hashtags.all()],
        story=story_out(article.story) if article.story else None,
        related=[article_out(item) for item in related],
        read=read,
        saved=saved,
    )


def story_detail(story: Story, reports: list[Article]) -> StoryDetail:
    return StoryDetail(
        **_story_fields(story),
        outlets=sorted({report.source.name for report in reports}),
        reports=[article_out(report) for report in reports],
    )


def line_out(line: ai.Line) -> LineOut:
    return LineOut(
        text=line.text,
        cites=[
            CiteOut(number=c.number, article_id=c.article_id, source=c.source, quote=c.quote)
            for c in line.cites
        ],
    )


def lines_out(result: ai.Lines) -> LinesOut:
    return LinesOut(
        method=result.method,
        answerable=result.answerable,
        lines=[line_out(line) for line in result.lines],
    )


def compare_out(coverage: ai.CoverageLines | None) -> CompareOut:
    if coverage is None:
        return CompareOut(coverage=None)
    return CompareOut(
        coverage=CoverageOut(
            agreed=[line_out(line) for line in coverage.agreed],
            only_in={
                source: [line_out(line) for line in lines]
                for source, lines in coverage.only_in.items()
            },
            differences=[
                DifferenceOut(
                    kind=difference.kind,
                    about=difference.about,
                    claims=[
                        ClaimOut(source=claim.source, value=claim.value, line=line_out(claim.line))
                        for claim in difference.claims
                    ],
                )
                for difference in coverage.differences
            ],
        )
    )


def timeline_out(entries: list[ai.TimelineLine]) -> list[TimelineOut]:
    return [
        TimelineOut(when=entry.when, source=entry.source, line=line_out(entry.line))
        for entry in entries
    ]
