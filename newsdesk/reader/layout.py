"""The site's layout (``reader/base.html``: head, masthead, sections, footer) written once per
process, for pages that put their parts into it in Python.

Readers spread over the whole archive, so most article pages a web process serves are written
for the first time, and through the template engine the layout alone (its context processors,
the extends and block nodes, a dozen tags) cost as much as the article's own column. The
layout is rendered from ``base.html`` itself, with a mark in each block, and split there: a
page is then its pieces joined around its own parts. The reader's own parts (account links,
messages) are placeholders in it, as on every shared page (``reader.personal``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import get_script_prefix

from newsdesk.reader import personal

# The blocks a page fills, in the order base.html writes them.
_BLOCKS = ("title", "feeds", "head", "content", "scripts")
_MARK = "layout-block-{}-7310519223372036"
_LAYOUT = '{% extends "reader/base.html" %}' + "".join(
    f"{{% block {name} %}}{_MARK.format(name)}{{% endblock %}}" for name in _BLOCKS
)


def page(
    request: HttpRequest, *, title: str, feeds: str, head: str, content: str, scripts: str
) -> HttpResponse:
    """A page outside the sections and search, from its blocks' HTML (escaped by the caller):
    the same page ``base.html`` extended with those blocks writes."""
    pieces = _pieces(get_script_prefix())
    parts = (title, feeds, head, content, scripts)
    html = "".join(piece + part for piece, part in zip(pieces, parts, strict=False)) + pieces[-1]
    if not personal.shared(request):
        # Rendered for this reader alone (the page is not cached): their parts go in now.
        html = personal.fill(html, request)
    return HttpResponse(html)


@lru_cache(maxsize=8)
def _pieces(script_prefix: str) -> tuple[str, ...]:
    """The layout split around its blocks (script prefix in the key: its links start with it).
    Rendered for a stand-in request on no section's page, whose personal parts are left as
    placeholders."""
    stand_in = HttpRequest()
    stand_in.path = "/"
    setattr(stand_in, personal.SHARED, True)
    context = {"request": stand_in, "site_name": settings.SITE_NAME}
    written = engines["django"].from_string(_LAYOUT).render(context)
    pattern = "|".join(re.escape(_MARK.format(name)) for name in _BLOCKS)
    if re.findall(pattern, written) != [_MARK.format(name) for name in _BLOCKS]:
        raise ValueError(f"reader/base.html must write each of the blocks {_BLOCKS} once")
    return tuple(re.split(pattern, written))


@receiver(setting_changed)
def _forget_layout(**changed: object) -> None:
    """The layout follows the settings it was written under (tests change them)."""
    _pieces.cache_clear()
