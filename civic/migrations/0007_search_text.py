# Discussions get a stored accent-free copy of their title for search, filled here for existing
# discussions; on PostgreSQL every searched column (discussions, groups, profiles) gets a
# trigram index.

from django.db import migrations, models

from civic.common.text import normalize
from civic.common.search_columns import TrigramIndex
from civic.common.search_columns import fill_search_text as fill_search_text_of


def fill_search_text(apps, schema_editor):
    fill_search_text_of(
        apps.get_model("civic", "Discussion"),
        ["title"],
        lambda discussion: normalize(discussion.title),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("civic", "0006_dialogue_themes_and_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="discussion",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        TrigramIndex(model_name="discussion", field_name="search_text", name="discussion_search_trgm"),
        TrigramIndex(model_name="civicgroup", field_name="search_text", name="group_search_trgm"),
        TrigramIndex(model_name="profile", field_name="search_text", name="profile_search_trgm"),
    ]
