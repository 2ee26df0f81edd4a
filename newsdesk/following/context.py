from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from newsdesk.following.state import reader_state


def unread_alerts(request: HttpRequest) -> dict[str, object]:
    """The unread alert count for the header of a signed-in reader's pages: one query, run
    only when a template shows it (a page cached for every reader renders its header apart)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_alerts": SimpleLazyObject(lambda: unread_count(request))}


def unread_count(request: HttpRequest) -> int:
    """The signed-in reader's unread alerts (none for a reader who is not signed in)."""
    return reader_state(request).unread_alerts
