"""The site's layout written once per process (``reader.layout``) is the page ``base.html``
writes, with each page's blocks put in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory

from newsdesk.reader import layout, personal

pytestmark = pytest.mark.django_db

BLOCKS = {
    "title": "A &amp; B",
    "feeds": '<link rel="alternate" href="/feeds/x/">',
    "head": '<meta name="description" content="x">',
    "content": "<p>The page's own column</p>",
    "scripts": '<script src="/static/x.js" defer></script>',
}


def through_the_template_engine(request) -> str:
    child = '{% extends "reader/base.html" %}' + "".join(
        f"{{% block {name} %}}{html}{{% endblock %}}" for name, html in BLOCKS.items()
    )
    return engines["django"].from_string(child).render({}, request)


@pytest.mark.parametrize("path", ["/article/7/", "/article/7/?next=%3Cx%3E"])
def test_a_page_is_what_base_html_extended_with_the_same_blocks_writes(path):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    written = layout.page(request, **BLOCKS).content.decode()
    assert written == through_the_template_engine(request)


def test_the_reader_s_own_parts_are_left_as_placeholders_on_a_page_shared_by_everyone():
    request = RequestFactory().get("/article/7/")
    request.user = AnonymousUser()
    setattr(request, personal.SHARED, True)
    written = layout.page(request, **BLOCKS).content.decode()
    assert "Sign in" not in written
    assert written.count("<!--") >= 2
