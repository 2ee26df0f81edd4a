"""Search, the pure part: what a reader typed, read into a safe query for either full-text
engine; the matched words marked in a snippet; full-text and semantic rankings fused. No ORM
here: the engines live in ``newsdesk.news.search``, index upkeep in ``newsdesk.pipeline.search``.
"""

from newsdesk.search.fusion import fuse
from newsdesk.search.highlight import Segment, snippet
from newsdesk.search.query import Filters, Query, Term, parse

__all__ = ["Filters", "Query", "Segment", "Term", "fuse", "parse", "snippet"]
