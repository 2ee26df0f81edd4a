"""The account page's "Apps and feeds" section: API tokens, the personal feed's key and the
Google Reader API password, each made and revoked by their owner."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from newsdesk.api.auth import signed_in
from newsdesk.api.models import AccessToken, ReaderPassword

MIN_READER_PASSWORD = 12


@login_required
def access(request: HttpRequest, new_key: str = "", new_kind: str = "") -> HttpResponse:
    user = signed_in(request)
    tokens = AccessToken.objects.filter(user=user)
    context = {
        "tokens": tokens,
        "has_reader_password": ReaderPassword.objects.filter(user=user).exists(),
        "new_key": new_key,
        "new_kind": new_kind,
        "feed_urls": (
            {
                title: request.build_absolute_uri(
                    reverse("syndication:feed", args=[kind, new_key, "rss"])
                )
                for title, kind in (("What you follow", "personal"), ("Your Saved list", "saved"))
            }
            if new_kind == AccessToken.Kind.FEED
            else {}
        ),
        "reader_url": request.build_absolute_uri("/"),
        "min_reader_password": MIN_READER_PASSWORD,
    }
    return render(request, "api/access.html", context)


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """A new API token or personal feed key, shown once on the page that answers."""
    kind = request.POST.get("kind", AccessToken.Kind.API)
    if kind not in (AccessToken.Kind.API, AccessToken.Kind.FEED):
        return HttpResponse("Unknown kind of key.", status=400)
    name = request.POST.get("name", "").strip()[:100]
    _, key = AccessToken.issue(signed_in(request), kind, name)
    return access(request, new_key=key, new_kind=kind)


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    # Another reader's token is "not found", so ids reveal nothing.
    token = get_object_or_404(AccessToken, pk=token_id, user=signed_in(request))
    token.delete()
    messages.success(request, "Revoked: apps using it are signed out.")
    return redirect("api-account:access")


@login_required
@require_POST
def reader_password(request: HttpRequest) -> HttpResponse:
    """Set the Google Reader API password; apps signed in with the old one are signed out."""
    user = signed_in(request)
    password = request.POST.get("password", "")
    if len(password) < MIN_READER_PASSWORD:
        messages.error(request, f"Use at least {MIN_READER_PASSWORD} characters.")
        return redirect("api-account:access")
    ReaderPassword.objects.update_or_create(
        user=user, defaults={"password": make_password(password)}
    )
    AccessToken.objects.filter(user=user, kind=AccessToken.Kind.READER).delete()
    messages.success(request, "API password set: sign in to your Google Reader app with it.")
    return redirect("api-account:access")
