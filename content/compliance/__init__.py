"""Compliance checks of financial-marketing copy: a rule set kept as data, and the engine that applies it.

    from content.compliance import check_text, check_page

    check_text("本产品保本保息")           # -> [Finding(rule_id="returns.guaranteed", ...)]
    check_page(article)                   # -> [PageFinding(path="body[3].choices[1]", ...)]

The rules live in ``rules.toml`` next to this file (or the file named by the
``COMPLIANCE_RULES_FILE`` setting); see that file for how to read and extend them.
"""

from .engine import Finding, check_segments, check_text
from .loading import default_rules, load_rules
from .pages import PageFinding, check_page
from .rules import ERROR, WARNING, RuleSet, RuleSetError

__all__ = [
    "ERROR",
    "WARNING",
    "Finding",
    "PageFinding",
    "RuleSet",
    "RuleSetError",
    "check_page",
    "check_segments",
    "check_text",
    "default_rules",
    "load_rules",
]
