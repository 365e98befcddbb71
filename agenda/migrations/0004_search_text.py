# Events get a stored accent-free copy of their title and description for search, filled here
# for existing events, with a trigram index on PostgreSQL.

from django.db import migrations, models
from django.utils.html import strip_tags

from civic.common.text import normalize
from civic.common.search_columns import TrigramIndex
from civic.common.search_columns import fill_search_text as fill_search_text_of


def fill_search_text(apps, schema_editor):
    fill_search_text_of(
        apps.get_model("agenda", "Event"),
        ["title", "description"],
        lambda event: normalize(f"{event.title} {strip_tags(event.description)}"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("agenda", "0003_stored_vevents_and_commune_index"),
        ("civic", "0007_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        TrigramIndex(model_name="event", field_name="search_text", name="event_search_trgm"),
    ]
