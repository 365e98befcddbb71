"""Staff roles: *Communication* edits the portal's pages, *Modération* verifies profiles and
moderates content. Superusers keep every right."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMUNICATION = "Communication"
MODERATION = "Modération"

COMMUNICATION_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
MODERATION_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("civic", "verify_profile"),
]
# Page rights on the tree's root, so they reach every page of every site. Publishing is
# left to senior editors: Communication edits and submits to the moderation workflow.
COMMUNICATION_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these must exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    def permission(app_label, codename):
        try:
            return Permission.objects.get(content_type__app_label=app_label, codename=codename)
        except Permission.DoesNotExist:
            raise RuntimeError(f"{app_label}.{codename}") from None

    communication, _ = Group.objects.get_or_create(name=COMMUNICATION)
    communication.permissions.add(*(permission(a, c) for a, c in COMMUNICATION_PERMISSIONS))
    moderation, _ = Group.objects.get_or_create(name=MODERATION)
    moderation.permissions.add(*(permission(a, c) for a, c in MODERATION_PERMISSIONS))

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in COMMUNICATION_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=communication, page=root, permission=permission("wagtailcore", codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[COMMUNICATION, MODERATION]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("civic", "0002_profiles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
