"""Django system checks of the compliance rules file: it loads, and the columns it names exist.

A broken edit stops `manage.py check`. Registered by importing this module from the
content app's ``ready()``.
"""

from django.core import checks
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


@register("content")
def check_compliance_columns(app_configs=None, **kwargs):
    """Warn when a rule's ``exempt_columns`` or ``column_messages`` names a column the site does not have.

    A misspelt or renamed key exempts nothing, so the rule quietly applies in the column
    it was meant to exempt; the warning says which key and which columns exist.
    """
    from ..models.pages import COLUMN_CHOICES

    try:
        ruleset = default_rules()
    except RuleSetError:
        return []  # check_compliance_rules reports it
    known = {key for key, _label in COLUMN_CHOICES}
    unknown = sorted(ruleset.column_keys - known)
    if not unknown:
        return []
    return [
        checks.Warning(
            f"合规规则文件 {ruleset.path} 的 exempt_columns 或 column_messages 写了不存在的栏目：{'、'.join(unknown)}。",
            hint=f"栏目的英文键只能是：{'、'.join(sorted(known))}。",
            id="content.W102",
        )
    ]
