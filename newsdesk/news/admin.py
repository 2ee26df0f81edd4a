from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from newsdesk.news.models import Article, ArticleRevision, Feed, Hashtag, Source, Story


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = ["url", "kind", "is_active", "next_check_at", "error_count", "last_error"]
    readonly_fields = ["next_check_at", "error_count", "last_error"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "home_url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "home_url"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeedInline]


class FailingFilter(admin.SimpleListFilter):
    """Feeds failing for more than a day are flagged, never silently dropped."""

    title = "health"
    parameter_name = "health"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("ok", "Working"), ("failing", "Failing"), ("days", "Failing for over a day")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Feed]) -> QuerySet[Feed]:
        if self.value() == "ok":
            return queryset.filter(error_count=0)
        if self.value() == "failing":
            return queryset.filter(error_count__gt=0)
        if self.value() == "days":
            return queryset.filter(error_since__lt=timezone.now() - timezone.timedelta(days=1))
        return queryset


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "source",
        "kind",
        "is_active",
        "last_success_at",
        "next_check_at",
        "error_count",
        "error_since",
        "short_error",
    ]
    list_filter = [FailingFilter, "kind", "is_active"]
    search_fields = ["url", "title", "source__name"]
    list_select_related = ["source"]
    readonly_fields = ["etag", "last_modified", "last_checked_at", "last_success_at", "error_since"]
    actions = ["check_now"]

    @admin.display(description="Last error")
    def short_error(self, feed: Feed) -> str:
        return feed.last_error[:100]

    @admin.action(description="Check selected feeds at the next pass")
    def check_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        queryset.update(next_check_at=timezone.now())


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    readonly_fields = ["headline", "standfirst", "replaced_at"]
    can_delete = False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "source", "published_at", "language", "page_status", "story"]
    list_filter = ["page_status", "language", "source"]
    search_fields = ["headline", "canonical_url", "author"]
    list_select_related = ["source", "story"]
    raw_id_fields = ["source", "feed", "story", "duplicate_of"]
    date_hierarchy = "published_at"
    exclude = ["embedding", "hashtags"]
    inlines = [RevisionInline]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "article_count",
        "source_count",
        "first_seen_at",
        "last_seen_at",
        "score",
    ]
    search_fields = ["title"]
    raw_id_fields = ["lead_article"]
    exclude = ["centroid"]
    date_hierarchy = "last_seen_at"


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
