from django.urls import path

from newsdesk.reader import ai_views, search_views, views

app_name = "reader"
urlpatterns = [
    path("", views.front, name="front"),
    path("article/<int:article_id>/", views.article, name="article"),
    path("article/<int:article_id>/comments/", views.comments, name="comments"),
    path("story/<int:story_id>/", views.story, name="story"),
    path("source/<slug:slug>/", views.source, name="source"),
    path("hashtag/<slug:slug>/", views.hashtag, name="hashtag"),
    path("section/<slug:slug>/", views.section, name="section"),
    path("search/", search_views.search, name="search"),
]

# AI features: summary and key points of an article; questions, coverage comparison and
# background for an article's story or a story page.
_ARTICLE = {"kind": "article"}
_STORY = {"kind": "story"}
urlpatterns += [
    path("article/<int:object_id>/ai/summary/", ai_views.summary, _ARTICLE, name="ai-summary"),
    path("article/<int:object_id>/ai/points/", ai_views.key_points, _ARTICLE, name="ai-points"),
    path("article/<int:object_id>/ai/ask/", ai_views.ask, _ARTICLE, name="ai-ask"),
    path("article/<int:object_id>/ai/ask/form/", views.ask_form, _ARTICLE, name="ai-ask-form"),
    path("article/<int:object_id>/ai/compare/", ai_views.compare, _ARTICLE, name="ai-compare"),
    path(
        "article/<int:object_id>/ai/background/",
        ai_views.background,
        _ARTICLE,
        name="ai-background",
    ),
    path("story/<int:object_id>/ai/ask/", ai_views.ask, _STORY, name="story-ai-ask"),
    path("story/<int:object_id>/ai/ask/form/", views.ask_form, _STORY, name="story-ai-ask-form"),
    path("story/<int:object_id>/ai/compare/", ai_views.compare, _STORY, name="story-ai-compare"),
    path(
        "story/<int:object_id>/ai/background/",
        ai_views.background,
        _STORY,
        name="story-ai-background",
    ),
]
