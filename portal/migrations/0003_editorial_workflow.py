"""Editorial workflow: *Communication* writes and submits, *Rédaction en chef* approves and
publishes, through the « Relecture » workflow on every page. Both groups edit the portal's
settings, menus and links included."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMUNICATION = "Communication"
SENIOR_EDITORS = "Rédaction en chef"
WORKFLOW = "Relecture"
TASK = "Validation par la rédaction en chef"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

SENIOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
SETTINGS_PERMISSIONS = [
    ("portal", "change_portalsettings"),
]
SENIOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def create_workflow(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    senior, _ = Group.objects.get_or_create(name=SENIOR_EDITORS)
    senior.permissions.add(
        *(permission(a, c) for a, c in SENIOR_PERMISSIONS + SETTINGS_PERMISSIONS)
    )
    communication, _ = Group.objects.get_or_create(name=COMMUNICATION)
    communication.permissions.add(*(permission(a, c) for a, c in SETTINGS_PERMISSIONS))

    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for codename in SENIOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=senior, page=root, permission=permission("wagtailcore", codename)
        )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(senior)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    # Wagtail's default workflow sends pages to its "Moderators" group: replaced by ours.
    for default in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        if not WorkflowPage.objects.filter(workflow=default).exists():
            default.active = False
            default.save(update_fields=["active"])


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=True)
    Workflow.objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name=SENIOR_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_news_section_contact_navigation"),
        ("civic", "0003_staff_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
