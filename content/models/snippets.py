"""Snippets editors reuse across pages: fraud types (诈骗类型) and hotlines (热线)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class FraudType(index.Indexed, models.Model):
    """One kind of fraud in the glossary's taxonomy, e.g. 刷单返利."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    slug = models.SlugField(_("标识"), max_length=60, unique=True, allow_unicode=False)
    description = models.TextField(_("说明"), blank=True, help_text=_("这类诈骗的典型特征，一两句话"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("诈骗类型")
        verbose_name_plural = _("诈骗类型")

    def __str__(self) -> str:
        return self.name


class Hotline(models.Model):
    """A phone line readers can call: the national lines and the company's 消保专线."""

    name = models.CharField(_("名称"), max_length=40)
    number = models.CharField(_("号码"), max_length=20, help_text=_("读者看到并可点击拨打的号码"))
    description = models.CharField(_("用途"), max_length=120, blank=True)
    service_hours = models.CharField(_("服务时间"), max_length=60, blank=True)
    is_company_line = models.BooleanField(_("本公司热线"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("number"),
        FieldPanel("description"),
        FieldPanel("service_hours"),
        FieldPanel("is_company_line"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("热线")
        verbose_name_plural = _("热线")

    def __str__(self) -> str:
        return f"{self.name} {self.number}"

    @property
    def tel_href(self) -> str:
        """The `tel:` link for the number, digits only."""
        return "tel:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+")
