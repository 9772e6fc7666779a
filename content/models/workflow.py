"""The automatic compliance step of the publishing workflow (合规自动检查)."""

import logging
import uuid

from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogContext, get_active_log_context
from wagtail.models import Task, TaskState

logger = logging.getLogger(__name__)

MAX_FINDINGS_IN_COMMENT = 10


def findings_comment(findings, *, limit: int) -> str:
    """The rejection comment: each error with where it is, why, and what to write instead."""
    lines = [f"合规自动检查发现 {len(findings)} 处需要修改的表述："]
    for number, finding in enumerate(findings[:limit], start=1):
        lines.append(f"{number}. {finding.label}：「{finding.excerpt}」——{finding.message}")
    if len(findings) > limit:
        lines.append(f"……另有 {len(findings) - limit} 处，请在编辑页的“合规检查”预览中查看全部。")
    return "\n".join(lines)


def _system_log_context() -> LogContext:
    """A log context with no user that keeps the current request's entry group (uuid)."""
    context = LogContext(user=None, generate_uuid=False)
    context.uuid = get_active_log_context().uuid or uuid.uuid4()
    return context


class ComplianceCheckTask(Task):
    """Runs the compliance rules on the submitted revision: passes it on, or returns it to the author.

    The task needs nobody: when the workflow reaches it, it checks the revision and
    approves it when no finding is an error (提醒 findings do not block), otherwise it
    rejects it with a comment that lists where each error is, why, and what to write
    instead. The page then goes back to its author as 需要修改.
    """

    class Meta:
        verbose_name = _("合规自动检查")
        verbose_name_plural = _("合规自动检查")

    def start(self, workflow_state, user=None):
        from ..compliance import check_page

        task_state = super().start(workflow_state, user=user)
        page = task_state.revision.as_object()
        errors = [finding for finding in check_page(page) if finding.is_error]
        # The decision is the system's, not the submitter's: log it without a user (the
        # history shows 系统), in the same group of entries as the submission.
        with _system_log_context():
            if errors:
                logger.info("Compliance check rejected %s: %d error(s)", page, len(errors))
                task_state.reject(user=None, update=False,
                                  comment=findings_comment(errors, limit=MAX_FINDINGS_IN_COMMENT))
            else:
                task_state.approve(user=None, update=False, comment=str(_("自动检查通过：没有发现需要修改的表述。")))
        return task_state

    def get_actions(self, obj, user):
        # Nobody acts on this task: it decides by itself when it starts.
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return _("按合规规则自动检查提交的内容：有“错误”级问题时退回作者修改，否则进入人工审核。")
