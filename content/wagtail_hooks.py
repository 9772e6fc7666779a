"""Admin registrations for the content app: snippet viewsets, the role rules for page types, 读者在问."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.roles import user_can_author

from .admin_views import bulletin_copy_response
from .choosers import case_study_chooser_viewset
from .models import BulletinPage, ColumnPage, FraudType, HomePage, Hotline
from .search.admin_views import ReaderQuestionsView, user_sees_reader_questions
from .search.questions import unanswered_for_month


class FraudTypeViewSet(SnippetViewSet):
    model = FraudType
    icon = "warning"
    menu_label = _("诈骗类型")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class HotlineViewSet(SnippetViewSet):
    model = Hotline
    icon = "mobile-alt"
    menu_label = _("热线")
    list_display = ["name", "number", "service_hours", "is_company_line"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (FraudTypeViewSet, HotlineViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("资料库")
    menu_name = "reference-data"


register_snippet(ReferenceDataGroup)


@hooks.register("before_create_page")
def refuse_page_types_outside_role(request, parent_page, page_class):
    """内容编辑 write articles and case studies, 市场运营 bulletins; columns and home are for 管理员."""
    if not user_can_author(request.user, page_class):
        messages.error(
            request,
            _("您的角色不能创建“%(type)s”页面，请联系管理员。") % {"type": page_class._meta.verbose_name},
        )
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


@hooks.register("before_edit_page")
def refuse_editing_outside_role(request, page):
    """Editing follows the same page-type rules as creating, except for reviewers on a workflow task."""
    page_class = page.specific_class or type(page)
    if user_can_author(request.user, page_class):
        return None
    workflow_state = page.current_workflow_state
    if workflow_state and workflow_state.current_task_state:
        task = workflow_state.current_task_state.task.specific
        if task.user_can_access_editor(page, request.user):
            return None
    messages.error(
        request,
        _("您的角色不能编辑“%(type)s”页面，请联系管理员。") % {"type": page_class._meta.verbose_name},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("register_admin_viewset")
def register_case_study_chooser():
    """The 选择案例 modal of the 案例引用 block and of a bulletin alert's 相关案例."""
    return case_study_chooser_viewset


@hooks.register("insert_global_admin_css")
def editor_css():
    """The compliance panel's styles and the body blocks' (one table caption field).

    Wagtail 8 no longer has an editor-only CSS hook; both files are small.
    """
    return format_html(
        '<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">',
        static("content/compliance.css"),
        static("content/blocks.css"),
    )


@hooks.register("insert_editor_js")
def editor_js():
    """A finding's place goes to its field (compliance.js); a quiz offers only its options (blocks.js)."""
    return format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("content/compliance.js"),
        static("content/blocks.js"),
    )


@hooks.register("before_copy_page")
def copy_bulletins_as_next_issue_and_refuse_columns(request, page):
    """A column (or the home page) is one of a kind and cannot be copied; a bulletin is copied
    as the draft of the next issue (content/admin_views.py), not by Wagtail's generic form."""
    page_class = page.specific_class
    if page_class in (ColumnPage, HomePage):
        messages.error(
            request,
            _("“%(type)s”页面不能复制：每个栏目只有一个，首页也只有一个。请在栏目中新建文章、案例分析或周报。")
            % {"type": page_class._meta.verbose_name},
        )
        return redirect("wagtailadmin_explore", (page.get_parent() or page).pk)
    if page_class is BulletinPage:
        return bulletin_copy_response(request, page.specific)
    return None


@hooks.register("register_admin_urls")
def register_reader_questions_url():
    return [path("reader-questions/", ReaderQuestionsView.as_view(), name="reader_questions")]


class ReaderQuestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_sees_reader_questions(request.user)


@hooks.register("register_admin_menu_item")
def register_reader_questions_menu_item():
    """读者在问: what readers ask the answer desk (content/search/admin_views.py)."""
    return ReaderQuestionsMenuItem("读者在问", reverse("reader_questions"), icon_name="help", order=262)


@hooks.register("desk_unanswered_questions")
def unanswered_questions_for_the_desk_report(first_day, last_day):
    """The answer desk's unanswered questions of the month, for 消保分析 and its monthly report."""
    return unanswered_for_month(first_day, last_day)
