from __future__ import annotations

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _create_cache_tables(**kwargs: object) -> None:
    """The AI cache lives in a database table; make sure it exists wherever we migrate."""
    call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class ReaderConfig(AppConfig):
    name = "newsdesk.reader"
    label = "reader"

    def ready(self) -> None:
        # post_migrate is only sent for apps with models; the archive's app has them.
        post_migrate.connect(_create_cache_tables, sender=self.apps.get_app_config("news"))
