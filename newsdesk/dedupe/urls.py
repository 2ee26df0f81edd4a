"""Canonical URLs: one spelling per article, so the same link from two feeds is one row.

w3lib does the URL normalisation proper (case, percent-encoding, dot segments, sorted query,
no fragment); we add what it leaves to the caller: tracking parameters and default ports.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url

# Campaign, click and share trackers: they never select content, only attribute the visit.
_TRACKING_PARAM = re.compile(
    r"""^(?:
        utm_\w*|at_\w*|mc_cid|mc_eid|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|
        twclid|ttclid|igshid|igsh|li_fat_id|mkt_tok|_ga|_gl|_hsenc|_hsmi|__hs\w*|hsctatracking|
        oly_anon_id|oly_enc_id|vero_id|vero_conv|wickedid|rb_clickid|s_cid|cmpid|ncid|ocid|
        ito|smid|sr_share|spm|ref|ref_src|ref_url|referrer|__twitter_impression|share|
        cid|icid|ns_campaign|ns_mchannel|ns_source|ns_linkname|ns_fee|xtor|trk|trkcampaign
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize_url(url: str) -> str:
    """The canonical spelling of ``url``: normalised by w3lib, trackers and default port dropped."""
    parts = urlsplit(w3lib_canonicalize_url(url.strip()))
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _is_tracking(pair))
    return urlunsplit((parts.scheme, _netloc(parts.scheme, parts.netloc), parts.path, query, ""))


def _is_tracking(pair: str) -> bool:
    return bool(_TRACKING_PARAM.match(unquote_plus(pair.split("=", 1)[0])))


def _netloc(scheme: str, netloc: str) -> str:
    host, colon, port = netloc.rpartition(":")
    if colon and "]" not in port and port.isdigit() and int(port) == _DEFAULT_PORTS.get(scheme):
        return host
    return netloc
