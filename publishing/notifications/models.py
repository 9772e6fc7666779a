"""通知设置 (who hears about what) and the outbox of notifications, one row per (event, target).

The robots' keys and secrets are not here: they come from the environment (see robots.py)
and never reach the database, the admin or a log.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

WECOM = "wecom"
DINGTALK = "dingtalk"
FEISHU = "feishu"
EMAIL = "email"
TARGETS = (WECOM, DINGTALK, FEISHU, EMAIL)
TARGET_LABELS = {WECOM: "企业微信", DINGTALK: "钉钉", FEISHU: "飞书", EMAIL: "邮件"}

DELIVERY_FAILED = "delivery_failed"
UPLOAD_WAITING = "upload_waiting"
REVIEW_WAITING = "review_waiting"
MASS_SENT = "mass_sent"
WEEKLY_REPORT = "weekly_report"
EVENTS = (DELIVERY_FAILED, UPLOAD_WAITING, REVIEW_WAITING, MASS_SENT, WEEKLY_REPORT)
EVENT_LABELS = {
    DELIVERY_FAILED: _("投递失败"),
    UPLOAD_WAITING: _("视频号待上传"),
    REVIEW_WAITING: _("页面待审核"),
    MASS_SENT: _("群发完成"),
    WEEKLY_REPORT: _("运营周报"),
}


def _route(target: str, default: bool) -> models.BooleanField:
    return models.BooleanField(TARGET_LABELS[target], default=default)


@register_setting(icon="mail")
class NotificationSettings(BaseSiteSetting):
    """通知设置: for each event, which robots (and e-mail) are told."""

    delivery_failed_wecom = _route(WECOM, True)
    delivery_failed_dingtalk = _route(DINGTALK, True)
    delivery_failed_feishu = _route(FEISHU, True)
    delivery_failed_email = _route(EMAIL, True)
    upload_waiting_wecom = _route(WECOM, True)
    upload_waiting_dingtalk = _route(DINGTALK, True)
    upload_waiting_feishu = _route(FEISHU, True)
    upload_waiting_email = _route(EMAIL, False)
    review_waiting_wecom = _route(WECOM, True)
    review_waiting_dingtalk = _route(DINGTALK, True)
    review_waiting_feishu = _route(FEISHU, True)
    review_waiting_email = _route(EMAIL, False)
    mass_sent_wecom = _route(WECOM, True)
    mass_sent_dingtalk = _route(DINGTALK, True)
    mass_sent_feishu = _route(FEISHU, True)
    mass_sent_email = _route(EMAIL, False)
    weekly_report_wecom = _route(WECOM, True)
    weekly_report_dingtalk = _route(DINGTALK, True)
    weekly_report_feishu = _route(FEISHU, True)
    weekly_report_email = _route(EMAIL, True)
    email_recipients = models.TextField(
        _("收件人"), blank=True, help_text=_("接收通知邮件的地址，每行一个。"),
    )

    panels = [
        HelpPanel(content=_(
            "机器人的 Webhook 地址、密钥由运维在环境变量中设置（NOTIFY_WECOM_KEY、NOTIFY_DINGTALK_TOKEN、"
            "NOTIFY_DINGTALK_SECRET、NOTIFY_FEISHU_HOOK、NOTIFY_FEISHU_SECRET），未设置的机器人不发送。"
            "通知发送失败不会影响发布。"
        )),
        *[
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel(f"{event}_{target}") for target in TARGETS])], heading=EVENT_LABELS[event]
            )
            for event in EVENTS
        ],
        FieldPanel("email_recipients"),
    ]

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def targets_for(self, event: str) -> list[str]:
        """The targets switched on for `event`, in the order of TARGETS."""
        return [target for target in TARGETS if getattr(self, f"{event}_{target}", False)]

    @property
    def email_list(self) -> list[str]:
        return [line.strip() for line in self.email_recipients.replace(",", "\n").splitlines() if line.strip()]


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("失败")
    SKIPPED = "skipped", _("未配置，跳过")


class Notification(models.Model):
    """One message to one target. `key` makes an event's notice unique per target, so a
    retried delivery or a repeated signal never tells the team twice."""

    key = models.CharField(_("事件键"), max_length=200)
    event = models.CharField(_("事件"), max_length=32, choices=[(e, EVENT_LABELS[e]) for e in EVENTS])
    target = models.CharField(_("发送到"), max_length=16, choices=[(t, TARGET_LABELS[t]) for t in TARGETS])
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"))
    link = models.URLField(_("链接"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=NotificationStatus.choices,
                              default=NotificationStatus.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    due_at = models.DateTimeField(_("计划发送"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["key", "target"], name="notifications_one_per_event_target")]
        indexes = [models.Index(fields=["target", "sent_at"], name="notifications_target_sent")]

    def __str__(self) -> str:
        return f"{self.get_target_display()}：{self.title}"
