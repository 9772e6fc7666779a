"""App configuration for project-wide pieces: admin branding, roles and the notifications they get."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "平台"

    def ready(self):
        from . import notifications  # noqa: F401 - connects the delivery_failed receiver
