"""Save and follow buttons. Which articles a reader saved and what they follow are read once
per request, however many cards a page shows."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from newsdesk.following.models import Bookmark, Follow

register = template.Library()


def _cached(request: HttpRequest, name: str, load: object) -> set:
    if not hasattr(request, name):
        setattr(request, name, load())  # type: ignore[operator]
    return getattr(request, name)


def _saved_ids(request: HttpRequest) -> set[int]:
    return _cached(
        request,
        "_newsdesk_saved",
        lambda: set(
            Bookmark.objects.filter(user_id=int(request.user.pk or 0)).values_list(
                "article_id", flat=True
            )
        ),
    )


def _followed(request: HttpRequest) -> set[tuple[str, str]]:
    def load() -> set[tuple[str, str]]:
        rows = Follow.objects.filter(user_id=int(request.user.pk or 0)).values_list(
            "kind", "source__slug", "hashtag__slug", "story_id", "query"
        )
        return {(kind, str(next(v for v in rest if v))) for kind, *rest in rows}

    return _cached(request, "_newsdesk_follows", load)


@register.inclusion_tag("following/_bookmark.html", takes_context=True)
def bookmark_button(context: template.Context, article: object) -> dict[str, object]:
    request = context["request"]
    signed_in = request.user.is_authenticated
    return {
        "article": article,
        "signed_in": signed_in,
        "saved": signed_in and getattr(article, "pk", None) in _saved_ids(request),
        "next": request.get_full_path(),
    }


@register.inclusion_tag("following/_follow.html", takes_context=True)
def follow_button(
    context: template.Context, kind: str, target: object, label: str
) -> dict[str, object]:
    request = context["request"]
    signed_in = request.user.is_authenticated
    return {
        "kind": kind,
        "target": str(target),
        "label": label,
        "signed_in": signed_in,
        "followed": signed_in and (kind, str(target)) in _followed(request),
        "next": request.get_full_path(),
    }
