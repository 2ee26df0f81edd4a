"""Email digests of unread alerts: one email with the alerts that arrived since the last one,
never an alert twice, none lost when the worker dies mid-send, and an unsubscribe link that
works without signing in."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from newsdesk.following.digests import set_digest, unsubscribe_path
from newsdesk.following.models import DigestSubscription, Notification
from newsdesk.jobs import leases
from newsdesk.pipeline import steps
from tests.factories import make_article

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """The worker process dying: nothing in the stage catches it."""


def run_digests(now: datetime | None = None) -> int:
    """One round of the digests stage as the scheduler runs it: claim due rows, run them."""
    now = now or timezone.now()
    claimed = list(leases.claim(steps.stage("digests").due(now), now))
    return int(steps.stage("digests").run(claimed) or 0) if claimed else 0


def alert(user, headline: str) -> Notification:
    return Notification.objects.create(
        user=user, article=make_article(headline=headline), reason=Notification.Reason.STORY
    )


def subscribed(django_user_model, name: str, frequency: str = "daily"):
    user = django_user_model.objects.create_user(name, email=f"{name}@example.org")
    set_digest(user.pk, frequency)
    return user


def headlines_in(message) -> set[str]:
    return {line[2:] for line in message.body.splitlines() if line.startswith("* ")}


def test_a_reader_gets_new_alerts_in_one_email_with_an_unsubscribe_link(
    django_user_model, mailoutbox
):
    reader = subscribed(django_user_model, "ana")
    alert(reader, "Port strike ends")
    alert(reader, "Ships leave Calderwick")
    run_digests()
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "2 new alerts on newsdesk"
    assert headlines_in(message) == {"Port strike ends", "Ships leave Calderwick"}
    unsubscribe = settings.SITE_URL + unsubscribe_path(reader.pk)
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_alert_is_never_emailed_twice(django_user_model, mailoutbox):
    reader = subscribed(django_user_model, "ana", "hourly")
    alert(reader, "First alert")
    run_digests()
    assert run_digests(timezone.now() + timedelta(hours=2)) == 0
    alert(reader, "Second alert")
    run_digests(timezone.now() + timedelta(hours=2))
    assert [headlines_in(m) for m in mailoutbox] == [{"First alert"}, {"Second alert"}]


def test_the_next_digest_waits_for_the_readers_period(django_user_model, mailoutbox):
    reader = subscribed(django_user_model, "ana", "daily")
    alert(reader, "First alert")
    run_digests()
    alert(reader, "Second alert")
    run_digests(timezone.now() + timedelta(hours=2))
    assert len(mailoutbox) == 1
    run_digests(timezone.now() + timedelta(days=1, minutes=1))
    assert headlines_in(mailoutbox[1]) == {"Second alert"}


def test_read_alerts_and_alerts_from_before_subscribing_are_not_emailed(
    django_user_model, mailoutbox
):
    reader = django_user_model.objects.create_user("ana", email="ana@example.org")
    alert(reader, "Before subscribing")
    set_digest(reader.pk, "daily")
    read = alert(reader, "Already read on the site")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    alert(reader, "Unread")
    run_digests()
    [message] = mailoutbox
    assert headlines_in(message) == {"Unread"}


def test_a_worker_killed_mid_send_loses_no_alert_and_doubles_none(django_user_model, mailoutbox):
    readers = [subscribed(django_user_model, name) for name in ("ana", "ben", "cy")]
    for reader in readers:
        alert(reader, f"News for {reader.username}")
    real_send = EmailMultiAlternatives.send
    sends = 0

    def dies_on_the_second(message, *args, **kwargs):
        nonlocal sends
        sends += 1
        if sends == 2:
            raise WorkerKilled
        return real_send(message, *args, **kwargs)

    dying = mock.patch.object(EmailMultiAlternatives, "send", dies_on_the_second)
    with dying, pytest.raises(WorkerKilled):
        run_digests()
    assert len(mailoutbox) == 1
    # The dead worker's leases run out; the next round finishes the work.
    run_digests(timezone.now() + timedelta(seconds=settings.WORK_LEASE_SECONDS + 1))
    emailed = sorted(headline for m in mailoutbox for headline in headlines_in(m))
    assert emailed == ["News for ana", "News for ben", "News for cy"]


def test_a_digest_written_down_before_a_crash_is_sent_with_its_own_alerts_only(
    django_user_model, mailoutbox
):
    reader = subscribed(django_user_model, "ana", "hourly")
    alert(reader, "Before the crash")
    dying = mock.patch.object(EmailMultiAlternatives, "send", side_effect=WorkerKilled)
    with dying, pytest.raises(WorkerKilled):
        run_digests()
    alert(reader, "After the crash")
    run_digests(timezone.now() + timedelta(seconds=settings.WORK_LEASE_SECONDS + 1))
    assert [headlines_in(m) for m in mailoutbox] == [{"Before the crash"}, {"After the crash"}]


def test_a_refusing_mail_server_leaves_the_digest_for_a_later_round(django_user_model, mailoutbox):
    reader = subscribed(django_user_model, "ana")
    alert(reader, "Port strike ends")
    refused = smtplib.SMTPServerDisconnected("connection lost")
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=refused):
        assert run_digests() == 0
    assert run_digests() == 0  # leased: not hammered while the server is down
    later = timezone.now() + timedelta(seconds=settings.WORK_LEASE_SECONDS + 1)
    assert run_digests(later) == 1
    assert headlines_in(mailoutbox[0]) == {"Port strike ends"}


def test_a_reader_without_an_email_address_gets_none(django_user_model, mailoutbox):
    reader = django_user_model.objects.create_user("ana")
    set_digest(reader.pk, "daily")
    alert(reader, "Port strike ends")
    run_digests()
    assert mailoutbox == []


def test_the_alerts_page_switches_digests_on_and_off(signed_in_client, reader):
    signed_in_client.post("/alerts/digest/", {"frequency": "hourly"})
    assert DigestSubscription.objects.get(user=reader).frequency == "hourly"
    assert '<option value="hourly" selected>' in signed_in_client.get("/alerts/").content.decode()
    signed_in_client.post("/alerts/digest/", {"frequency": ""})
    assert not DigestSubscription.objects.exists()


def test_the_unsubscribe_link_asks_first_then_unsubscribes_without_signing_in(
    client, django_user_model
):
    reader = subscribed(django_user_model, "ana")
    path = unsubscribe_path(reader.pk)
    assert "Unsubscribe" in client.get(path).content.decode()
    assert DigestSubscription.objects.filter(user=reader).exists()
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert not DigestSubscription.objects.filter(user=reader).exists()


def test_a_forged_unsubscribe_token_changes_nothing(client, django_user_model):
    reader = subscribed(django_user_model, "ana")
    forged = unsubscribe_path(reader.pk).replace("/unsubscribe/", "/unsubscribe/x")
    assert client.post(forged).status_code == 400
    assert DigestSubscription.objects.filter(user=reader).exists()
