# Events get a stored accent-free copy of their title and description for search, filled here
# for existing events, with a trigram index on PostgreSQL.

from django.db import migrations, models
from django.utils.html import strip_tags

from civic.text import normalize
from civic.trigram import TrigramIndex


def fill_search_text(apps, schema_editor):
    Event = apps.get_model("agenda", "Event")
    batch = []
    for event in Event.objects.only("pk", "title", "description").iterator(chunk_size=2000):
        event.search_text = normalize(f"{event.title} {strip_tags(event.description)}")
        batch.append(event)
        if len(batch) == 2000:
            Event.objects.bulk_update(batch, ["search_text"])
            batch = []
    Event.objects.bulk_update(batch, ["search_text"])


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
