"""The APIs' addresses: the JSON API under /api/v1/, the Google Reader API where apps look for
it (/accounts/ClientLogin and /reader/api/0/)."""

from django.urls import path

from newsdesk.api import greader
from newsdesk.api.v1 import api

READER = "reader/api/0/"
urlpatterns = [
    path("api/v1/", api.urls),
    path("accounts/ClientLogin", greader.client_login, name="greader-login"),
    path(f"{READER}token", greader.token),
    path(f"{READER}user-info", greader.user_info),
    path(f"{READER}subscription/list", greader.subscription_list),
    path(f"{READER}subscription/edit", greader.subscription_edit),
    path(f"{READER}subscription/quickadd", greader.quickadd),
    path(f"{READER}tag/list", greader.tag_list),
    path(f"{READER}unread-count", greader.unread_count),
    path(f"{READER}stream/contents", greader.stream_contents),
    path(f"{READER}stream/contents/<path:stream>", greader.stream_contents),
    path(f"{READER}stream/items/ids", greader.stream_item_ids),
    path(f"{READER}stream/items/contents", greader.stream_items_contents),
    path(f"{READER}edit-tag", greader.edit_tag),
    path(f"{READER}mark-all-as-read", greader.mark_all_as_read),
]
