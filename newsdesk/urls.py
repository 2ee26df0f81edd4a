from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("newsdesk.reader.urls")),
    path("", include("newsdesk.api.urls")),
    path("feeds/", include("newsdesk.syndication.urls")),
    path("accounts/access/", include("newsdesk.api.account_urls")),
    path("accounts/", include("newsdesk.accounts.urls")),
    path("comments/", include("newsdesk.comments.urls")),
    path("", include("newsdesk.following.urls")),
    path("admin/", admin.site.urls),
]
