from django.urls import path

from newsdesk.comments import views

app_name = "comments"
urlpatterns = [path("article/<int:article_id>/", views.post, name="post")]
