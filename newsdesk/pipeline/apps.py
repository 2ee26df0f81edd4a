from __future__ import annotations

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate, post_save

from newsdesk.nlp.embed import EmbedConfig, configure
from newsdesk.nlp.language import keep_model_in


def _create_cache_tables(**kwargs: object) -> None:
    """The AI cache lives in a database table; make sure it exists wherever we migrate."""
    call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class PipelineConfig(AppConfig):
    """The pipeline has no models of its own; as an app it configures the pure stages from
    the settings at start-up and owns the AI cache table its ``ai`` service writes."""

    name = "newsdesk.pipeline"
    label = "pipeline"

    def ready(self) -> None:
        # The built MiniLM graph is kept beside the archive: building it is most of the second
        # of CPU every process (web worker, ingest pass) paid to load the model. So is the
        # language model, decompressed.
        models = settings.DATA_DIR / "models"
        configure(EmbedConfig(settings.EMBEDDING_BACKEND, settings.EMBEDDING_THREADS, models))
        keep_model_in(models)
        # post_migrate is only sent for apps with models; the archive's app has them.
        post_migrate.connect(_create_cache_tables, sender=apps.get_app_config("news"))
        from newsdesk.news.models import ArticleRevision
        from newsdesk.pipeline.search import reindex_revised

        post_save.connect(reindex_revised, sender=ArticleRevision)
