# Discussions get a stored accent-free copy of their title for search, filled here for existing
# discussions; on PostgreSQL every searched column (discussions, groups, profiles) gets a
# trigram index.

from django.db import migrations, models

from civic.text import normalize
from civic.trigram import TrigramIndex


def fill_search_text(apps, schema_editor):
    Discussion = apps.get_model("civic", "Discussion")
    batch = []
    for discussion in Discussion.objects.only("pk", "title").iterator(chunk_size=2000):
        discussion.search_text = normalize(discussion.title)
        batch.append(discussion)
        if len(batch) == 2000:
            Discussion.objects.bulk_update(batch, ["search_text"])
            batch = []
    Discussion.objects.bulk_update(batch, ["search_text"])


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
