"""Give the roles their delivery permissions: everyone sees 投递; 市场运营 and 管理员 act; 管理员 edits 渠道设置."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEWERS = ("内容编辑", "市场运营", "合规审核", "管理员")
ACTORS = ("市场运营", "管理员")
SETTINGS_EDITORS = ("管理员",)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(codename):
        return Permission.objects.get(content_type__app_label="deliveries", codename=codename)

    for group in Group.objects.filter(name__in=VIEWERS):
        group.permissions.add(permission("view_delivery"))
    for group in Group.objects.filter(name__in=ACTORS):
        group.permissions.add(permission("change_delivery"))
    for group in Group.objects.filter(name__in=SETTINGS_EDITORS):
        group.permissions.add(permission("change_channelsettings"), permission("view_channelsettings"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="deliveries"):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("deliveries", "0001_initial"),
        ("cms", "0001_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
