from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from newsdesk.following.models import Notification


def unread_alerts(request: HttpRequest) -> dict[str, object]:
    """The unread alert count for the header of a signed-in reader's pages: one query, run
    only when a template shows it (a page cached for every reader renders its header apart)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = Notification.objects.filter(user_id=user.pk, read_at=None)
    return {"unread_alerts": SimpleLazyObject(unread.count)}
