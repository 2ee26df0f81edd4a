"""sanitize_html: a small allow-list, absolute links, and nothing executable whatever the input."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.extraction import sanitize_html

BASE = "https://news.example/section/story"
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_TAGS = ["p", "a", "script", "svg", "img", "iframe", "h2", "div", "style", "b", "math", "object"]
_ATTRIBUTES = ["href", "src", "onclick", "onerror", "style", "xlink:href", "formaction", "srcdoc"]
_VALUES = ["javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", " java\tscript:x", "/ok"]


@st.composite
def hostile_html(draw: st.DrawFn) -> str:
    """Random nestings of dangerous tags, attributes and URLs mixed with random text."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        tag = draw(st.sampled_from(_TAGS))
        attribute = draw(st.sampled_from(_ATTRIBUTES))
        value = draw(st.sampled_from(_VALUES) | st.text(max_size=20))
        text = draw(st.text(max_size=20))
        parts.append(f'<{tag} {attribute}="{value}">{text}')
    return "".join(parts) + draw(st.text(max_size=40))


def _assert_safe(output: str) -> None:
    lowered = output.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "data:" not in lowered.replace("data: ", "")
    assert "<svg" not in lowered
    assert not HANDLER.search(output)


@settings(max_examples=300)
@given(hostile_html())
def test_it_never_outputs_scripts_handlers_or_javascript_urls(html: str) -> None:
    _assert_safe(sanitize_html(html, BASE))


@settings(max_examples=200)
@given(st.text())
def test_it_survives_any_text(text: str) -> None:
    _assert_safe(sanitize_html(text, BASE))


def test_it_keeps_the_allowed_structure() -> None:
    html = (
        "<h2>Sub</h2><p>A <strong>b</strong> <em>c</em></p>"
        "<ul><li>x</li></ul><ol><li>y</li></ol><blockquote>q</blockquote>"
    )
    assert sanitize_html(html, BASE) == html


def test_it_absolutizes_links_and_adds_nofollow() -> None:
    assert sanitize_html('<a href="../other">x</a>', BASE) == (
        '<a href="https://news.example/other" rel="nofollow noopener">x</a>'
    )


def test_it_keeps_mailto_and_drops_other_schemes() -> None:
    assert 'href="mailto:desk@news.example"' in sanitize_html(
        '<a href="mailto:desk@news.example">m</a>', BASE
    )
    assert "href" not in sanitize_html('<a href="ftp://x.example/f">f</a>', BASE)


def test_it_drops_relative_links_without_a_usable_base() -> None:
    assert "href" not in sanitize_html('<a href="/x">x</a>', "")


def test_a_base_url_nh3_cannot_parse_drops_relative_links_instead_of_failing() -> None:
    html = '<p><a href="/next">next</a> <a href="https://other.example/">other</a></p>'
    cleaned = sanitize_html(html, "http://news.example:PORT/story")
    assert "/next" not in cleaned and "https://other.example/" in cleaned


def test_it_drops_style_classes_and_ids() -> None:
    output = sanitize_html('<p style="color:red" class="c" id="i">t</p>', BASE)
    assert output == "<p>t</p>"
