"""App configuration of stats: the numbers, their collection and the 阅读数据 view."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "publishing.stats"
    label = "stats"
    verbose_name = _("阅读数据")
    default_auto_field = "django.db.models.BigAutoField"
