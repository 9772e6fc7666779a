"""Create the 客服专员 group (desk agents) and give it, and 管理员, the desk's permissions.

Agents see the admin, work the queue (view and change requests), show personal data in full
(logged) and see the analysis; only 管理员 may export without masking. The groups are taken
with get_or_create, so this runs before or after the project's roles migration alike.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AGENTS = "客服专员"
ADMINS = "管理员"
AGENT_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("desk", "view_deskrequest"),
    ("desk", "change_deskrequest"),
    ("desk", "reveal_personal_data"),
    ("desk", "view_desk_analysis"),
]
ADMIN_ONLY = [("desk", "export_unmasked")]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    agents = Group.objects.get_or_create(name=AGENTS)[0]
    admins = Group.objects.get_or_create(name=ADMINS)[0]
    for app_label, codename in AGENT_PERMISSIONS:
        agents.permissions.add(permission(app_label, codename))
        admins.permissions.add(permission(app_label, codename))
    for app_label, codename in ADMIN_ONLY:
        admins.permissions.add(permission(app_label, codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="desk"):
        permission.group_set.clear()
    Group.objects.filter(name=AGENTS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
