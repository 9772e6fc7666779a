"""App configuration of the desk (label `desk`, its own migrations)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "content.desk"
    label = "desk"
    verbose_name = _("消保专线")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401
