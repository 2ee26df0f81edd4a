"""A story remembers its report count when consolidation last regrouped it, so that a story is
regrouped again only once it has grown (or been merged) since.

Nullable without a default, so SQLite adds the column in place instead of rebuilding the
stories table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0015_article_story_index_in_page_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="regrouped_count",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
