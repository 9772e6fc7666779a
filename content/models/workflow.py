"""The automatic compliance step of the publishing workflow (合规自动检查)."""

import logging

from django.utils.translation import gettext_lazy as _

from wagtail.models import Task, TaskState

logger = logging.getLogger(__name__)

MAX_FINDINGS_IN_COMMENT = 10


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
        from ..compliance.pages import blocking_findings, findings_comment

        task_state = super().start(workflow_state, user=user)
        page = task_state.revision.as_object()
        errors = blocking_findings(page)
        if errors:
            logger.info("Compliance check rejected %s: %d error(s)", page, len(errors))
            task_state.reject(user=None, update=False, comment=findings_comment(errors, limit=MAX_FINDINGS_IN_COMMENT))
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
