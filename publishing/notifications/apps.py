"""App configuration of notifications: connects the events the team hears about."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "publishing.notifications"
    label = "notifications"
    verbose_name = _("团队通知")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401
