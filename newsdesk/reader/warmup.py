"""What a fresh web process loads before its first reader: the models and vectors the pages
use, and the compiled templates and URL patterns."""

from __future__ import annotations

import gc

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
    settle_heap()


def settle_heap() -> None:
    """Set what the process loaded aside from the garbage collector's work.

    A web process holds some 140,000 objects it keeps for its life (modules, the models'
    graphs, templates, URL patterns), and the collector's full pass walked every one of them:
    at a million articles, a first render of a page set one off every few hundred requests
    and it held its request some 100 to 250 ms, the slowest of any. Frozen, they are never
    walked again, and a full pass walks only what pages made since."""
    gc.collect()
    gc.freeze()
