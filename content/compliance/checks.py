"""A Django system check that the compliance rules file loads, so a broken edit stops `manage.py check`.

Registered by importing this module from the content app's ``ready()``.
"""

from django.core.checks import Error, register

from .loading import default_rules
from .rules import RuleSetError


@register("content")
def check_compliance_rules(app_configs=None, **kwargs):
    """Load the rule set in use; report the file, line and rule of the first mistake in it."""
    try:
        default_rules()
    except RuleSetError as error:
        return [
            Error(
                str(error),
                hint="修改规则文件后，可以用 `manage.py lint_copy --rules 文件` 先试一试。",
                id="content.E101",
            )
        ]
    return []
