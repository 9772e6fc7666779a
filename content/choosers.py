"""The case-study chooser: every case study in one list, newest first, found by any words of its title.

Wagtail's page chooser starts at the tree's common ancestor (the home page) and its search
matches whole words, which a Chinese title has none of: "刷单" did not find 《兼职刷单，
三天被骗 3.8 万》. This chooser lists the case studies themselves and matches each word the
editor types (split on spaces, and a run of Chinese into its words: 兼职被骗 → 兼职, 被骗)
anywhere in the title, the summary or the fraud type's name.
It is Wagtail's generic `ChooserViewSet`, so the widget, the StreamField block and the modal
behave like every other chooser in the admin.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

CASE_STUDY_MODEL = "content.CaseStudyPage"


def words_filter(query: str, fields: tuple[str, ...]) -> Q:
    """A filter that holds when every whitespace-separated word of `query` is in one of `fields`.

    >>> words_filter("刷单 返利", ("title",))
    <Q: (AND: ('title__icontains', '刷单'), ('title__icontains', '返利'))>
    """
    condition = Q()
    for word in query.split():
        condition &= _anywhere(word, fields)
    return condition


def _anywhere(word: str, fields: tuple[str, ...]) -> Q:
    either = Q()
    for field in fields:
        either |= Q(**{f"{field}__icontains": word})
    return either


def chinese_words_filter(query: str, fields: tuple[str, ...]) -> Q:
    """`words_filter`, where a run of Chinese with no spaces also matches by its words (兼职被骗 → 兼职, 被骗).

    Each typed word is found as written, or else every word jieba finds in it is (content/search/tokens.py).
    """
    from .search.tokens import admin_words

    condition = Q()
    for word in query.split():
        parts = [part for part in admin_words(word) if part]
        either = _anywhere(word, fields)
        if len(parts) > 1:
            every = Q()
            for part in parts:
                every &= _anywhere(part, fields)
            either |= every
        condition &= either
    return condition


class CaseStudyFilterForm(BaseFilterForm):
    """Words to look for, and a fraud type to narrow the list to."""

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("标题里的字词，空格隔开，例如：刷单 返利")}),
    )
    fraud_type = forms.ModelChoiceField(
        label=_("诈骗类型"),
        queryset=None,
        required=False,
        empty_label=_("全部诈骗类型"),
    )

    SEARCH_FIELDS = ("title", "summary", "fraud_type__name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import FraudType

        self.fields["fraud_type"].queryset = FraudType.objects.all()

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(chinese_words_filter(query, self.SEARCH_FIELDS))
            self.is_searching = True
            self.search_query = query
        fraud_type = self.cleaned_data.get("fraud_type")
        if fraud_type is not None:
            objects = objects.filter(fraud_type=fraud_type)
        return objects


class CaseStudyChooserMixin:
    """What both the modal and its results view list: case studies with their type and state."""

    filter_form_class = CaseStudyFilterForm
    ordering = ["-latest_revision_created_at", "-pk"]

    def get_object_list(self):
        from .models import CaseStudyPage

        return CaseStudyPage.objects.select_related("fraud_type")

    @property
    def columns(self):
        return [
            self.title_column,
            Column("fraud_type", label=_("诈骗类型"), accessor=lambda page: page.fraud_type.name),
            Column("status", label=_("状态"), accessor=lambda page: _("已发布") if page.live else _("草稿")),
            DateColumn("latest_revision_created_at", label=_("更新时间")),
        ]


class CaseStudyChooseView(CaseStudyChooserMixin, ChooseView):
    pass


class CaseStudyChooseResultsView(CaseStudyChooserMixin, ChooseResultsView):
    pass


class CaseStudyChooserViewSet(ChooserViewSet):
    """选择案例: the modal behind the 案例引用 block and a bulletin alert's 相关案例."""

    model = CASE_STUDY_MODEL
    icon = "doc-full"
    choose_one_text = _("选择案例")
    choose_another_text = _("换一个案例")
    edit_item_text = _("编辑案例")
    page_title = _("选择案例")
    search_tab_label = _("搜索")
    per_page = 20
    choose_view_class = CaseStudyChooseView
    choose_results_view_class = CaseStudyChooseResultsView


case_study_chooser_viewset = CaseStudyChooserViewSet("case_study_chooser", url_prefix="case-study-chooser")
