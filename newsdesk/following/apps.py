from __future__ import annotations

from django.apps import AppConfig


class FollowingConfig(AppConfig):
    name = "newsdesk.following"
    label = "following"
    default_auto_field = "django.db.models.BigAutoField"
