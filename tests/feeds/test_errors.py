"""Errors carry a stable reason and a message that names the package and the URL."""

from __future__ import annotations

import pickle

from newsdesk.feeds import FeedParseError, FetchError, OpmlError


def test_errors_survive_pickling_for_process_pools() -> None:
    error = pickle.loads(
        pickle.dumps(FetchError("https://x.test/f", "http_429", "slow", retry_after=9))
    )
    assert (error.url, error.reason, error.retry_after) == ("https://x.test/f", "http_429", 9)
    assert str(error) == "feeds: slow (https://x.test/f)"
    parse_error = pickle.loads(pickle.dumps(FeedParseError("https://x.test/f", "empty document")))
    assert str(parse_error) == "feeds: empty document (https://x.test/f)"
    assert str(pickle.loads(pickle.dumps(OpmlError("not OPML")))) == "feeds: opml: not OPML"
