"""The portal's territory and charter page move to civic's own site setting (CivicSettings), so
that civic reads them without asking the portal. Each site's values are copied before the
fields are removed; going back copies them home again."""

from django.db import migrations


def to_civic(apps, schema_editor):
    PortalSettings = apps.get_model("portal", "PortalSettings")
    CivicSettings = apps.get_model("civic", "CivicSettings")
    for portal in PortalSettings.objects.all():
        CivicSettings.objects.update_or_create(
            site_id=portal.site_id,
            defaults={
                "territory_id": portal.territory_id,
                "charter_page_id": portal.charter_page_id,
            },
        )


def to_portal(apps, schema_editor):
    PortalSettings = apps.get_model("portal", "PortalSettings")
    CivicSettings = apps.get_model("civic", "CivicSettings")
    for civic in CivicSettings.objects.all():
        PortalSettings.objects.update_or_create(
            site_id=civic.site_id,
            defaults={
                "territory_id": civic.territory_id,
                "charter_page_id": civic.charter_page_id,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_updated_at"),
        ("civic", "0014_civic_settings"),
    ]

    operations = [
        migrations.RunPython(to_civic, to_portal),
        migrations.RemoveField(model_name="portalsettings", name="charter_page"),
        migrations.RemoveField(model_name="portalsettings", name="territory"),
    ]
