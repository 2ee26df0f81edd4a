from django.urls import path

from newsdesk.syndication import views

app_name = "syndication"
urlpatterns = [
    path("<str:kind>.<str:fmt>", views.feed, name="collection"),
    path("<str:kind>/<str:key>.<str:fmt>", views.feed, name="feed"),
]
