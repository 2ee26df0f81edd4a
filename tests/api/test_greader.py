"""The Google Reader API as apps speak it: sign-in with the API password, subscriptions,
streams with their filters and continuations, item ids in both forms, read and starred."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from django.utils import timezone

from newsdesk.api.greader import long_item_id, parse_item_id
from newsdesk.api.models import AccessToken, ReaderFolder, ReaderPassword
from newsdesk.news.models import Source
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

API = "/reader/api/0"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


def _login(client, username, password):
    return client.post("/accounts/ClientLogin", {"Email": username, "Passwd": password})


@pytest.fixture
def app(reader):
    """An app signed in as the reader with their API password."""
    ReaderPassword.objects.create(user=reader, password=make_password("an-api-password"))
    client = Client()
    lines = _login(client, "reader", "an-api-password").content.decode().splitlines()
    auth = dict(line.split("=", 1) for line in lines)["Auth"]
    client.defaults["HTTP_AUTHORIZATION"] = f"GoogleLogin auth={auth}"
    return client


@pytest.fixture
def outlet():
    source = make_source("Harbour Times")
    now = timezone.now()
    for hours in range(3):
        make_article(source, headline=f"Report {hours}", published_at=now - timedelta(hours=hours))
    return source


def test_client_login_takes_the_api_password_not_the_site_password(reader):
    ReaderPassword.objects.create(user=reader, password=make_password("an-api-password"))
    assert _login(Client(), "reader", "a-long-test-password").status_code == 401
    refused = _login(Client(), "reader", "wrong")
    assert refused.content == b"Error=BadAuthentication\n"
    answer = _login(Client(), "reader", "an-api-password")
    assert answer.status_code == 200
    keys = [line.split("=", 1)[0] for line in answer.content.decode().splitlines()]
    assert keys == ["SID", "LSID", "Auth"]


def test_a_reader_without_an_api_password_cannot_sign_in(reader):
    assert _login(Client(), "reader", "a-long-test-password").status_code == 401


@override_settings(API_LOGIN_ATTEMPTS=2)
def test_guessing_api_passwords_is_rate_limited(reader):
    statuses = [_login(Client(), "reader", "guess").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_calls_without_a_session_are_401(client):
    assert client.get(f"{API}/subscription/list").status_code == 401
    header = "GoogleLogin auth=not-a-session"
    assert client.get(f"{API}/user-info", HTTP_AUTHORIZATION=header).status_code == 401


def test_setting_a_new_api_password_signs_apps_out(app, reader):
    assert app.get(f"{API}/user-info").status_code == 200
    Client().force_login(reader)
    browser = Client()
    browser.force_login(reader)
    browser.post("/accounts/access/reader-password/", {"password": "a-brand-new-password"})
    assert app.get(f"{API}/user-info").status_code == 401


def test_user_info_names_the_reader(app, reader):
    info = app.get(f"{API}/user-info").json()
    assert info["userName"] == "reader" and info["userId"] == str(reader.pk)


def test_subscriptions_are_the_sources_with_the_reader_s_folders(app, reader, outlet):
    ReaderFolder.objects.create(user=reader, source=outlet, label="Local")
    (subscription,) = app.get(f"{API}/subscription/list?output=json").json()["subscriptions"]
    assert subscription["id"] == f"feed/{outlet.pk}"
    assert subscription["title"] == "Harbour Times"
    assert subscription["categories"] == [{"id": "user/-/label/Local", "label": "Local"}]
    tags = app.get(f"{API}/tag/list").json()["tags"]
    assert {"id": "user/-/label/Local", "type": "folder"} in tags


def test_folders_are_each_reader_s_own(app, django_user_model, outlet):
    other = django_user_model.objects.create_user("other")
    ReaderFolder.objects.create(user=other, source=outlet, label="Theirs")
    (subscription,) = app.get(f"{API}/subscription/list").json()["subscriptions"]
    assert subscription["categories"] == []
    assert app.get(f"{API}/stream/contents/user/-/label/Theirs").status_code == 400


def test_a_reader_files_a_subscription_in_a_folder_but_only_staff_subscribe(app, outlet):
    edit = {"ac": "edit", "s": f"feed/{outlet.pk}", "a": "user/-/label/Local"}
    assert app.post(f"{API}/subscription/edit", edit).content == b"OK"
    body = app.get(f"{API}/stream/contents/user/-/label/Local").json()
    assert len(body["items"]) == 3
    subscribe = {"ac": "subscribe", "s": "feed/https://example.org/feed.xml"}
    assert app.post(f"{API}/subscription/edit", subscribe).status_code == 403
    assert app.post(f"{API}/subscription/quickadd", {"quickadd": "x"}).status_code == 403


def test_staff_unsubscribing_stops_polling_but_keeps_the_archive(app, reader, outlet):
    reader.is_staff = True
    reader.save()
    app.post(f"{API}/subscription/edit", {"ac": "unsubscribe", "s": f"feed/{outlet.pk}"})
    assert not Source.objects.get(pk=outlet.pk).is_active
    assert app.get(f"{API}/subscription/list").json()["subscriptions"] == []
    assert len(app.get(f"{API}/stream/contents/feed/{outlet.pk}").json()["items"]) == 3


def test_writes_need_post(app):
    assert app.get(f"{API}/edit-tag").status_code == 405


def test_a_stream_pages_with_continuations_newest_first_or_oldest_first(app, outlet):
    first = app.get(f"{API}/stream/contents/feed/{outlet.pk}?n=2").json()
    assert [item["title"] for item in first["items"]] == ["Report 0", "Report 1"]
    rest = app.get(f"{API}/stream/contents/feed/{outlet.pk}?n=2&c={first['continuation']}").json()
    assert [item["title"] for item in rest["items"]] == ["Report 2"]
    assert "continuation" not in rest
    oldest = app.get(f"{API}/stream/contents?s=feed/{outlet.pk}&r=o&n=1").json()
    assert oldest["items"][0]["title"] == "Report 2"


def test_an_item_carries_its_ids_links_origin_and_states(app, outlet):
    item = app.get(f"{API}/stream/contents/user/-/state/com.google/reading-list?n=1").json()[
        "items"
    ][0]
    article_id = parse_item_id(item["id"])
    assert item["id"] == long_item_id(article_id) and len(item["id"].rsplit("/", 1)[1]) == 16
    assert item["alternate"][0]["type"] == "text/html"
    assert item["origin"]["streamId"] == f"feed/{outlet.pk}"
    assert item["categories"] == ["user/-/state/com.google/reading-list"]
    assert item["crawlTimeMsec"].isdigit() and item["timestampUsec"].isdigit()
    assert f"/article/{article_id}/" in item["summary"]["content"]


@pytest.mark.parametrize(
    ("form", "number"),
    [
        ("tag:google.com,2005:reader/item/000000000000002a", 42),
        ("42", 42),
        ("000000000000002a", 42),
    ],
)
def test_item_ids_are_read_in_every_form_apps_send(form, number):
    assert parse_item_id(form) == number


def test_marking_read_and_starring_show_in_streams_and_counts(app, outlet):
    ids = app.get(f"{API}/stream/items/ids?s=feed/{outlet.pk}&n=10").json()["itemRefs"]
    assert len(ids) == 3
    newest = ids[0]["id"]
    counts = {c["id"]: c["count"] for c in app.get(f"{API}/unread-count").json()["unreadcounts"]}
    assert counts[f"feed/{outlet.pk}"] == 3
    app.post(f"{API}/edit-tag", {"i": newest, "a": [READ, STARRED]})
    counts = {c["id"]: c["count"] for c in app.get(f"{API}/unread-count").json()["unreadcounts"]}
    assert counts[f"feed/{outlet.pk}"] == 2
    unread = app.get(f"{API}/stream/items/ids?s=feed/{outlet.pk}&xt={READ}").json()["itemRefs"]
    assert newest not in [ref["id"] for ref in unread]
    starred = app.get(f"{API}/stream/contents/{STARRED}").json()["items"]
    assert [parse_item_id(item["id"]) for item in starred] == [int(newest)]
    assert READ in starred[0]["categories"] and STARRED in starred[0]["categories"]
    app.post(f"{API}/edit-tag", {"i": long_item_id(int(newest)), "r": READ})
    unread = app.get(f"{API}/stream/items/ids?s=feed/{outlet.pk}&xt={READ}").json()["itemRefs"]
    assert newest in [ref["id"] for ref in unread]


def test_items_are_fetched_by_id_in_either_form(app, outlet):
    ids = [ref["id"] for ref in app.get(f"{API}/stream/items/ids?n=2").json()["itemRefs"]]
    body = app.post(f"{API}/stream/items/contents", {"i": [ids[0], long_item_id(int(ids[1]))]})
    assert [parse_item_id(item["id"]) for item in body.json()["items"]] == [int(i) for i in ids]
    assert app.post(f"{API}/stream/items/contents", {"i": "not-an-id"}).status_code == 400


def test_mark_all_as_read_empties_a_stream_up_to_its_timestamp(app, outlet):
    other = make_article(make_source(), headline="Elsewhere", published_at=timezone.now())
    app.post(f"{API}/mark-all-as-read", {"s": f"feed/{outlet.pk}"})
    unread = app.get(f"{API}/stream/items/ids?xt={READ}").json()["itemRefs"]
    assert [int(ref["id"]) for ref in unread] == [other.pk]
    app.post(f"{API}/mark-all-as-read", {"s": "user/-/state/com.google/reading-list"})
    assert app.get(f"{API}/stream/items/ids?xt={READ}").json()["itemRefs"] == []
    assert app.get(f"{API}/unread-count").json()["unreadcounts"] == []


def test_one_reader_s_read_and_starred_are_not_another_s(app, outlet, django_user_model):
    newest = app.get(f"{API}/stream/items/ids?n=1").json()["itemRefs"][0]["id"]
    app.post(f"{API}/edit-tag", {"i": newest, "a": [READ, STARRED]})
    other = django_user_model.objects.create_user("other")
    key = AccessToken.issue(other, AccessToken.Kind.READER)[1]
    theirs = Client(HTTP_AUTHORIZATION=f"GoogleLogin auth={key}")
    assert theirs.get(f"{API}/stream/contents/{STARRED}").json()["items"] == []
    unread = theirs.get(f"{API}/stream/items/ids?xt={READ}").json()["itemRefs"]
    assert newest in [ref["id"] for ref in unread]


def test_an_unknown_stream_or_bad_number_is_400(app):
    assert app.get(f"{API}/stream/contents/feed/999999").status_code == 400
    assert app.get(f"{API}/stream/items/ids?n=lots").status_code == 400
    assert app.get(f"{API}/stream/items/ids?c=garbage").status_code == 400


def test_staff_quickadd_a_publisher_and_get_its_stream_id(app, reader, publisher, loopback_allowed):
    reader.is_staff = True
    reader.save()
    outlet = publisher.outlets()[0]
    added = app.post(f"{API}/subscription/quickadd", {"quickadd": outlet["home_url"]}).json()
    source = Source.objects.get(home_url=outlet["home_url"])
    assert added["numResults"] == 1 and added["streamId"] == f"feed/{source.pk}"
    ids = [s["id"] for s in app.get(f"{API}/subscription/list").json()["subscriptions"]]
    assert added["streamId"] in ids


def test_a_label_that_is_no_folder_reads_as_a_hashtag(app):
    make_article(headline="Tagged report", hashtags=("Harbour",))
    make_article(headline="Untagged report")
    items = app.get(f"{API}/stream/contents/user/-/label/Harbour").json()["items"]
    assert [item["title"] for item in items] == ["Tagged report"]


def test_signing_in_again_and_again_keeps_only_the_latest_sessions(reader, monkeypatch):
    monkeypatch.setattr("newsdesk.api.greader.MAX_APP_SESSIONS", 2)
    ReaderPassword.objects.create(user=reader, password=make_password("an-api-password"))
    keys = [
        _login(Client(), "reader", "an-api-password").content.decode().rsplit("Auth=", 1)[1].strip()
        for _ in range(3)
    ]
    assert AccessToken.find(keys[0], AccessToken.Kind.READER) is None
    assert all(AccessToken.find(key, AccessToken.Kind.READER) for key in keys[1:])


def test_a_stream_reads_the_same_few_queries_for_3_items_or_30(app, django_assert_max_num_queries):
    source = make_source()
    for _ in range(30):
        make_article(source, hashtags=("Harbour",))
    app.get(f"{API}/stream/contents?n=3")
    with django_assert_max_num_queries(12) as few:
        app.get(f"{API}/stream/contents?n=3")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = app.get(f"{API}/stream/contents?n=30").json()
    assert len(body["items"]) == 30 and all("<p>" in i["summary"]["content"] for i in body["items"])
