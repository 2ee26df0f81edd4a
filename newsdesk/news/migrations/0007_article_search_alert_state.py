
from django.db import migrations, models

# The full-text index, one engine's own kind per database: an FTS5 table on SQLite (porter
# stemming, accents folded, prefix indexes for two- and three-letter prefixes), a tsvector table
# with a GIN index on PostgreSQL. Filled by the search stage as articles are enriched.
SQLITE = [
    "CREATE VIRTUAL TABLE news_search USING fts5(headline, standfirst, body, "
    "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')",
]
# No foreign key to news_article: Django does not know this table, so a TRUNCATE of the
# articles (a flush) would refuse to run past it. Searches join the articles, so a row left by
# a deleted article is never shown; the search stage rewrites rows as it indexes.
POSTGRES = [
    "CREATE TABLE news_search (article_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX news_search_document_idx ON news_search USING gin (document)",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS news_search")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_source_allowed_link_domains_article_feed_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="indexed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["indexed_at"], name="article_index_idx"),
        ),
        migrations.AddField(
            model_name="article",
            name="alerted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["alerted_at"], name="article_alert_idx"),
        ),
        migrations.RunPython(create_index, drop_index),
        # Articles already stored are old news to every reader: no alert for them.
        migrations.RunSQL(
            "UPDATE news_article SET alerted_at = enriched_at WHERE enriched_at IS NOT NULL",
            migrations.RunSQL.noop,
        ),
    ]
