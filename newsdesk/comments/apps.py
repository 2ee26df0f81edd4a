from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "newsdesk.comments"
    label = "comments"
