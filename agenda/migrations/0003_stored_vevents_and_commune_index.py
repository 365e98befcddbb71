"""Each event's serialised VEVENT, kept for the feeds (agenda.ical), and an index on (commune,
status) for the agendas and feeds of a territory.

The VEVENTs are built when events are written, and by the feeds for any event without one (or
with a stale one): existing events need no data migration.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0002_categories_and_staff_rights"),
    ]

    operations = [
        migrations.CreateModel(
            name="VEventText",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="vevent",
                        serialize=False,
                        to="agenda.event",
                    ),
                ),
                ("format", models.PositiveSmallIntegerField()),
                ("event_updated_at", models.DateTimeField()),
                ("category_name", models.CharField(blank=True, max_length=80)),
                ("commune_name", models.CharField(blank=True, max_length=200)),
                ("text", models.TextField()),
            ],
            options={
                "verbose_name": "VEVENT d'un événement",
                "verbose_name_plural": "VEVENT des événements",
            },
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["commune", "status"], name="event_commune_status"),
        ),
    ]
