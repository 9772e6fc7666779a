"""The 投递 listing's bulk action: 重新投递 the selected deliveries, on purpose, after a confirmation.

A delivery that ended as 未配置, 失败 or 已取消 never goes out by itself; an operator picks the
ones to send in the listing and confirms. Only users who may act on deliveries
(`deliveries.change_delivery`: 市场运营 and 管理员) are offered the action, and a delivery
that cannot be sent now (published, still moving, its channel still without credentials)
is listed with the reason and left as it is.
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _

from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from . import services
from .models import Delivery

RESEND_PERMISSION = "deliveries.change_delivery"


class ResendBulkAction(BulkAction):
    """重新投递: queue each selected delivery again (as 重试 does for one), reporting what was refused."""

    display_name = _("重新投递")
    action_type = "resend"
    aria_label = _("重新投递选中的投递")
    template_name = "deliveries/bulk_actions/confirm_resend.html"
    action_priority = 10

    @classproperty
    def models(cls):
        return [Delivery]

    def check_perm(self, obj):
        return self.request.user.has_perm(RESEND_PERMISSION)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(RESEND_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def object_context(self, obj):
        return {"item": obj, "status": obj.display_status}

    def get_execution_context(self):
        return {"user": self.request.user, "refused": self.refused}

    def prepare_action(self, objects, objects_without_access):
        self.refused: list[str] = []

    @classmethod
    def execute_action(cls, objects, user=None, refused=None, **kwargs):
        sent = 0
        for delivery in objects:
            try:
                services.delivery_retry(delivery=delivery, user=user)
            except services.DeliveryActionError as error:
                if refused is not None:
                    refused.append(f"{delivery}：{error}")
            else:
                sent += 1
        return sent, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for reason in self.refused:
            messages.warning(self.request, reason)
        if not num_parent_objects:
            return None
        return f"已重新排队 {num_parent_objects} 条投递。"
