"""The site as ``bench.reader`` serves it: newsdesk's URLs plus the control view, a plain Django
view reading one article by primary key and rendering a tiny template. Every page is compared
with the control in the same run, so the machine's load cancels out.

Used as the settings module (``DJANGO_SETTINGS_MODULE=bench.reader_site``) and as its own URLconf.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

from newsdesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.reader_site"


def control(request, article_id: int) -> HttpResponse:
    from django.template import engines

    from newsdesk.news.models import Article

    article = Article.objects.get(pk=article_id)
    global _template
    _template = _template or engines["django"].from_string(_CONTROL)
    return HttpResponse(_template.render({"article": article}, request))


_template = None


_CONTROL = (
    "<!doctype html><title>{{ article.headline }}</title><h1>{{ article.headline }}</h1>"
    "<p>{{ article.published_at }}</p>"
)


def _urls() -> list:
    from newsdesk.urls import urlpatterns as site

    return [path("bench/control/<int:article_id>/", control), *site]


def __getattr__(name: str) -> list:
    # The URL patterns are built when Django first asks for them, after settings are loaded.
    if name == "urlpatterns":
        return _urls()
    raise AttributeError(name)
