"""Stored render results: one row per render of a page in a theme and format, with its files."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def render_upload_to(instance, filename: str) -> str:
    """Where a render's files go: renders/<page id>/<format>/<theme>/<input hash>/<file name>."""
    result = instance if isinstance(instance, RenderResult) else instance.result
    return f"renders/{result.page_id}/{result.format}/{result.theme}/{result.input_hash[:20]}/{filename}"


class RenderResult(models.Model):
    """One render of one page (at one revision) in one theme and format.

    `input_hash` is the SHA-256 of everything the output depends on (the HTML laid out, the
    theme's files, the images, the engine version); a succeeded row with the same hash means
    the render is already done. Failed renders are kept too, with the message editors see, and
    never replace an earlier good one.
    """

    FORMAT_POSTER = "poster"
    FORMAT_PDF = "pdf"
    FORMAT_VIDEO = "video"
    FORMAT_CHOICES = [
        (FORMAT_POSTER, _("长图海报")),
        (FORMAT_PDF, _("PDF")),
        (FORMAT_VIDEO, _("竖版视频")),
    ]
    STATUS_SUCCEEDED = "succeeded"
    STATUS_FAILED = "failed"
    STATUS_CHOICES = [(STATUS_SUCCEEDED, _("成功")), (STATUS_FAILED, _("失败"))]

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("页面"), on_delete=models.CASCADE, related_name="render_results"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("修订版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme = models.CharField(_("主题"), max_length=40)
    format = models.CharField(_("格式"), max_length=10, choices=FORMAT_CHOICES)
    status = models.CharField(_("状态"), max_length=10, choices=STATUS_CHOICES, default=STATUS_SUCCEEDED)
    input_hash = models.CharField(_("输入哈希"), max_length=64, db_index=True)
    file = models.FileField(_("文件"), upload_to=render_upload_to, max_length=255, blank=True)
    bytes = models.PositiveBigIntegerField(_("字节数"), default=0)
    width = models.PositiveIntegerField(_("宽度"), null=True, blank=True, help_text=_("图片和视频为像素，PDF 为点（pt）"))
    height = models.PositiveIntegerField(_("高度"), null=True, blank=True)
    seconds = models.FloatField(_("耗时（秒）"), default=0)
    sha256 = models.CharField(_("内容哈希"), max_length=64, blank=True)
    warnings = models.JSONField(_("警告"), default=list, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    transcript = models.TextField(_("文字稿"), blank=True, help_text=_("海报的纯文本，用作图片的替代文字"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("渲染结果")
        verbose_name_plural = _("渲染结果")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["page", "format", "theme", "status"], name="render_page_format_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["input_hash"],
                condition=models.Q(status="succeeded"),
                name="render_one_success_per_input",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.theme} #{self.page_id} ({self.get_status_display()})"

    @property
    def succeeded(self) -> bool:
        return self.status == self.STATUS_SUCCEEDED


class RenderFile(models.Model):
    """A further file of a render: a poster slice, a cover, the thumbnail, the transcript."""

    KIND_CHOICES = [
        ("slice", _("切片")),
        ("cover_wide", _("横版封面 2.35:1")),
        ("cover_square", _("方形封面 1:1")),
        ("cover_tall", _("竖版封面 9:16")),
        ("thumbnail", _("缩略图")),
        ("transcript", _("文字稿")),
    ]

    result = models.ForeignKey(RenderResult, verbose_name=_("渲染结果"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("类型"), max_length=20, choices=KIND_CHOICES)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    file = models.FileField(_("文件"), upload_to=render_upload_to, max_length=255)
    bytes = models.PositiveBigIntegerField(_("字节数"), default=0)
    width = models.PositiveIntegerField(_("宽度"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高度"), null=True, blank=True)
    sha256 = models.CharField(_("内容哈希"), max_length=64)

    class Meta:
        verbose_name = _("渲染文件")
        verbose_name_plural = _("渲染文件")
        ordering = ["result", "kind", "position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position}"
