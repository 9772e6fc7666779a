"""Admin hooks of the project package: the brand's colours and mark, and the page views (copying
included) with the roles applied."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import Page

from content.roles import user_can_author

from .bulletin_views import prepare_next_bulletin
from .dashboard import TodoPanel
from .page_views import role_page_viewset

# Wagtail's admin derives its palette from these HSL triples (see its core.css). The sidebar
# ("primary") becomes a deep navy and buttons and links ("secondary") the brand's blue #0B5CAD,
# both dark enough for white text to keep a contrast above 4.5:1.
ADMIN_PALETTE = {
    "primary": ("211", "70%", "20%"),
    "secondary": ("210", "88%", "36%"),
}

BRAND_MARK_CSS = """
.jrcs-brand { display: flex; flex-direction: column; align-items: center; gap: 0.5rem; }
.jrcs-brand__mark { width: 100%; max-width: 3.5rem; height: auto; }
.jrcs-brand--wordmark .jrcs-brand__mark { max-width: 5rem; }
.jrcs-brand__name { font-size: 1.25rem; font-weight: 700; letter-spacing: 0.1em; }
.login .jrcs-brand__name { color: var(--w-color-text-label); }
.jrcs-todo .w-panel__content { padding: 0 1.5rem 1rem; }
.jrcs-todo__section { margin-bottom: 1.5rem; }
.jrcs-todo__list { padding-inline-start: 1.25em; margin: .5rem 0; }
.jrcs-todo__list li { margin-bottom: .4rem; }
.jrcs-todo__meta { display: block; font-size: .875em; color: var(--w-color-text-context); }
"""


@hooks.register("insert_global_admin_css")
def brand_admin_palette() -> str:
    """Paint the admin in the brand's colours and size the brand's mark in the sidebar and login page."""
    variables = " ".join(
        f"--w-color-{role}-hue: {hue}; --w-color-{role}-saturation: {saturation}; "
        f"--w-color-{role}-lightness: {lightness};"
        for role, (hue, saturation, lightness) in ADMIN_PALETTE.items()
    )
    return mark_safe(f"<style>:root {{ {variables} }}{BRAND_MARK_CSS}</style>")  # noqa: S308 - constants only


@hooks.register("register_admin_viewset")
def register_role_aware_page_views():
    """Replaces Wagtail's page viewset (registered with order -1) so 新建子页面 follows the roles."""
    return role_page_viewset


@hooks.register("construct_homepage_panels")
def add_todo_panel(request, panels):
    """待办 first: what needs this user now (cms/dashboard.py)."""
    panels.insert(0, TodoPanel())


@hooks.register("register_admin_urls")
def register_prepare_bulletin_url():
    """准备下周周报: the dashboard's and the anti-fraud column's button (cms/bulletin_views.py)."""
    return [path("bulletins/prepare/", prepare_next_bulletin, name="prepare_bulletin")]


def _copied_page_classes(request, page) -> list[type[Page]]:
    """The page types a copy of `page` would create: its own, and its descendants' when the
    form asks to copy the subpages too."""
    classes = [page.specific_class or type(page)]
    if request.method == "POST" and request.POST.get("copy_subpages"):
        type_ids = page.get_descendants().order_by().values_list("content_type", flat=True).distinct()
        classes += [ContentType.objects.get_for_id(type_id).model_class() or Page for type_id in type_ids]
    return classes


@hooks.register("before_copy_page", order=-10)
def refuse_copying_outside_role(request, page):
    """Copying creates pages, so it follows the rules for creating them (content/roles.py): 内容编辑
    copy articles and case studies, 市场运营 bulletins, 管理员 anything. Runs before the other
    copy hooks (a bulletin's copy is taken over by content/wagtail_hooks.py)."""
    for page_class in _copied_page_classes(request, page):
        if not user_can_author(request.user, page_class):
            messages.error(
                request,
                _("您的角色不能复制“%(type)s”页面，请联系管理员。") % {"type": page_class._meta.verbose_name},
            )
            return redirect("wagtailadmin_explore", (page.get_parent() or page).pk)
    return None
