"""A third-party Google Reader API client (libgreader, written for Google's own service)
drives newsdesk on a live server: sign in, subscribe to a local publisher, list
subscriptions, read a stream, mark read, star, mark all read.

What libgreader expected that newsdesk had to match is listed in newsdesk.api.greader's
docstring: key=value login lines without '=' in the token, a /token call after login, bare
feed URLs when subscribing, stream ids in the path, "OK" bodies for writes."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from libgreader import ClientAuthMethod, GoogleReader
from libgreader.url import ReaderUrl

from newsdesk.api.models import ReaderPassword
from newsdesk.news.models import Feed
from newsdesk.pipeline.feeds import refresh_feed
from newsdesk.pipeline.fetching import shared_fetcher

pytestmark = pytest.mark.django_db(transaction=True)

GOOGLE = "https://www.google.com"


@pytest.fixture
def pointed_at(live_server, monkeypatch):
    """libgreader with every Google address replaced by the live server's."""
    monkeypatch.setattr(ClientAuthMethod, "CLIENT_URL", f"{live_server.url}/accounts/ClientLogin")
    for name, value in vars(ReaderUrl).items():
        if isinstance(value, str) and value.startswith(GOOGLE):
            monkeypatch.setattr(ReaderUrl, name, value.replace(GOOGLE, live_server.url))
    return live_server


@pytest.fixture
def owner(django_user_model):
    user = django_user_model.objects.create_user("owner", password="site-password", is_staff=True)
    ReaderPassword.objects.create(user=user, password=make_password("reader-app-password"))
    return user


def test_libgreader_reads_and_keeps_state_on_newsdesk(
    pointed_at, owner, publisher, loopback_allowed
):
    auth = ClientAuthMethod("owner", "reader-app-password")
    reader = GoogleReader(auth)
    assert reader.getUserInfo()["userName"] == "owner"

    feed_url = next(iter(publisher.feed_urls().values()))
    assert reader.subscribe(feed_url)
    # The worker would poll the new feed; here the feeds stage runs once in the test.
    refresh_feed(Feed.objects.get(url=feed_url), shared_fetcher())

    assert reader.buildSubscriptionList()
    (feed,) = reader.getSubscriptionList()
    source = Feed.objects.get(url=feed_url).source
    assert feed.title == source.name
    assert feed.unread == source.articles.count() > 0

    feed.loadItems(loadLimit=5)
    items = feed.getItems()
    assert len(items) == min(5, feed.unread)
    first = items[0]
    assert first.url and first.title and not first.isRead()
    assert first.markRead()
    assert first.markStarred()

    reader.makeSpecialFeeds()
    starred = reader.getSpecialFeed(ReaderUrl.STARRED_LIST)
    starred.loadItems()
    (kept,) = starred.getItems()
    assert kept.id == first.id and kept.isRead() and kept.isStarred()

    feed.loadItems(excludeRead=True, loadLimit=100)
    assert first.id not in [item.id for item in feed.getItems()]

    assert feed.markAllRead()
    reader.buildSubscriptionList()
    assert reader.getSubscriptionList()[0].unread == 0
