from __future__ import annotations

from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    """The admin site for operators: the archive's models with the pipeline's actions
    (subscribe by URL with discovery, check a feed now). It sits above ``pipeline/`` so that
    the archive's models never depend on the stages that fill them."""

    name = "newsdesk.backoffice"
    label = "backoffice"
