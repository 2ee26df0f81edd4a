from __future__ import annotations

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ReaderConfig(AppConfig):
    name = "newsdesk.reader"
    label = "reader"

    def ready(self) -> None:
        from newsdesk.serving import plans

        # The reader's statements are planned once per connection on PostgreSQL.
        connection_created.connect(plans.install, dispatch_uid="newsdesk-plans")
