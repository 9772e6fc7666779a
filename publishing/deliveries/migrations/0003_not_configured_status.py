"""未配置 becomes a final status of its own: deliveries that waited for a channel's credentials
(待发送 with the not_configured error) end as 未配置 and no longer go out when credentials appear."""

from django.db import migrations, models


def park_waiting(apps, schema_editor):
    Delivery = apps.get_model("deliveries", "Delivery")
    Delivery.objects.filter(status="pending", error_code="not_configured").update(
        status="not_configured", next_attempt_at=None, lease_owner="", lease_expires_at=None
    )


def unpark(apps, schema_editor):
    Delivery = apps.get_model("deliveries", "Delivery")
    Delivery.objects.filter(status="not_configured").update(status="pending")


class Migration(migrations.Migration):

    dependencies = [
        ("deliveries", "0002_role_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delivery",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "待发送"), ("rendering", "渲染中"), ("sending", "发送中"),
                    ("awaiting_confirmation", "待人工确认"), ("published", "已发布"), ("failed", "失败"),
                    ("cancelled", "已取消"), ("not_configured", "未配置"),
                ],
                db_index=True, default="pending", max_length=32, verbose_name="状态",
            ),
        ),
        migrations.RunPython(park_waiting, unpark),
    ]
