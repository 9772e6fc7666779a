"""App configuration for deliveries: connects the page publish/unpublish signals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveriesConfig(AppConfig):
    name = "publishing.deliveries"
    label = "deliveries"
    verbose_name = _("投递")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
