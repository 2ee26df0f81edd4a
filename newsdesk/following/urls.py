from django.urls import path

from newsdesk.following import views

app_name = "following"
urlpatterns = [
    path("following/", views.following, name="following"),
    path("saved/", views.saved, name="saved"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/digest/", views.digest, name="digest"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("saved/<int:article_id>/toggle/", views.bookmark, name="bookmark"),
    path("following/<str:kind>/toggle/", views.follow, name="follow"),
]
