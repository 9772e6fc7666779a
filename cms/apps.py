"""App configuration for project-wide pieces: admin branding, roles and the notifications they get,
and secrets kept out of logs."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "平台"

    def ready(self):
        from core import redaction

        from . import notifications  # noqa: F401 - connects the delivery_failed receiver

        # Every log record of the process (httpx's request lines with WeChat's access_token in
        # the query string included) is redacted before any handler sees it.
        redaction.install()
