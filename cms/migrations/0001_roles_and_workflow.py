"""Create the four roles with their permissions, and the review workflow that every page goes through.

内容编辑 writes articles and case studies and submits them; 市场运营 writes and submits
bulletins; 合规审核 approves or rejects; 管理员 can do everything, including publishing
without review. Which page types a role may write is enforced in content/roles.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "内容编辑"
MARKETING = "市场运营"
REVIEWERS = "合规审核"
ADMINS = "管理员"

IMAGE_AND_DOC_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
AUTHOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
ADMIN_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
ADMIN_MODEL_PERMISSIONS = [
    ("content", "fraudtype"),
    ("content", "hotline"),
    ("content", "brandsettings"),
    ("auth", "user"),
    ("auth", "group"),
    ("wagtailcore", "workflow"),
    ("wagtailcore", "task"),
    ("wagtailredirects", "redirect"),
    ("wagtailcore", "site"),
]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    access_admin = _permission(apps, "wagtailadmin", "access_admin")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (EDITORS, MARKETING, REVIEWERS, ADMINS)}
    for group in groups.values():
        group.permissions.add(access_admin)

    for name in (EDITORS, MARKETING):
        group = groups[name]
        for codename in AUTHOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(apps, "wagtailcore", codename)
            )
        for app_label, codename in IMAGE_AND_DOC_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(apps, app_label, codename)
            )
        group.permissions.add(
            _permission(apps, "content", "view_fraudtype"), _permission(apps, "content", "view_hotline")
        )

    admins = groups[ADMINS]
    for codename in ADMIN_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=admins, page=root_page, permission=_permission(apps, "wagtailcore", codename)
        )
    for app_label, codename in IMAGE_AND_DOC_PERMISSIONS + [
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
    ]:
        GroupCollectionPermission.objects.get_or_create(
            group=admins, collection=root_collection, permission=_permission(apps, app_label, codename)
        )
    for app_label, model in ADMIN_MODEL_PERMISSIONS:
        for action in ("add", "change", "delete", "view"):
            try:
                admins.permissions.add(_permission(apps, app_label, f"{action}_{model}"))
            except apps.get_model("auth", "Permission").DoesNotExist:
                continue

    # The review workflow: automatic compliance check, then a reviewer's approval.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ComplianceCheckTask = apps.get_model("content", "ComplianceCheckTask")

    compliance_task = ComplianceCheckTask.objects.filter(name="合规自动检查").first()
    if compliance_task is None:
        compliance_task = ComplianceCheckTask.objects.create(
            name="合规自动检查",
            content_type=ContentType.objects.get_for_model(ComplianceCheckTask),
        )
    review_task = GroupApprovalTask.objects.filter(name="合规审核").first()
    if review_task is None:
        review_task = GroupApprovalTask.objects.create(
            name="合规审核", content_type=ContentType.objects.get_for_model(GroupApprovalTask)
        )
    review_task.groups.set([groups[REVIEWERS]])

    workflow, _ = Workflow.objects.get_or_create(name="内容发布审核", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=compliance_task, defaults={"sort_order": 0})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=review_task, defaults={"sort_order": 1})
    # Every page under the root follows this workflow (it replaces Wagtail's default one).
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})

    # Wagtail's own starter groups and workflow would give a second way to publish
    # (its Moderators may publish); remove them while nobody belongs to them.
    for name in ("Editors", "Moderators"):
        Group.objects.filter(name=name, user__isnull=True).delete()
    for default in Workflow.objects.filter(name="Moderators approval").exclude(pk=workflow.pk):
        WorkflowPage.objects.filter(workflow=default).delete()
        tasks = list(GroupApprovalTask.objects.filter(workflow_tasks__workflow=default))
        default.delete()
        for task in tasks:
            if not WorkflowTask.objects.filter(task=task).exists():
                task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_compliance_check_task"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
