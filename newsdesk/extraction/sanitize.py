"""Make any HTML fragment safe to show on the reader page.

nh3 (ammonia) does the parsing and filtering: a hand-written sanitizer is exactly the kind of code
that fails on the input nobody thought of. We only pick the allow-list and how links are rewritten.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "strong", "em", "b", "i", "br"}
    | {"figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with everything inside them: their text is never article prose.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "svg", "math", "template", "noscript", "iframe", "object", "textarea"}
)
LINK_REL = "nofollow noopener"


# What nh3 does with relative links: resolve them against the page's address, or drop them.
_UrlPolicy = Literal["deny"] | tuple[Literal["rewrite_with_base"], str]


def sanitize_html(html: str, base_url: str) -> str:
    """Reduce ``html`` to our allow-list, with links made absolute against ``base_url``.

    Relative links are dropped when ``base_url`` is not an absolute http(s) URL, because a
    relative link would otherwise point into our own site. A base URL comes from the page
    itself (its canonical link), so one nh3 cannot parse (a port that is no number) is treated
    the same way rather than failing the page.
    """
    try:
        return _clean(html, _relative_url_policy(base_url))
    except ValueError:
        return _clean(html, "deny")


def _clean(html: str, url_relative: _UrlPolicy) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        url_relative=url_relative,
    )


def _relative_url_policy(base_url: str) -> _UrlPolicy:
    parts = urlsplit(base_url)
    if parts.scheme in {"http", "https"} and parts.netloc:
        return ("rewrite_with_base", base_url)
    return "deny"
