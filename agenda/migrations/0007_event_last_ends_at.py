from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def fill_last_ends_at(apps, schema_editor):
    """Each event's last end from the occurrences it already has."""
    Event = apps.get_model("agenda", "Event")
    Occurrence = apps.get_model("agenda", "Occurrence")
    last = (
        Occurrence.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(last=Max("ends_at"))
        .values("last")
    )
    Event.objects.update(last_ends_at=Subquery(last))


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0006_occurrence_event_end_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="last_ends_at",
            field=models.DateTimeField(
                editable=False, null=True, verbose_name="fin de la dernière date"
            ),
        ),
        migrations.RunPython(fill_last_ends_at, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["status", "last_ends_at"], name="event_status_last_end"),
        ),
    ]
