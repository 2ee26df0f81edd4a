from django.urls import path

from newsdesk.api import account

app_name = "api-account"
urlpatterns = [
    path("", account.access, name="access"),
    path("new/", account.create, name="create"),
    path("<int:token_id>/revoke/", account.revoke, name="revoke"),
    path("reader-password/", account.reader_password, name="reader-password"),
]
