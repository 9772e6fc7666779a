"""App configuration for the publishing pipeline."""

import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("发布")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401

        # WeasyPrint logs every layout step at INFO; in a worker's log that is noise.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
