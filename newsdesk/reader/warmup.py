"""What a fresh web process loads before its first reader: the models and vectors the pages
use, and the compiled templates and URL patterns."""

from __future__ import annotations

from django.template.loader import get_template
from django.urls import reverse

from newsdesk.news.vectors import warm_up as warm_vectors

PAGE_TEMPLATES = (
    "reader/front.html",
    "reader/base.html",
    "reader/story.html",
    "reader/source.html",
    "reader/hashtag.html",
    # The parts filled in for each reader (reader.personal).
    "reader/_account.html",
    "reader/_messages.html",
    "reader/_comment_form.html",
)


def warm_up() -> None:
    warm_vectors()
    for name in PAGE_TEMPLATES:
        get_template(name)
    reverse("reader:front")
