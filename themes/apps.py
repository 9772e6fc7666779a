"""App configuration for the themes (templates and static files)."""

from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = "主题"
