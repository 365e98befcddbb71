"""The council's name moves to civic's own site setting (CivicSettings), where the agenda reads
it without asking the portal. Each site's name is copied before the field is removed; going
back copies it home again."""

from django.db import migrations, models


def to_civic(apps, schema_editor):
    PortalSettings = apps.get_model("portal", "PortalSettings")
    CivicSettings = apps.get_model("civic", "CivicSettings")
    for portal in PortalSettings.objects.all():
        CivicSettings.objects.update_or_create(
            site_id=portal.site_id, defaults={"authority_name": portal.authority_name}
        )


def to_portal(apps, schema_editor):
    PortalSettings = apps.get_model("portal", "PortalSettings")
    CivicSettings = apps.get_model("civic", "CivicSettings")
    for civic in CivicSettings.objects.all():
        PortalSettings.objects.update_or_create(
            site_id=civic.site_id, defaults={"authority_name": civic.authority_name}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0009_territory_and_charter_move_to_civic"),
        ("civic", "0015_s_authority_name"),
    ]

    operations = [
        migrations.RunPython(to_civic, to_portal),
        migrations.RemoveField(model_name="portalsettings", name="authority_name"),
        migrations.RemoveField(model_name="portalsettings", name="updated_at"),
    ]
