import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_article_search_alert_state"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryRedirect",
            fields=[
                ("old_id", models.BigIntegerField(primary_key=True, serialize=False)),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="news.story",
                    ),
                ),
            ],
        ),
    ]
