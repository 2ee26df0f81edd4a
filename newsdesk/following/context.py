from __future__ import annotations

from django.http import HttpRequest

from newsdesk.following.models import Notification


def unread_alerts(request: HttpRequest) -> dict[str, int]:
    """The unread alert count for the header of a signed-in reader's pages (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_alerts": Notification.objects.filter(user_id=user.pk, read_at=None).count()}
