from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("newsdesk.reader.urls")),
    path("accounts/", include("newsdesk.accounts.urls")),
    path("comments/", include("newsdesk.comments.urls")),
    path("admin/", admin.site.urls),
]
