"""Page types: the home page, the four columns, articles, case studies and weekly bulletins."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from core.memo import memoized
from themes.catalogue import COLUMN_BLANK_LABEL, theme_clean_error, theme_select_widget
from themes.contrast import readable_colour_error

from ..api import (
    ColumnField,
    FraudTypeField,
    FraudTypeListField,
    ReaderCaseStudyField,
    cover_api_field,
)
from ..blocks import RICH_TEXT_FEATURES, BodyBlock
from ..choosers import case_study_chooser_viewset
from ..compliance_views import ComplianceFindingsPanel, CompliancePreviewMixin
from ..extensions import READER_PAGE_PANELS_HOOK, PanelsFromHooks, preview_modes_plugged
from ..money import yuan_label
from ..page_forms import PinyinSlugPageForm, ReaderPageForm
from ..search.tokens import index_tokens
from .addresses import PublicAddressMixin
from .brand import hex_colour
from .slugs import PinyinSlugMixin

COLUMN_CREDIT = "credit"
COLUMN_LOANS = "loans"
COLUMN_AML = "aml"
COLUMN_ANTIFRAUD = "antifraud"
COLUMN_CHOICES = [
    (COLUMN_CREDIT, _("征信")),
    (COLUMN_LOANS, _("信贷")),
    (COLUMN_AML, _("反洗钱")),
    (COLUMN_ANTIFRAUD, _("反诈骗")),
]
ICON_CHOICES = [
    ("report", _("信用报告")),
    ("loan", _("借贷")),
    ("shield", _("盾牌")),
    ("alert", _("警报")),
]


class ReaderPage(PinyinSlugMixin, PublicAddressMixin, CompliancePreviewMixin, Page):
    """What every reader-facing content page shares: a summary, a cover and share metadata."""

    summary = models.TextField(
        _("摘要"),
        max_length=120,
        blank=True,
        help_text=_("列表、分享卡片和公众号摘要中显示，120 字以内"),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("分享卡片和列表使用；建议 900×383 或更大"),
    )
    poster_theme = models.CharField(
        _("海报主题"),
        max_length=40,
        blank=True,
        help_text=_("生成长图海报和 PDF 时使用的主题；留空时使用栏目的默认主题"),
    )

    search_fields = Page.search_fields + [index.SearchField("search_tokens")]
    api_fields = ["summary", cover_api_field(), APIField("column", serializer=ColumnField())]
    # The higher layers' panels (publishing: the page's deliveries and renders), see content/extensions.py.
    settings_panels = PanelsFromHooks(Page.settings_panels, READER_PAGE_PANELS_HOOK)
    # Its clean adds what the higher layers' checks find (publishing: what a channel would reject).
    base_form_class = ReaderPageForm

    class Meta:
        abstract = True

    def search_text(self) -> str:
        """All the text a reader could search for on this page, as plain text."""
        return " ".join([self.title, self.summary])

    @property
    def search_tokens(self) -> str:
        return index_tokens(self.search_text())

    @property
    def share_description(self) -> str:
        return self.summary or strip_tags(self.search_text())[:120]

    @cached_property
    def column(self):
        """The column (ColumnPage) this page lives under, or None.

        The four columns are kept per process until a publish or move changes the tree
        (core/memo.py); the column is the one whose tree path starts this page's.
        """
        columns = memoized(("columns",), lambda: list(ColumnPage.objects.order_by("path")))
        for column in columns:
            if self.path and self.path.startswith(column.path) and self.path != column.path:
                return column
        return None

    @property
    def preview_modes(self):
        """The H5 page, plus the modes the higher layers plug in (publishing: the poster and the PDF)."""
        return [*super().preview_modes, *((mode.name, mode.label) for mode in preview_modes_plugged())]

    def serve_preview(self, request, mode_name):
        for mode in preview_modes_plugged():
            if mode.name == mode_name:
                return mode.serve(page=self, request=request, mode=mode_name)
        return super().serve_preview(request, mode_name)

    def clean(self):
        super().clean()
        message = theme_clean_error(self.poster_theme)
        if message:
            raise ValidationError({"poster_theme": message})


class HomePage(PinyinSlugMixin, PublicAddressMixin, Page):
    """The site's front page: the latest bulletin, the four columns and recent pieces."""

    base_form_class = PinyinSlugPageForm

    intro = models.TextField(_("导语"), blank=True, max_length=200)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.ColumnPage"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def route(self, request, path_components):
        """Find the page at `path_components` with one lookup by URL path, not one query per level.

        Wagtail's default walks the tree a level at a time and loads each level's specific
        page. None of the page types under the home page routes sub-paths of its own, so the
        page whose url_path matches is the answer; it must be live, as Wagtail requires.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = Page.objects.filter(url_path=url_path).specific().first()
        if page is None:
            raise Http404
        return page.route(request, [])

    def get_context(self, request, *args, **kwargs):
        from ..selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(home=self))
        return context


class ColumnPage(PinyinSlugMixin, PublicAddressMixin, Page):
    """One of the four columns (栏目): 征信, 信贷, 反洗钱, 反诈骗."""

    base_form_class = PinyinSlugPageForm

    column_key = models.CharField(_("栏目"), max_length=20, choices=COLUMN_CHOICES, unique=True)
    intro = models.TextField(_("栏目介绍"), max_length=300)
    colour = models.CharField(
        _("主题色"), max_length=7, default="#0B5CAD", validators=[hex_colour],
        help_text=_("栏目页头部和标签的颜色，例如 #0B5CAD"),
    )
    icon = models.CharField(_("图标"), max_length=20, choices=ICON_CHOICES, default="report")
    default_poster_theme = models.CharField(
        _("默认海报主题"),
        max_length=40,
        blank=True,
        help_text=_("本栏目页面生成海报时默认使用的主题，例如反诈骗栏目用醒目的红色主题"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("column_key"),
        FieldPanel("intro"),
        FieldRowPanel(
            [FieldPanel("colour"), FieldPanel("icon"), FieldPanel(
                    "default_poster_theme", widget=theme_select_widget(blank_label=COLUMN_BLANK_LABEL)
                )],
            heading=_("外观"),
        ),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ArticlePage", "content.CaseStudyPage", "content.BulletinPage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = ["column_key", "intro", "colour", "icon"]

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def clean(self):
        super().clean()
        errors = {}
        if message := theme_clean_error(self.default_poster_theme):
            errors["default_poster_theme"] = message
        if message := readable_colour_error(self.colour):
            errors["colour"] = message
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import column_context

        context = super().get_context(request, *args, **kwargs)
        context.update(column_context(column=self, page_number=request.GET.get("page")))
        return context


class ArticlePage(ReaderPage):
    """文章: an explainer in a column, written as a stream of blocks."""

    author = models.CharField(_("作者"), max_length=16, default="消保团队")
    body = StreamField(BodyBlock(), verbose_name=_("正文"))
    fraud_types = ParentalManyToManyField(
        "content.FraudType", verbose_name=_("相关诈骗类型"), blank=True, related_name="+"
    )

    content_panels = [ComplianceFindingsPanel()] + Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("poster_theme", widget=theme_select_widget()),
        FieldPanel("author"),
        FieldPanel("body"),
        FieldPanel("fraud_types", widget=forms.CheckboxSelectMultiple),
    ]
    api_fields = ReaderPage.api_fields + [
        "author", "body", APIField("fraud_types", serializer=FraudTypeListField()),
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")

    def search_text(self) -> str:
        return " ".join([super().search_text(), *self.body.stream_block.get_searchable_content(self.body)])


class CaseStudyPage(ReaderPage):
    """案例分析: a fraud or mis-selling case told in the glossary's five sections."""

    SECTIONS = [
        ("story", _("案情经过")),
        ("technique", _("作案手法")),
        ("red_flags", _("识别要点")),
        ("prevention", _("防范建议")),
        ("aftermath", _("受骗后怎么办")),
    ]

    fraud_type = models.ForeignKey(
        "content.FraudType", verbose_name=_("诈骗类型"), on_delete=models.PROTECT, related_name="case_studies"
    )
    loss_amount = models.DecimalField(
        _("损失金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("不清楚时留空"),
    )
    region = models.CharField(_("地区"), max_length=40, blank=True, help_text=_("例如：浙江杭州"))
    occurred_on = models.DateField(_("案发日期"), null=True, blank=True)
    story = RichTextField(_("案情经过"), features=RICH_TEXT_FEATURES)
    technique = RichTextField(_("作案手法"), features=RICH_TEXT_FEATURES)
    red_flags = RichTextField(_("识别要点"), features=RICH_TEXT_FEATURES)
    prevention = RichTextField(_("防范建议"), features=RICH_TEXT_FEATURES)
    aftermath = RichTextField(_("受骗后怎么办"), features=RICH_TEXT_FEATURES)
    body = StreamField(BodyBlock(), verbose_name=_("补充内容"), blank=True)

    content_panels = [ComplianceFindingsPanel()] + Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("poster_theme", widget=theme_select_widget()),
        MultiFieldPanel(
            [
                FieldPanel("fraud_type"),
                FieldRowPanel([FieldPanel("loss_amount"), FieldPanel("region"), FieldPanel("occurred_on")]),
            ],
            heading=_("案件信息"),
        ),
        FieldPanel("story"),
        FieldPanel("technique"),
        FieldPanel("red_flags"),
        FieldPanel("prevention"),
        FieldPanel("aftermath"),
        FieldPanel("body"),
    ]
    api_fields = ReaderPage.api_fields + [
        APIField("fraud_type", serializer=FraudTypeField()), "loss_amount", "region", "occurred_on",
        "story", "technique", "red_flags", "prevention", "aftermath", "body",
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("案例分析")
        verbose_name_plural = _("案例分析")

    @property
    def loss_amount_label(self) -> str:
        """The loss as readers read it ("52.6 万元"), the same on the page, the poster and in WeChat."""
        return yuan_label(self.loss_amount)

    @property
    def sections(self) -> list[dict]:
        """The five sections in reading order, each as {key, title, html}."""
        return [
            {"key": key, "title": title, "html": getattr(self, key)}
            for key, title in self.SECTIONS
            if getattr(self, key)
        ]

    def search_text(self) -> str:
        parts = [super().search_text(), self.fraud_type.name if self.fraud_type_id else "", self.region]
        parts += [strip_tags(getattr(self, key)) for key, _title in self.SECTIONS]
        parts += self.body.stream_block.get_searchable_content(self.body)
        return " ".join(parts)


class BulletinPage(ReaderPage):
    """防诈周报: one issue a week with a lead warning, alert items and a tip of the week."""

    issue_number = models.PositiveIntegerField(
        _("期号"), unique=True, validators=[MinValueValidator(1)], help_text=_("第 N 期，按周递增，不能重复")
    )
    week_start = models.DateField(_("本周开始"))
    week_end = models.DateField(_("本周结束"))
    lead_warning = models.TextField(_("本周预警"), max_length=300)
    tip_of_week = models.TextField(_("本周提示"), max_length=300)
    body = StreamField(BodyBlock(), verbose_name=_("补充内容"), blank=True)

    content_panels = [ComplianceFindingsPanel()] + Page.content_panels + [
        FieldRowPanel(
            [FieldPanel("issue_number"), FieldPanel("week_start"), FieldPanel("week_end")],
            heading=_("期号与日期"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("poster_theme", widget=theme_select_widget()),
        FieldPanel("lead_warning"),
        InlinePanel("alerts", label=_("预警条目"), min_num=1, max_num=10),
        FieldPanel("tip_of_week"),
        FieldPanel("body"),
    ]
    api_fields = ReaderPage.api_fields + [
        "issue_number", "week_start", "week_end", "lead_warning", "alerts", "tip_of_week", "body",
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("防诈周报")
        verbose_name_plural = _("防诈周报")
        ordering = ["-issue_number"]

    @classmethod
    def can_create_at(cls, parent) -> bool:
        """Bulletins live only under the anti-fraud column."""
        if not super().can_create_at(parent):
            return False
        specific = parent.specific
        return isinstance(specific, ColumnPage) and specific.column_key == COLUMN_ANTIFRAUD

    @property
    def issue_label(self) -> str:
        return f"第 {self.issue_number} 期"

    @property
    def date_range_label(self) -> str:
        if not (self.week_start and self.week_end):
            return ""
        return f"{self.week_start:%Y.%m.%d}–{self.week_end:%m.%d}"

    def clean(self):
        super().clean()
        errors = {}
        if self.week_start and self.week_end:
            if self.week_end < self.week_start:
                errors["week_end"] = _("本周结束日期不能早于开始日期。")
            elif self.week_end - self.week_start > datetime.timedelta(days=6):
                errors["week_end"] = _("一期周报最多覆盖 7 天。")
        if self.issue_number and self.week_start:
            others = BulletinPage.objects.exclude(pk=self.pk)
            earlier_later = others.filter(issue_number__lt=self.issue_number, week_start__gte=self.week_start)
            later_earlier = others.filter(issue_number__gt=self.issue_number, week_start__lte=self.week_start)
            clash = earlier_later.order_by("-issue_number").first() or later_earlier.order_by("issue_number").first()
            if clash:
                errors["issue_number"] = _(
                    "期号与日期顺序不一致：第 %(number)s 期的开始日期是 %(date)s。期号越大，日期应越晚。"
                ) % {"number": clash.issue_number, "date": clash.week_start}
        if errors:
            raise ValidationError(errors)

    def search_text(self) -> str:
        parts = [super().search_text(), self.issue_label, self.lead_warning, self.tip_of_week]
        for alert in self.alerts.all():
            parts += [alert.title, alert.body, alert.fraud_type.name if alert.fraud_type_id else ""]
        parts += self.body.stream_block.get_searchable_content(self.body)
        return " ".join(parts)


class BulletinAlert(Orderable):
    """One alert item of a bulletin, tied to a fraud type."""

    page = ParentalKey(BulletinPage, on_delete=models.CASCADE, related_name="alerts")
    fraud_type = models.ForeignKey(
        "content.FraudType", verbose_name=_("诈骗类型"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=40)
    body = models.TextField(_("内容"), max_length=400)
    case_study = models.ForeignKey(
        "content.CaseStudyPage",
        verbose_name=_("相关案例"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("fraud_type"),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("case_study", widget=case_study_chooser_viewset.widget_class),
    ]
    api_fields = [
        APIField("fraud_type", serializer=FraudTypeField()), "title", "body",
        APIField("case_study", serializer=ReaderCaseStudyField()),
    ]

    class Meta(Orderable.Meta):
        # Alerts made in code may share a sort_order; the order they were added breaks the tie.
        ordering = ["sort_order", "pk"]
        verbose_name = _("预警条目")
        verbose_name_plural = _("预警条目")

    def __str__(self) -> str:
        return self.title
