"""公众号设置: per page type, whether the WeChat article is text, the long poster, or both, and
whether it goes out by 发布 (freepublish) or 群发 (mass send); the test readers for phone previews.

A site setting of its own (not more fields on 渠道设置) so that it migrates in its own app.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from content.page_types import page_type_key

FORMAT_TEXT = "text"
FORMAT_POSTER = "poster"
FORMAT_BOTH = "both"
MODE_PUBLISH = "publish"
MODE_MASS = "mass"
# A WeChat ID: 6-20 characters, a letter first, then letters, digits, - and _.
WECHAT_ID = re.compile(r"^[A-Za-z][-_A-Za-z0-9]{5,19}$")
PREVIEW_RECIPIENTS_MAX = 20


class ArticleFormat(models.TextChoices):
    TEXT = FORMAT_TEXT, _("图文（正文排版）")
    POSTER = FORMAT_POSTER, _("长图（海报切片）")
    BOTH = FORMAT_BOTH, _("长图 + 图文（长图在上，文字版在下）")


class SendMode(models.TextChoices):
    PUBLISH = MODE_PUBLISH, _("发布（不通知粉丝）")
    MASS = MODE_MASS, _("群发（推送给粉丝，占用群发次数）")


def _format(default: str) -> models.CharField:
    return models.CharField(_("文章形式"), max_length=10, choices=ArticleFormat.choices, default=default)


def _mode(default: str) -> models.CharField:
    return models.CharField(_("发送方式"), max_length=10, choices=SendMode.choices, default=default)


def parse_wechat_ids(text: str) -> list[str]:
    """The WeChat IDs in `text` (one per line, or separated by commas or spaces), in order, once each."""
    ids = []
    for item in re.split(r"[\s,，、;；]+", text or ""):
        if item and item not in ids:
            ids.append(item)
    return ids


@register_setting(icon="mail")
class WechatSettings(BaseSiteSetting):
    """公众号设置: the article's form and the way out for each page type; preview recipients."""

    article_format = _format(FORMAT_TEXT)
    article_mode = _mode(MODE_PUBLISH)
    case_study_format = _format(FORMAT_TEXT)
    case_study_mode = _mode(MODE_PUBLISH)
    bulletin_format = _format(FORMAT_BOTH)
    bulletin_mode = _mode(MODE_MASS)
    preview_wechat_ids = models.TextField(
        _("预览微信号"),
        blank=True,
        help_text=_("「发送预览到手机」发给这些微信号（每行一个，最多 20 个）。对方须已关注公众号。"),
    )

    panels = [
        HelpPanel(content=_(
            "长图：周报的长图海报按顺序切片上传，在手机上无缝拼成一张图，图片的替代文字取自海报文字稿；"
            "「长图 + 图文」在长图下方再附文字版，便于搜索和读屏。"
            "群发会推送到粉丝的会话并显示在公众号主页，订阅号每天只能群发 1 次；发布只生成链接，不通知任何人。"
            "页面更新后再次推送时一律用「发布」，不会重复群发。"
        )),
        MultiFieldPanel([FieldRowPanel([FieldPanel("article_format"), FieldPanel("article_mode")])], heading=_("文章")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("case_study_format"), FieldPanel("case_study_mode")])],
                        heading=_("案例分析")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("bulletin_format"), FieldPanel("bulletin_mode")])],
                        heading=_("防诈周报")),
        FieldPanel("preview_wechat_ids"),
    ]

    class Meta:
        verbose_name = _("公众号设置")
        verbose_name_plural = _("公众号设置")

    def clean(self):
        super().clean()
        ids = parse_wechat_ids(self.preview_wechat_ids)
        bad = [item for item in ids if not WECHAT_ID.match(item)]
        if bad:
            raise ValidationError({"preview_wechat_ids": _("这些不是有效的微信号：%(ids)s（6–20 位，字母开头，可含字母、数字、-、_）")
                                   % {"ids": "、".join(bad[:5])}})
        if len(ids) > PREVIEW_RECIPIENTS_MAX:
            raise ValidationError({"preview_wechat_ids": _("预览微信号最多 %(n)d 个。") % {"n": PREVIEW_RECIPIENTS_MAX}})
        self.preview_wechat_ids = "\n".join(ids)

    @property
    def preview_recipients(self) -> list[str]:
        return parse_wechat_ids(self.preview_wechat_ids)

    def _prefix(self, page_model) -> str | None:
        return page_type_key(page_model)

    def format_for(self, page_model) -> str:
        """FORMAT_TEXT, FORMAT_POSTER or FORMAT_BOTH for a page class (text for unknown types)."""
        prefix = self._prefix(page_model)
        return getattr(self, f"{prefix}_format") if prefix else FORMAT_TEXT

    def mode_for(self, page_model) -> str:
        """MODE_PUBLISH or MODE_MASS for a page class (publish for unknown types)."""
        prefix = self._prefix(page_model)
        return getattr(self, f"{prefix}_mode") if prefix else MODE_PUBLISH


class MassSendReport(models.Model):
    """WeChat's report of a finished 群发 (the MASSSENDJOBFINISH event): how many followers it reached."""

    msg_id = models.CharField(_("群发编号"), max_length=32, unique=True)
    status = models.CharField(_("结果"), max_length=64)
    total = models.PositiveIntegerField(_("粉丝总数"), default=0)
    filtered = models.PositiveIntegerField(_("过滤后应发送"), default=0)
    sent = models.PositiveIntegerField(_("发送成功"), default=0)
    errors = models.PositiveIntegerField(_("发送失败"), default=0)
    received_at = models.DateTimeField(_("收到时间"), auto_now=True)

    class Meta:
        verbose_name = _("群发结果")
        verbose_name_plural = _("群发结果")

    def __str__(self) -> str:
        return f"{self.msg_id}: {self.status}"

    @property
    def summary(self) -> str:
        """The counts in one Chinese sentence, for the team's chat and the delivery's page."""
        return f"应发送 {self.filtered} 人，成功 {self.sent} 人，失败 {self.errors} 人（粉丝共 {self.total} 人）"


class PreviewDraft(models.Model):
    """A draft made for a phone preview: WeChat previews only drafts, so each preview leaves one in the
    account's draft box until the platform deletes it (preview_drafts.py)."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("页面"), on_delete=models.CASCADE, related_name="+")
    media_id = models.CharField(_("草稿编号"), max_length=128, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("预览草稿")
        verbose_name_plural = _("预览草稿")

    def __str__(self) -> str:
        return self.media_id
