"""Finding articles by words for the search feed and the APIs, in one function.

It asks the site's full-text index (``news.fulltext``, with the search box's query language:
phrases, ``-exclusions``, ``prefix*``, ``source:``/``#tag``/``lang:``/date filters) for the
best matches and returns them as a newest-first query set, which feeds and cursor pages need.
"""

from __future__ import annotations

from django.db.models import QuerySet

from newsdesk.news import fulltext
from newsdesk.news.models import Article
from newsdesk.news.queries import listed_articles
from newsdesk.search.query import parse

# The best matches a feed or an API client can page through, newest first.
MAX_MATCHES = 500


def search_articles(query: str) -> QuerySet[Article]:
    """Listed articles matching ``query``, newest first; an empty query finds nothing."""
    ids = [article_id for article_id, _ in fulltext.matching(parse(query), MAX_MATCHES)]
    return listed_articles().filter(pk__in=ids)
