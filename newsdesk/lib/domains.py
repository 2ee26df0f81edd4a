"""Registrable domains: which links belong to which publisher.

A feed may link anywhere, so "whose article is this?" is answered by the registrable domain
(``news.bbc.co.uk`` and ``www.bbc.co.uk`` are both ``bbc.co.uk``). The Public Suffix List's
snapshot bundled with tldextract is used as is: nothing is fetched at run time. Private
suffixes count too, so two blogs on one hosting service are two publishers.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(
    cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
)


def registrable_domain(url: str) -> str:
    """The registrable domain of ``url`` (a URL or a bare host name), lower-case.

    Hosts under no public suffix (an IP address, ``localhost``, an intranet name) are their own
    domain."""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return _EXTRACT(host).top_domain_under_public_suffix or host


def domains_of(urls_or_hosts: Iterable[str]) -> frozenset[str]:
    """The registrable domains of several URLs or host names, blanks left out."""
    return frozenset(domain for item in urls_or_hosts if (domain := registrable_domain(item)))
