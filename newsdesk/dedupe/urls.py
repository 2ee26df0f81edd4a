"""Canonical article URLs: one address per article however a feed or a share link spells it.

Two entries of the same article often differ only by campaign parameters, a fragment, the case
of the host or an explicit default port. The canonical form is the key the archive stores and
looks articles up by, so it must be stable (idempotent) and must never fail on a feed's input.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url
from w3lib.url import url_query_cleaner

__all__ = ["TRACKING_PARAMS", "TRACKING_PREFIXES", "canonicalize_url", "looks_like_article_url"]

# Parameters that say who sent the reader, never which article: dropping them merges the copies
# of one link that newsletters, social networks and ad platforms hand out.
TRACKING_PARAMS = frozenset(
    {
        "__twitter_impression", "_ga", "_gl", "_hsenc", "_hsmi", "at_campaign", "at_medium",
        "cmpid", "dclid", "fbclid", "gbraid", "gclid", "gclsrc", "hsctatracking", "igsh",
        "igshid", "li_fat_id", "mc_cid", "mc_eid", "mkt_tok", "msclkid", "ncid", "ocid",
        "oly_anon_id", "oly_enc_id", "rb_clickid", "ref", "ref_src", "ref_url", "s_cid", "smid",
        "spm", "sr_share", "ttclid", "twclid", "vero_conv", "vero_id", "wbraid", "wickedid",
        "xtor", "yclid",
    }
)  # fmt: skip
# Whole families of campaign parameters (Google Analytics, Matomo, comScore, HubSpot). Short
# generic names some CMSs use for content ("cid", "share", "id") are deliberately not here.
TRACKING_PREFIXES = ("utm_", "mtm_", "ns_", "__hs")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Whitespace and "?" left at the end once the fragment is cut: removed together, so that the
# fallback stays idempotent ("x? #f" -> "x").
_TRAILING_JUNK = re.compile(r"[\s?]+\Z")
# Passes of canonicalisation at most: a URL is stable after one, rarely two.
_MAX_PASSES = 4


def canonicalize_url(url: str) -> str:
    """The canonical form of ``url``; idempotent, and never raises on a string.

    w3lib does the heavy lifting (percent-encoding, IDNA hosts, sorted query, no fragment);
    it keeps default ports and every parameter, so those two steps are ours. A URL w3lib
    cannot parse (a bad port, a broken IPv6 literal) comes back trimmed and without its
    fragment rather than failing the feed that carried it.
    """
    # One pass can leave a URL another pass changes ("http://:80\x08#": w3lib refuses it with
    # its fragment and accepts it without), so passes repeat until the form is stable.
    for _ in range(_MAX_PASSES):
        canonical = _canonical_once(url)
        if canonical == url:
            break
        url = canonical
    return canonical


def _canonical_once(url: str) -> str:
    url = url.strip()
    try:
        canonical = w3lib_canonicalize_url(url, keep_fragments=False)
        canonical = _drop_tracking_params(canonical)
        return _drop_default_port(canonical).rstrip("?")
    except ValueError:
        return _TRAILING_JUNK.sub("", url.partition("#")[0])


def _drop_tracking_params(url: str) -> str:
    """Remove tracking parameters; repeated meaningful keys (``?tag=a&tag=b``) all stay."""
    query = urlsplit(url).query
    if not query:
        return url
    # w3lib has percent-encoded any ";" by now, so "&" is the only separator left.
    keys = {pair.partition("=")[0] for pair in query.split("&")}
    tracking = [key for key in keys if _is_tracking(key)]
    if not tracking:
        return url
    return url_query_cleaner(url, tracking, remove=True, unique=False)


def _is_tracking(key: str) -> bool:
    name = unquote(key).lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _drop_default_port(url: str) -> str:
    parts = urlsplit(url)
    if parts.port is None or parts.port != _DEFAULT_PORTS.get(parts.scheme):
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition(":")[0]))


# A path segment that names one article: long words joined by hyphens, or an id.
_ARTICLE_SEGMENT = re.compile(r"(?:[^/]*[-_][^/]*){2,}|[^/]*\d{3,}[^/]*|[^/]{40,}")


def looks_like_article_url(url: str) -> bool:
    """Whether ``url`` can name one article rather than a home or section page.

    Some templates point every page's canonical link at the site's home page or a section
    ("/news/"): such a canonical says nothing about which article a page is, so two pages
    sharing it must not be taken for one article."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.query and not segments:
        return True  # "/?p=123": WordPress's plain permalinks
    return any(_ARTICLE_SEGMENT.fullmatch(segment) for segment in segments)
