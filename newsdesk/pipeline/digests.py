"""Email digests of unread alerts, for the readers who asked for them (hourly or daily).

A reader's subscription is due when its ``next_at`` has passed. Sending is three steps, so a
worker killed at any line loses no alert and mails none twice:

1. the reader's new unread alerts are written down as one ``DigestEmail`` (one transaction:
   an alert belongs to one digest at most, so it is never in two emails);
2. every unsent digest of the reader is sent, and marked sent right after the mail server
   accepts it (a digest written down before a crash is sent on the next run, with the same
   alerts);
3. the subscription's next time is set.

The one moment no database can cover is between the mail server accepting a message and the
mark being stored: a crash there sends that digest again, with the same Message-ID, so mail
systems that deduplicate show it once. A mail server that refuses or is unreachable leaves the
digest unsent and the subscription leased: it is retried when the lease runs out.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from newsdesk.following.digests import unsubscribe_path
from newsdesk.following.models import DigestEmail, DigestSubscription, Notification

logger = logging.getLogger(__name__)

PERIODS = {
    DigestSubscription.Frequency.HOURLY: timedelta(hours=1),
    DigestSubscription.Frequency.DAILY: timedelta(days=1),
}
# An email lists this many alerts; the rest are counted, with a link to the Alerts page.
LISTED = 50


def due(now: datetime) -> QuerySet[DigestSubscription]:
    return DigestSubscription.objects.filter(next_at__lte=now).order_by("id")


def send_digests(subscription_ids: Sequence[int]) -> int:
    """Send the given readers' digests; returns how many emails went out."""
    subscriptions = DigestSubscription.objects.filter(pk__in=subscription_ids).select_related(
        "user"
    )
    return sum(_send_for(subscription) for subscription in subscriptions)


def _send_for(subscription: DigestSubscription) -> int:
    started = timezone.now()
    if subscription.user.email:
        _write_down(subscription)
    sent = 0
    unsent = DigestEmail.objects.filter(user_id=subscription.user_id, sent_at__isnull=True)
    for digest in unsent.order_by("id"):
        try:
            _deliver(digest, subscription)
        except (smtplib.SMTPException, OSError):
            logger.warning(
                "digests: could not send digest %s, will retry", digest.pk, exc_info=True
            )
            return sent
        DigestEmail.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
        sent += 1
    DigestSubscription.objects.filter(pk=subscription.pk).update(
        next_at=started + PERIODS[DigestSubscription.Frequency(subscription.frequency)],
        lease_until=None,
    )
    return sent


def _write_down(subscription: DigestSubscription) -> None:
    """The reader's unread alerts that no digest carries yet, as a new digest."""
    with transaction.atomic():
        waiting = Notification.objects.filter(
            user_id=subscription.user_id,
            digest__isnull=True,
            read_at__isnull=True,
            created_at__gte=subscription.since,
        )
        ids = list(waiting.values_list("id", flat=True))
        if ids:
            digest = DigestEmail.objects.create(user_id=subscription.user_id)
            Notification.objects.filter(pk__in=ids, digest__isnull=True).update(digest=digest)


def _deliver(digest: DigestEmail, subscription: DigestSubscription) -> None:
    alerts = list(
        digest.alerts.select_related("article__source", "article__story", "follow")
        .defer("article__body_html", "article__embedding", "article__entities", "article__text")
        .order_by("-created_at", "-id")
    )
    if not alerts:
        return  # its articles were deleted since: nothing left to tell
    site = settings.SITE_URL.rstrip("/")
    unsubscribe = site + unsubscribe_path(subscription.user_id)
    context = {
        "alerts": alerts[:LISTED],
        "more": len(alerts) - LISTED,
        "site": site,
        "site_name": settings.SITE_NAME,
        "alerts_url": site + reverse("following:alerts"),
        "unsubscribe_url": unsubscribe,
        "frequency": subscription.get_frequency_display().lower(),
    }
    count = len(alerts)
    message = EmailMultiAlternatives(
        subject=f"{count} new alert{'s' if count != 1 else ''} on {settings.SITE_NAME}",
        body=render_to_string("following/digest_email.txt", context),
        to=[subscription.user.email],
        headers={
            "Message-ID": f"<digest-{digest.pk}@{urlsplit(site).hostname or 'localhost'}>",
            # One-click unsubscribe in mail clients (RFC 8058): they POST to the address.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("following/digest_email.html", context), "text/html"
    )
    message.send()
