"""App configuration for the publishing pipeline."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("发布")
    default_auto_field = "django.db.models.BigAutoField"
