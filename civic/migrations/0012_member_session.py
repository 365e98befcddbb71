from django.db import migrations, models
from django.utils import timezone


def move_sessions(apps, schema_editor):
    """Move the live sessions from Django's table, so that nobody is signed out by the switch."""
    from django.contrib.auth import SESSION_KEY

    from civic.people.sessions import SessionStore

    Session = apps.get_model("sessions", "Session")
    MemberSession = apps.get_model("civic", "MemberSession")
    decoder = SessionStore()
    live = Session.objects.filter(expire_date__gt=timezone.now())
    batch = []
    for row in live.iterator(chunk_size=1000):
        account = decoder.decode(row.session_data).get(SESSION_KEY) or ""
        batch.append(
            MemberSession(
                session_key=row.session_key,
                session_data=row.session_data,
                expire_date=row.expire_date,
                account_key=str(account)[:64],
            )
        )
        if len(batch) >= 1000:
            MemberSession.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    MemberSession.objects.bulk_create(batch, ignore_conflicts=True)
    Session.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("civic", "0011_post_foreign_keys_covered"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="MemberSession",
            fields=[
                (
                    "session_key",
                    models.CharField(
                        max_length=40, primary_key=True, serialize=False, verbose_name="session key"
                    ),
                ),
                ("session_data", models.TextField(verbose_name="session data")),
                ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                (
                    "account_key",
                    models.CharField(
                        blank=True, db_index=True, max_length=64, verbose_name="compte"
                    ),
                ),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
            },
        ),
        migrations.RunPython(move_sessions, migrations.RunPython.noop, elidable=True),
    ]
