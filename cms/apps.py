"""App configuration for project-wide pieces: admin branding and roles."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "平台"
