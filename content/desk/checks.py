"""System checks of the desk: the rules file parses, and production has its encryption keys."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .rules import DeskRulesError, desk_rules


@register(Tags.compatibility)
def check_desk_rules(app_configs, **kwargs):
    try:
        desk_rules()
    except DeskRulesError as error:
        return [Error(str(error), id="desk.E001")]
    return []


@register(Tags.security, deploy=True)
def check_desk_keys(app_configs, **kwargs):
    if not getattr(settings, "DESK_ENCRYPTION_KEYS", None) or not getattr(settings, "DESK_LOOKUP_KEY", ""):
        return [Warning("DESK_ENCRYPTION_KEYS and DESK_LOOKUP_KEY are not set: the desk uses a development key.", id="desk.W001")]
    return []
