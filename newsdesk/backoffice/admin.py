from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from newsdesk.feeds.schedule import FAILING_AFTER
from newsdesk.news.models import Article, ArticleRevision, Feed, Hashtag, Source, Story
from newsdesk.pipeline.fetching import shared_fetcher
from newsdesk.pipeline.sources import SourceError, add_source


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = [
        "url", "kind", "is_active", "next_check_at", "error_count", "last_error", "last_warning",
    ]  # fmt: skip
    readonly_fields = ["next_check_at", "error_count", "last_error", "last_warning"]


class AddByUrlForm(forms.Form):
    url = forms.URLField(label="Feed or site URL", assume_scheme="https", max_length=2000)
    name = forms.CharField(label="Name (optional)", required=False, max_length=200)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "home_url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "home_url"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeedInline]

    def get_urls(self) -> list:
        add_by_url = self.admin_site.admin_view(self.add_by_url)
        return [
            path("add-by-url/", add_by_url, name="news_source_add_by_url"),
            *super().get_urls(),
        ]

    def add_by_url(self, request: HttpRequest) -> HttpResponse:
        """Subscribe with feed discovery, as `newsdesk sources add` does."""
        form = AddByUrlForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                feed = add_source(
                    form.cleaned_data["url"], shared_fetcher(), name=form.cleaned_data["name"]
                )
            except SourceError as error:
                form.add_error("url", str(error))
            else:
                self.message_user(request, f"Added {feed.source.name}: {feed.url}")
                return redirect("admin:news_source_change", feed.source_id)
        context = {**self.admin_site.each_context(request), "form": form, "title": "Add by URL"}
        return render(request, "admin/news/source/add_by_url.html", context)


class FailingFilter(admin.SimpleListFilter):
    """Feeds failing for days are flagged, never silently dropped."""

    title = "health"
    parameter_name = "health"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("ok", "Working"), ("failing", "Failing"), ("days", "Failing for days")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Feed]) -> QuerySet[Feed]:
        if self.value() == "ok":
            return queryset.filter(error_count=0)
        if self.value() == "failing":
            return queryset.filter(error_count__gt=0)
        if self.value() == "days":
            return queryset.filter(error_since__lte=timezone.now() - FAILING_AFTER)
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
        "short_warning",
    ]
    list_filter = [FailingFilter, "kind", "is_active"]
    search_fields = ["url", "title", "source__name"]
    list_select_related = ["source"]
    readonly_fields = [
        "etag", "last_modified", "last_checked_at", "last_success_at", "error_since",
        "last_warning",
    ]  # fmt: skip
    actions = ["check_now"]

    @admin.display(description="Last error")
    def short_error(self, feed: Feed) -> str:
        return feed.last_error[:100]

    @admin.display(description="Read in part")
    def short_warning(self, feed: Feed) -> str:
        return feed.last_warning[:100]

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
    list_display = [
        "headline", "source", "published_at", "language", "page_status", "short_page_error",
        "story",
    ]  # fmt: skip
    list_filter = ["page_status", "published_from", "language", "source"]
    search_fields = ["headline", "canonical_url", "author"]
    list_select_related = ["source", "story"]
    raw_id_fields = ["source", "feed", "story", "duplicate_of"]
    date_hierarchy = "published_at"
    exclude = ["embedding", "hashtags"]
    readonly_fields = ["last_error", "page_attempts", "published_from"]
    inlines = [RevisionInline]

    @admin.display(description="Page error")
    def short_page_error(self, article: Article) -> str:
        return article.last_error[:100]


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
