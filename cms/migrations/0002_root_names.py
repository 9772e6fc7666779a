"""The root page and the root collection are called 根目录 in the admin (Wagtail names both "Root")."""

from django.db import migrations

ROOT_TITLE = "根目录"


def root_title(title: str):
    def apply(apps, schema_editor):
        Page = apps.get_model("wagtailcore", "Page")
        Page.objects.filter(depth=1).update(title=title, draft_title=title)
        Collection = apps.get_model("wagtailcore", "Collection")
        Collection.objects.filter(depth=1).update(name=title)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_roles_and_workflow"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(root_title(ROOT_TITLE), root_title("Root"))]
