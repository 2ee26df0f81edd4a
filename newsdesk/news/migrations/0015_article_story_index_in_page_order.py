"""A story's reports keep one index, the one in page order (article_story_cards_idx): the
foreign key's own index on the story alone is dropped.

Only the index is dropped: letting Django alter the field would rebuild the whole articles
table on SQLite (minutes and twice the disk at a million articles) to change nothing else.
"""

import django.db.models.deletion
from django.db import migrations, models

STORY_INDEX = "news_article_story_id_02cca013"


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0014_article_list_card_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="story",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="articles",
                        to="news.story",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{STORY_INDEX}"',
                    f'CREATE INDEX "{STORY_INDEX}" ON "news_article" ("story_id")',
                ),
            ],
        ),
    ]
