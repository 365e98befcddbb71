"""Seed the event categories and give staff their agenda rights.

Modération approves or rejects proposed events; Modération and Communication edit the list of
categories in the Wagtail admin (snippets).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATEGORIES = [
    ("Concert", "concert"),
    ("Spectacle", "spectacle"),
    ("Exposition", "exposition"),
    ("Sport", "sport"),
    ("Fête", "fete"),
    ("Conférence", "conference"),
    ("Atelier", "atelier"),
    ("Réunion publique", "reunion-publique"),
    ("Vie associative", "vie-associative"),
    ("Marché", "marche"),
    ("Cinéma", "cinema"),
]
CATEGORY_PERMISSIONS = ["add_eventcategory", "change_eventcategory", "delete_eventcategory"]


def forwards(apps, schema_editor):
    EventCategory = apps.get_model("agenda", "EventCategory")
    for order, (name, slug) in enumerate(CATEGORIES):
        EventCategory.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})

    app_config = apps.get_app_config("agenda")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(codename):
        return Permission.objects.get(content_type__app_label="agenda", codename=codename)

    moderation, _ = Group.objects.get_or_create(name="Modération")
    communication, _ = Group.objects.get_or_create(name="Communication")
    moderation.permissions.add(permission("moderate_event"))
    for group in (moderation, communication):
        group.permissions.add(*(permission(c) for c in CATEGORY_PERMISSIONS))


def backwards(apps, schema_editor):
    apps.get_model("agenda", "EventCategory").objects.filter(
        slug__in=[slug for _, slug in CATEGORIES], events__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0001_initial"),
        ("civic", "0003_staff_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
