from django.urls import path

from newsdesk.reader import views

app_name = "reader"
urlpatterns = [
    path("", views.front, name="front"),
    path("article/<int:article_id>/", views.article, name="article"),
    path("story/<int:story_id>/", views.story, name="story"),
    path("source/<slug:slug>/", views.source, name="source"),
    path("hashtag/<slug:slug>/", views.hashtag, name="hashtag"),
]
