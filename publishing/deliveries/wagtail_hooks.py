"""Admin hooks of deliveries: the 投递 menu (viewset), its 重新投递 bulk action and the audit-log actions it writes."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .bulk_actions import ResendBulkAction
from .views import delivery_viewset

LOG_ACTIONS = {
    "deliveries.create": (_("创建投递"), _("已创建到%(channel)s的投递")),
    "deliveries.published": (_("投递成功"), _("已发布到%(channel)s")),
    "deliveries.awaiting_confirmation": (_("等待人工确认"), _("%(channel)s的发布包已准备好，等待人工上传")),
    "deliveries.failed": (_("投递失败"), _("投递到%(channel)s失败：%(message)s")),
    "deliveries.not_configured": (_("渠道未配置"), _("%(channel)s未配置，投递未发送：%(message)s")),
    "deliveries.retry": (_("重试投递"), _("重试到%(channel)s的投递")),
    "deliveries.cancel": (_("取消投递"), _("取消到%(channel)s的投递")),
    "deliveries.confirm_upload": (_("确认已上传"), _("确认已上传到%(channel)s")),
    "deliveries.retract": (_("撤回投递"), _("开始从%(channel)s撤回")),
    "deliveries.retracted": (_("已撤回"), _("已从%(channel)s撤回")),
    "deliveries.retract_manually": (_("需人工撤回"), _("%(channel)s需要人工撤回：%(message)s")),
    "deliveries.retract_failed": (_("撤回失败"), _("从%(channel)s撤回失败：%(message)s")),
}


def _formatter(label, template):
    class DeliveryLogFormatter(LogFormatter):
        def format_message(self, log_entry):
            data = log_entry.data or {}
            return template % {
                "channel": data.get("channel_label", data.get("channel", "")),
                "message": data.get("message", ""),
            }

    DeliveryLogFormatter.label = label
    return DeliveryLogFormatter


@hooks.register("register_log_actions")
def register_delivery_log_actions(actions):
    """Name every delivery event in the audit log (投递 history and the page's history)."""
    for action, (label, template) in LOG_ACTIONS.items():
        actions.register_action(action)(_formatter(label, template))


@hooks.register("register_admin_viewset")
def register_delivery_viewset():
    """The 投递 menu item and its views."""
    return delivery_viewset


hooks.register("register_bulk_action", ResendBulkAction)
