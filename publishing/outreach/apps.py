"""App configuration of outreach (公众号设置: article format, send mode, preview recipients)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "publishing.outreach"
    label = "outreach"
    verbose_name = _("公众号触达")
    default_auto_field = "django.db.models.BigAutoField"
