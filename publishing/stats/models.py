"""The numbers: one row per (page, channel, day), details per alert and quiz question, and
a record of each collection so that late or missing data is retried and marked, never invented.

`readers`, `completions`, `likes` and `comments` are null where a channel does not report
them (the reader pages count reads only; Douyin has no readers), so a sum never mistakes
"not reported" for zero.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

APP = "app"
WECHAT = "wechat"
DOUYIN = "douyin"
WEB = "web"
CHANNELS = (WECHAT, APP, WEB, DOUYIN)
CHANNEL_LABELS = {WECHAT: "微信公众号", APP: "App", WEB: "网页", DOUYIN: "抖音"}


class DailyStat(models.Model):
    """One page's numbers on one channel on one day (Beijing time)."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("页面"), on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("渠道"), max_length=16, choices=[(c, CHANNEL_LABELS[c]) for c in CHANNELS])
    day = models.DateField(_("日期"))
    reads = models.PositiveIntegerField(_("阅读次数"), default=0)
    readers = models.PositiveIntegerField(_("阅读人数"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("分享"), default=0)
    completions = models.PositiveIntegerField(_("读完"), null=True, blank=True)
    likes = models.PositiveIntegerField(_("点赞/在看"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("评论"), null=True, blank=True)

    class Meta:
        verbose_name = _("每日阅读数据")
        verbose_name_plural = _("每日阅读数据")
        constraints = [models.UniqueConstraint(fields=["page", "channel", "day"], name="stats_one_row_per_page_channel_day")]
        # Covers the view's range queries (per channel per week, top pages), so they read the index only.
        indexes = [models.Index(fields=["day", "channel", "page", "reads", "shares"], name="stats_day_cover")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.channel} {self.day}: {self.reads}"


class StatDetail(models.Model):
    """A count about one part of a page: an alert shared, a quiz question answered (or answered wrong)."""

    ALERT_SHARE = "alert_share"
    QUIZ_ANSWER = "quiz_answer"
    QUIZ_WRONG = "quiz_wrong"
    KINDS = [(ALERT_SHARE, _("预警被分享")), (QUIZ_ANSWER, _("问答作答")), (QUIZ_WRONG, _("问答答错"))]

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("页面"), on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("渠道"), max_length=16)
    day = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=16, choices=KINDS)
    subject = models.CharField(_("对象"), max_length=64, help_text=_("预警或问答的编号"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("阅读明细")
        verbose_name_plural = _("阅读明细")
        constraints = [models.UniqueConstraint(fields=["page", "channel", "day", "kind", "subject"],
                                               name="stats_one_detail_per_subject")]
        indexes = [models.Index(fields=["kind", "day", "page", "subject", "count"], name="stats_detail_cover")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.kind} {self.subject} {self.day}: {self.count}"


class CollectionStatus(models.TextChoices):
    DONE = "done", _("已完成")
    NOT_READY = "not_ready", _("平台数据未就绪")
    FAILED = "failed", _("失败，将重试")
    GAVE_UP = "gave_up", _("多次失败，数据缺失")
    NOT_CONFIGURED = "not_configured", _("渠道未配置")


class CollectionRun(models.Model):
    """The collection of one channel's numbers for one day: done, waiting for the platform, or failed."""

    channel = models.CharField(_("渠道"), max_length=16)
    day = models.DateField(_("日期"))
    status = models.CharField(_("状态"), max_length=16, choices=CollectionStatus.choices)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    items = models.PositiveIntegerField(_("条目数"), default=0)
    message = models.TextField(_("说明"), blank=True)
    seconds = models.FloatField(_("耗时（秒）"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("数据采集")
        verbose_name_plural = _("数据采集")
        constraints = [models.UniqueConstraint(fields=["channel", "day"], name="stats_one_run_per_channel_day")]

    def __str__(self) -> str:
        return f"{self.channel} {self.day}: {self.status}"


class AppStatsBatch(models.Model):
    """A batch of app events already counted: the app resends a batch under the same id, counted once."""

    batch_id = models.CharField(max_length=64, unique=True)
    events = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.batch_id


class DouyinSnapshot(models.Model):
    """The cumulative numbers Douyin last reported for a post; a day's numbers are the difference."""

    item_id = models.CharField(max_length=128)
    day = models.DateField()
    plays = models.PositiveBigIntegerField(default=0)
    diggs = models.PositiveBigIntegerField(default=0)
    comments = models.PositiveBigIntegerField(default=0)
    shares = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item_id", "day"], name="stats_one_snapshot_per_item_day")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.day}"
