"""Wagtail's page views with the roles applied: 新建子页面 offers only the page types a role may write,
and the anti-fraud column's listing has a 准备下周周报 button for those who write bulletins.

Wagtail picks page views through a registry of page viewsets; `RolePageViewSet` is Wagtail's
own, registered after it (cms/wagtail_hooks.py), with one view replaced. The rules themselves
are in content/roles.py; the hooks that refuse the create and edit views outright are in
content/wagtail_hooks.py.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from wagtail.admin.views.pages.create import AddSubpageView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page

from content.models import BulletinPage
from content.roles import user_can_author


def creatable_page_types(*, user, parent_page) -> list[type[Page]]:
    """The page types `user` may create under `parent_page`: allowed there, and written by their role."""
    return [
        model
        for model in type(parent_page).creatable_subpage_models()
        if model.can_create_at(parent_page) and user_can_author(user, model)
    ]


class RoleAwareAddSubpageView(AddSubpageView):
    """选择页面类型, listing only what the user's role may create (市场运营: 防诈周报).

    With one type left it goes straight to that type's form, as Wagtail does.
    """

    def dispatch(self, request, parent_page_id, *args, **kwargs):
        self.parent_page = get_object_or_404(Page, id=parent_page_id).specific
        if not self.parent_page.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        models = creatable_page_types(user=request.user, parent_page=self.parent_page)
        self.page_types = sorted(
            (
                (model.get_verbose_name(), model._meta.app_label, model._meta.model_name, model.get_page_description())
                for model in models
            ),
            key=lambda page_type: str(page_type[0]).lower(),
        )
        if len(self.page_types) == 1:
            _name, app_label, model_name, _description = self.page_types[0]
            return redirect("wagtailadmin_pages:add", app_label, model_name, self.parent_page.id)
        return TemplateView.dispatch(self, request, parent_page_id, *args, **kwargs)


class RoleAwareExplorableIndexView(ExplorableIndexView):
    """The page listing; where bulletins live, it offers 准备下周周报 to those who write them."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if BulletinPage.can_create_at(self.parent_page) and user_can_author(self.request.user, BulletinPage):
            buttons.append(
                HeaderButton("准备下周周报", url=reverse("prepare_bulletin"), icon_name="calendar-alt", priority=5)
            )
        return buttons


class RolePageViewSet(PageViewSet):
    """Wagtail's page viewset for every page type, with the role-aware 新建子页面 and listing."""

    add_subpage_view_class = RoleAwareAddSubpageView
    index_view_class = RoleAwareExplorableIndexView


role_page_viewset = RolePageViewSet()
