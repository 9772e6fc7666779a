"""Showing compliance findings to editors: a preview mode that updates as they type, and an edit-form panel."""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from .compliance import check_page

COMPLIANCE_PREVIEW_MODE = "compliance"


def findings_summary(findings) -> dict:
    """Counts for a list of findings: {"errors": n, "warnings": m, "total": n + m}."""
    errors = sum(1 for finding in findings if finding.is_error)
    return {"errors": errors, "warnings": len(findings) - errors, "total": len(findings)}


def findings_by_rule(findings) -> list[dict]:
    """Findings grouped by rule, errors first: each group says why once and lists every place.

    Returns dicts with `rule_id`, `severity`, `category`, `message`, `is_error` and `items`
    (the findings, in reading order).
    """
    groups: dict[str, dict] = {}
    for finding in findings:
        group = groups.setdefault(
            finding.rule_id,
            {
                "rule_id": finding.rule_id,
                "severity": finding.severity,
                "category": finding.category,
                "message": finding.message,
                "is_error": finding.is_error,
                "items": [],
            },
        )
        group["items"].append(finding)
    return sorted(groups.values(), key=lambda group: not group["is_error"])


def findings_context(findings) -> dict:
    """What the findings templates need: the summary and the error and warning groups."""
    groups = findings_by_rule(findings)
    return {
        "findings": findings,
        "summary": findings_summary(findings),
        "error_groups": [group for group in groups if group["is_error"]],
        "warning_groups": [group for group in groups if not group["is_error"]],
    }


class CompliancePreviewMixin:
    """Adds a 合规检查 preview mode: Wagtail's live preview re-runs the checks on the unsaved page."""

    @property
    def preview_modes(self):
        return [*super().preview_modes, (COMPLIANCE_PREVIEW_MODE, _("合规检查"))]

    def serve_preview(self, request, mode_name):
        if mode_name != COMPLIANCE_PREVIEW_MODE:
            return super().serve_preview(request, mode_name)
        return TemplateResponse(
            request, "content/compliance/report.html", {"page": self, **findings_context(check_page(self))}
        )


def findings_basis(*, page, unsaved: bool) -> str:
    """Which text the findings are about, in the editor's words: what was just submitted and
    not saved (a form sent back with errors), or the version saved at a given time."""
    if unsaved:
        return str(_("检查的是这次提交、尚未保存的内容。"))
    if page.pk is None:
        return str(_("新页面还没有保存：保存草稿后，这里列出检查结果。"))
    saved_at = getattr(page, "latest_revision_created_at", None)
    if saved_at is None:
        return str(_("检查的是上次保存的内容。"))
    local = timezone.localtime(saved_at)
    return str(_("检查的是 %(time)s 保存的版本；之后的修改，保存后这里会更新。")) % {"time": f"{local:%m-%d %H:%M}"}


class ComplianceFindingsPanel(Panel):
    """Lists the findings on the page at the top of the edit form, saying which text they are about.

    The edit form shows the latest saved revision, or, when a save failed validation, what the
    editor just submitted; the panel says which, so nobody mistakes one for the other.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("合规检查"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/compliance/panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(findings_context(check_page(self.instance) if self.instance.pk else []))
            context["basis"] = findings_basis(page=self.instance, unsaved=bool(self.form is not None and self.form.is_bound))
            return context
