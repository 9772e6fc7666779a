"""Template tags for the admin's branding: the brand's name on the sidebar, title and login page."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def admin_brand_name() -> str:
    """The brand's name as the admin shows it: ``WAGTAIL_SITE_NAME`` (default 金融常识)."""
    return settings.WAGTAIL_SITE_NAME
