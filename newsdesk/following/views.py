"""Save, follow, and the reader's own pages. Every action is a plain form POST that redirects
back; with htmx it answers with the button's new state instead."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.following import digests, services
from newsdesk.following.models import DigestSubscription, Notification
from newsdesk.following.templatetags.following import bookmark_form, follow_form
from newsdesk.news.models import Article, Hashtag, Source, Story
from newsdesk.news.queries import paginate

PER_PAGE = 30


def _reader(request: HttpRequest) -> int:
    """The signed-in reader's id (every view here requires one)."""
    return int(request.user.pk or 0)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return redirect(target if safe else "following:following")


@login_required
@require_POST
def bookmark(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    saved = services.toggle_bookmark(_reader(request), article)
    if getattr(request, "htmx", False):
        back = request.POST.get("next", "")
        return HttpResponse(bookmark_form(request, article.pk, saved=saved, back=back))
    return _back(request)


_TARGETS = {
    "source": lambda key: get_object_or_404(Source, slug=key),
    "hashtag": lambda key: get_object_or_404(Hashtag, slug=key),
    "story": lambda key: get_object_or_404(Story, pk=int(key) if key.isdigit() else 0),
    "search": lambda key: key,
}


@login_required
@require_POST
def follow(request: HttpRequest, kind: str) -> HttpResponse:
    key = request.POST.get("target", "").strip()
    if kind not in _TARGETS or not key:
        return _back(request)
    target = _TARGETS[kind](key)
    followed = services.toggle_follow(_reader(request), target)
    if getattr(request, "htmx", False):
        label, back = request.POST.get("label", ""), request.POST.get("next", "")
        return HttpResponse(follow_form(request, kind, key, label, followed=followed, back=back))
    return _back(request)


@login_required
def following(request: HttpRequest) -> HttpResponse:
    return render(
        request, "following/following.html", {"page": services.following_page(_reader(request))}
    )


@login_required
def saved(request: HttpRequest) -> HttpResponse:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = paginate(services.saved_articles(_reader(request)), number, PER_PAGE)
    return render(request, "following/saved.html", {"page": page})


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    notifications = list(
        Notification.objects.filter(user_id=_reader(request))
        .select_related("article__source", "article__story", "follow")
        .defer("article__body_html", "article__embedding", "article__entities")[:100]
    )
    services.mark_notifications_read(_reader(request))
    context = {
        "notifications": notifications,
        "digest": digests.digest_frequency(_reader(request)),
        "frequencies": DigestSubscription.Frequency.choices,
    }
    return render(request, "following/alerts.html", context)


@login_required
@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    digests.set_digest(_reader(request), request.POST.get("frequency", ""))
    return redirect("following:alerts")


# The token is the credential: mail clients' one-click unsubscribe POSTs without a session or
# CSRF token (RFC 8058). A GET only asks, so link scanners that open every link unsubscribe
# nobody.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    reader = digests.reader_of_token(token)
    if reader is None:
        return render(request, "following/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        digests.set_digest(reader, "")
    return render(request, "following/unsubscribe.html", {"done": request.method == "POST"})
