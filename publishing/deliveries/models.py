"""Deliveries: one push of one page revision to one channel, its attempts, and the channel settings.

A `Delivery` is unique per (revision, channel): publishing the same revision twice does not
push it twice. Its `external_ids` hold every id a channel got back (uploaded image URLs,
media ids, the publish id, the article URL …) the moment it got it, so a delivery resumes
from the last recorded step. `lease_*` marks the worker currently on it: a lease that ran
out while the delivery was still being sent means that worker died.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import PanelPlaceholder

from content.page_types import page_type_key
from publishing.channels.base import APP, DOUYIN, WECHAT, WECHAT_CHANNELS


class ChannelName(models.TextChoices):
    """The channels a delivery can go to, by name (the channel classes are publishing/channels/)."""

    APP = APP, "App"
    WECHAT = WECHAT, _("微信公众号")
    DOUYIN = DOUYIN, _("抖音")
    WECHAT_CHANNELS = WECHAT_CHANNELS, _("视频号")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    RENDERING = "rendering", _("渲染中")
    SENDING = "sending", _("发送中")
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待人工确认")
    PUBLISHED = "published", _("已发布")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")
    NOT_CONFIGURED = "not_configured", _("未配置")


class DeliveryEvent(models.TextChoices):
    PUBLISHED = "published", _("首次发布")
    UPDATED = "updated", _("更新")


class RetractionStatus(models.TextChoices):
    NONE = "", _("未撤回")
    REQUESTED = "requested", _("撤回中")
    RETRACTED = "retracted", _("已撤回")
    MANUAL = "manual", _("需人工撤回")
    FAILED = "failed", _("撤回失败")


ACTIVE_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RENDERING, DeliveryStatus.SENDING)
# 未配置 is final too: a delivery whose channel had no credentials never goes out by itself
# later (credentials set, a worker started, `deliveries --resume`); an operator sends it on
# purpose (重新投递 in the 投递 listing, 重试, or `manage.py distribute`).
FINAL_STATUSES = (DeliveryStatus.PUBLISHED, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED, DeliveryStatus.NOT_CONFIGURED)
NOT_CONFIGURED_CODE = "not_configured"


class Delivery(models.Model):
    """One revision of one page pushed to one channel."""

    key = models.UUIDField(_("投递编号"), default=uuid.uuid4, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("页面"), null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("版本"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_title = models.CharField(_("页面标题"), max_length=255)
    channel = models.CharField(_("渠道"), max_length=32, choices=ChannelName.choices)
    event = models.CharField(_("类型"), max_length=16, choices=DeliveryEvent.choices, default=DeliveryEvent.PUBLISHED)
    status = models.CharField(
        _("状态"), max_length=32, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    status_message = models.TextField(_("说明"), blank=True)
    error_code = models.CharField(_("错误码"), max_length=64, blank=True)
    step = models.CharField(_("最近完成的步骤"), max_length=64, blank=True)
    external_ids = models.JSONField(_("外部编号"), default=dict, blank=True)
    external_url = models.URLField(_("发布链接"), max_length=1000, blank=True)
    attempt_count = models.PositiveIntegerField(_("发送次数"), default=0)
    poll_count = models.PositiveIntegerField(_("查询次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    retraction_status = models.CharField(
        _("撤回"), max_length=16, choices=RetractionStatus.choices, default=RetractionStatus.NONE, blank=True
    )
    retraction_message = models.TextField(_("撤回说明"), blank=True)
    retracted_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view", "change")
        constraints = [
            models.UniqueConstraint(fields=["revision", "channel"], name="deliveries_one_per_revision_and_channel"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="deliveries_status_next"),
            models.Index(fields=["page", "channel"], name="deliveries_page_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.page_title} → {self.get_channel_display()}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def display_status(self) -> str:
        """The status as editors read it, e.g. 未配置 or 已发布 · 已撤回."""
        label = str(self.get_status_display())
        if self.retraction_status:
            return f"{label} · {self.get_retraction_status_display()}"
        return label

    @property
    def revision_label(self) -> str:
        return f"#{self.revision_id}" if self.revision_id else "—"


class AttemptKind(models.TextChoices):
    SEND = "send", _("发送")
    POLL = "poll", _("查询结果")
    RETRACT = "retract", _("撤回")


class AttemptOutcome(models.TextChoices):
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("成功")
    WAITING = "waiting", _("等待中")
    TRANSIENT = "transient", _("临时错误")
    PERMANENT = "permanent", _("失败")
    NOT_CONFIGURED = "not_configured", _("渠道未配置")
    INTERRUPTED = "interrupted", _("中断")
    CANCELLED = "cancelled", _("已取消")


class DeliveryAttempt(models.Model):
    """One try at sending, polling or retracting a delivery, with its times and error."""

    delivery = models.ForeignKey(Delivery, verbose_name=_("投递"), on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(_("操作"), max_length=16, choices=AttemptKind.choices)
    number = models.PositiveIntegerField(_("第几次"))
    started_at = models.DateTimeField(_("开始"))
    finished_at = models.DateTimeField(_("结束"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=AttemptOutcome.choices, default=AttemptOutcome.RUNNING)
    step = models.CharField(_("完成到"), max_length=64, blank=True)
    error_code = models.CharField(_("错误码"), max_length=64, blank=True)
    message = models.TextField(_("说明"), blank=True)
    detail = models.TextField(_("平台原始返回"), blank=True)

    class Meta:
        verbose_name = _("投递尝试")
        verbose_name_plural = _("投递尝试")
        ordering = ["started_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.number}: {self.get_outcome_display()}"

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()




def _flag(label: str, default: bool) -> models.BooleanField:
    return models.BooleanField(label, default=default)


@register_setting(icon="sliders")
class ChannelSettings(BaseSiteSetting):
    """Which channels each page type goes to when it is published (渠道设置)."""

    article_app = _flag("App", True)
    article_wechat = _flag(_("微信公众号"), True)
    article_douyin = _flag(_("抖音"), False)
    article_wechat_channels = _flag(_("视频号"), False)
    case_study_app = _flag("App", True)
    case_study_wechat = _flag(_("微信公众号"), True)
    case_study_douyin = _flag(_("抖音"), False)
    case_study_wechat_channels = _flag(_("视频号"), False)
    bulletin_app = _flag("App", True)
    bulletin_wechat = _flag(_("微信公众号"), True)
    bulletin_douyin = _flag(_("抖音"), True)
    bulletin_wechat_channels = _flag(_("视频号"), True)
    redeliver_on_update = models.BooleanField(
        _("更新后再次推送公众号和短视频"),
        default=False,
        help_text=_(
            "关闭时，已推送过的页面再次发布只通知 App（内容更新），不在公众号、抖音、视频号重复发布。"
            "开启后每次发布都会发一篇新文章或新视频，旧的不会自动删除。"
        ),
    )

    panels = [
        # Built when the admin asks for the form (Wagtail's own way for models, which import no admin code).
        PanelPlaceholder("publishing.deliveries.panels.ChannelStatusPanel", [], {"heading": _("渠道状态")}),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel(f"article_{name}") for name in (APP, WECHAT, DOUYIN, WECHAT_CHANNELS)])],
            heading=_("文章"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel(f"case_study_{name}") for name in (APP, WECHAT, DOUYIN, WECHAT_CHANNELS)])],
            heading=_("案例分析"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel(f"bulletin_{name}") for name in (APP, WECHAT, DOUYIN, WECHAT_CHANNELS)])],
            heading=_("防诈周报"),
        ),
        FieldPanel("redeliver_on_update"),
    ]

    class Meta:
        verbose_name = _("渠道设置")
        verbose_name_plural = _("渠道设置")

    def channels_for(self, page_model) -> list[str]:
        """The channel names enabled for `page_model` (a page class), in the usual order."""
        prefix = page_type_key(page_model)
        if prefix is None:
            return []
        return [name for name in (APP, WECHAT, DOUYIN, WECHAT_CHANNELS) if getattr(self, f"{prefix}_{name}")]
