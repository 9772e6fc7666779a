"""The brand's site setting: name, logo, colours, the company hotline and footer."""

import copy

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.memo import memoized
from themes.contrast import readable_colour_error

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("请填写 # 开头的六位十六进制颜色，例如 #C8102E。"))


@register_setting(icon="site")
class BrandSettings(BaseSiteSetting):
    """How the platform presents itself to readers and in the admin."""

    name = models.CharField(_("品牌名称"), max_length=40, default="金融常识")
    slogan = models.CharField(_("口号"), max_length=60, blank=True, default="懂金融，防诈骗")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(_("主色"), max_length=7, default="#0B5CAD", validators=[hex_colour])
    accent_colour = models.CharField(_("强调色"), max_length=7, default="#C8102E", validators=[hex_colour])
    company_name = models.CharField(_("公司名称"), max_length=60, default="示例金融科技有限公司")
    hotline_number = models.CharField(_("消保专线"), max_length=20, default="400-820-0000")
    service_hours = models.CharField(_("服务时间"), max_length=60, default="每天 9:00–21:00")
    footer_text = models.TextField(
        _("页脚文字"),
        blank=True,
        default="本平台内容仅用于金融知识普及，不构成任何投资或借贷建议。",
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slogan"), FieldPanel("logo")], heading=_("品牌")),
        MultiFieldPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")], heading=_("颜色")),
        MultiFieldPanel(
            [
                FieldPanel("company_name"),
                FieldPanel("hotline_number"),
                FieldPanel("service_hours"),
                FieldPanel("footer_text"),
            ],
            heading=_("联系方式与页脚"),
        ),
    ]

    class Meta:
        verbose_name = _("品牌设置")
        verbose_name_plural = _("品牌设置")

    def clean(self):
        super().clean()
        errors = {
            name: message
            for name in ("primary_colour", "accent_colour")
            if (message := readable_colour_error(getattr(self, name)))
        }
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_site(cls, site):
        """The site's brand setting, kept per process until something readers see changes.

        Every reader page needs it; saving it bumps the page-cache generation, which makes
        the next request load it again (core/memo.py). Each caller gets its own copy, since
        Wagtail attaches the request to the instance it returns.
        """
        if site is None:
            return super().for_site(site)
        return copy.copy(memoized(("brand-settings", site.pk), lambda: cls._load_for_site(site)))

    @classmethod
    def _load_for_site(cls, site):
        instance = super().for_site(site)
        instance.logo  # noqa: B018 - load the logo now, so copies share it instead of each querying
        return instance
