from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from newsdesk.comments.forms import CommentForm
from newsdesk.comments.services import CommentRefused, post_comment
from newsdesk.news.models import Article


@require_POST
@login_required
def post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    form = CommentForm(request.POST)
    if form.is_bot():
        return HttpResponseBadRequest("Comment refused.")
    if not form.is_valid():
        for error in form.errors.get("body", []):
            messages.error(request, str(error))
        return redirect(article.get_absolute_url() + "#comments")
    try:
        post_comment(article, cast(User, request.user), form.cleaned_data["body"])
    except CommentRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Your comment is posted.")
    return redirect(article.get_absolute_url() + "#comments")
