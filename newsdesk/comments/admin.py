from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from newsdesk.comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "article", "excerpt", "is_hidden"]
    list_filter = ["is_hidden", "created_at"]
    search_fields = ["body", "user__username", "article__headline"]
    list_select_related = ["user", "article"]
    raw_id_fields = ["article", "user"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["hide", "unhide"]

    @admin.display(description="Comment")
    def excerpt(self, comment: Comment) -> str:
        return comment.body[:80]

    @admin.action(description="Hide selected comments")
    def hide(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        queryset.update(is_hidden=True)

    @admin.action(description="Show selected comments again")
    def unhide(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        queryset.update(is_hidden=False)
