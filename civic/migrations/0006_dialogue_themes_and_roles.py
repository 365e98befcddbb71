"""Dialogue: the first themes (staff edit the list afterwards as snippets), and the staff rights.

*Modération* moderates groups and discussions; *Communication* speaks for the council: it opens
consultations and publishes official answers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

THEMES = [
    ("Mobilité", "mobilite"),
    ("Environnement", "environnement"),
    ("Culture", "culture"),
    ("Solidarité", "solidarite"),
    ("Jeunesse", "jeunesse"),
    ("Urbanisme", "urbanisme"),
    ("Vie associative", "vie-associative"),
    ("Sport", "sport"),
    ("Santé", "sante"),
    ("Éducation", "education"),
]

RIGHTS = {
    "Modération": ["moderate_content"],
    "Communication": ["open_consultation"],
}


def forwards(apps, schema_editor):
    Theme = apps.get_model("civic", "Theme")
    for order, (name, slug) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})

    app_config = apps.get_app_config("civic")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in RIGHTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="civic", codename__in=codenames)
        )


def backwards(apps, schema_editor):
    apps.get_model("civic", "Theme").objects.filter(slug__in=[s for _, s in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("civic", "0005_dialogue"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
