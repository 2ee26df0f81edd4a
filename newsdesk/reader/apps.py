from __future__ import annotations

from django.apps import AppConfig


class ReaderConfig(AppConfig):
    name = "newsdesk.reader"
    label = "reader"
