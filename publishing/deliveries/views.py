"""Admin views of 投递: the filtered list, a delivery's details, and retry / cancel / confirm-upload / kit download.

The views are thin: permission checks and forms here, the work in `services`. Viewing needs
`deliveries.view_delivery`; acting on a delivery needs `deliveries.change_delivery`.
"""

import abc
import datetime
import logging

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, UpdatedAtColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Page

import django_filters

from publishing.channels.base import get_channel

from . import services
from .bulk_actions import RESEND_PERMISSION
from .models import ChannelName, Delivery, DeliveryStatus

logger = logging.getLogger(__name__)


def _pages_with_deliveries(request):
    return Page.objects.filter(deliveries__isnull=False).distinct().order_by("title")


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DeliveryStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=ChannelName.choices)
    page = django_filters.ModelChoiceFilter(label=_("页面"), queryset=_pages_with_deliveries)

    class Meta:
        model = Delivery
        fields = ["status", "channel", "page"]


TIME_KEY_SUFFIXES = ("_at", "_time", "timestamp")
EPOCH_SECONDS = (1_000_000_000, 4_000_000_000)  # 2001 to 2096


def readable_id_value(name: str, value):
    """An external id as an editor reads it: a time recorded as epoch seconds (or ms) becomes
    "2026-11-29 21:31:54" in the site's time zone; anything else is left as it is.

    >>> readable_id_value("submit_started_at", 1796305914.5)  # in Asia/Shanghai
    '2026-12-03 21:51:54'
    """
    if not name.endswith(TIME_KEY_SUFFIXES) or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    seconds = value / 1000 if value > EPOCH_SECONDS[1] * 100 else value
    if not EPOCH_SECONDS[0] <= seconds <= EPOCH_SECONDS[1]:
        return value
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}"


REFRESH_SECONDS = 5


def is_in_progress(delivery: Delivery) -> bool:
    """Whether the delivery is being worked on now, so that its details page should refresh itself."""
    return delivery.status in (DeliveryStatus.PENDING, DeliveryStatus.RENDERING, DeliveryStatus.SENDING)


def can_retry(delivery: Delivery) -> bool:
    return delivery.status in (DeliveryStatus.FAILED, DeliveryStatus.CANCELLED, DeliveryStatus.NOT_CONFIGURED)


def can_cancel(delivery: Delivery) -> bool:
    return not delivery.is_final and not get_channel(delivery.channel).post_exists(delivery.external_ids)


def action_buttons(delivery: Delivery, *, user) -> list[Button]:
    """The actions an editor with `user`'s permissions can take on `delivery` now."""
    if not user.has_perm("deliveries.change_delivery"):
        return []
    buttons = []
    if can_retry(delivery):
        buttons.append(Button(_("重试"), url=reverse("deliveries:retry", args=[delivery.pk]), icon_name="rotate", priority=10))
    if delivery.status == DeliveryStatus.AWAITING_CONFIRMATION:
        buttons.append(Button(_("标记已上传"), url=reverse("deliveries:confirm", args=[delivery.pk]), icon_name="tick-inverse", priority=5))
    if delivery.external_ids.get("kit_path"):
        buttons.append(Button(_("下载发布包"), url=reverse("deliveries:kit", args=[delivery.pk]), icon_name="download", priority=15))
    if can_cancel(delivery):
        buttons.append(Button(_("取消"), url=reverse("deliveries:cancel", args=[delivery.pk]), icon_name="cross", priority=30))
    return buttons


class DeliveryIndexView(IndexView):
    """The list, with a checkbox per row for 重新投递 (bulk_actions.py) for those who may act on deliveries."""

    template_name = "deliveries/index.html"

    @cached_property
    def columns(self):
        columns = super().columns
        if self.request.user.has_perm(RESEND_PERMISSION):
            columns = [BulkActionsCheckboxColumn("bulk_actions", obj_type="delivery"), *columns]
        return columns

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(*args, get_title_id=lambda instance: f"delivery_{instance.pk}_title", **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_resend"] = self.request.user.has_perm(RESEND_PERMISSION)
        return context

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "revision")

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *action_buttons(instance, user=self.request.user)]


class DeliveryInspectView(InspectView):
    template_name = "deliveries/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Delivery.objects.select_related("page", "revision", "requested_by", "confirmed_by"), pk=self.pk)

    @cached_property
    def header_more_buttons(self):
        return action_buttons(self.object, user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.object
        context.update(
            delivery=delivery,
            attempts=delivery.attempts.order_by("-started_at", "-pk"),
            external_ids=[(name, readable_id_value(name, value)) for name, value in sorted(delivery.external_ids.items())],
            channel=get_channel(delivery.channel),
            page_edit_url=reverse("wagtailadmin_pages:edit", args=[delivery.page_id]) if delivery.page_id else "",
            history_url=reverse("deliveries:history", args=[delivery.pk]),
            actions=action_buttons(delivery, user=self.request.user),
            refresh_seconds=REFRESH_SECONDS if is_in_progress(delivery) else None,
        )
        return context


class DeliveryConfirmView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Base of the pages that ask before acting on one delivery (retry, cancel, confirm upload)."""

    model = Delivery
    permission_required = "change"
    template_name = "deliveries/confirm_action.html"
    header_icon = "upload"
    action_label = ""
    question = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.delivery = get_object_or_404(Delivery, pk=kwargs["pk"])

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return str(self.delivery)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("deliveries:index"), "label": _("投递")},
            {"url": reverse("deliveries:inspect", args=[self.delivery.pk]), "label": str(self.delivery)},
            {"url": "", "label": self.action_label},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(delivery=self.delivery, question=self.question, action_label=self.action_label,
                       back_url=reverse("deliveries:inspect", args=[self.delivery.pk]))
        return context


class DeliveryActionView(DeliveryConfirmView, metaclass=abc.ABCMeta):
    """A confirmation whose POST does one thing (`act`) and returns to the details."""

    @abc.abstractmethod
    def act(self, user) -> str:
        """Do the action as `user`; returns the success message (DeliveryActionError if refused)."""

    def post(self, request, *args, **kwargs):
        try:
            messages.success(request, self.act(request.user))
        except services.DeliveryActionError as error:
            messages.error(request, str(error))
        return redirect("deliveries:inspect", self.delivery.pk)


class DeliveryRetryView(DeliveryActionView):
    action_label = _("重试")
    question = _("从上次记录的步骤继续发送这条投递？已上传的图片和已创建的草稿不会重复创建。")

    def act(self, user) -> str:
        services.delivery_retry(delivery=self.delivery, user=user)
        return "已重新排队。投递详情页会自动刷新，直到有结果。"


class DeliveryCancelView(DeliveryActionView):
    action_label = _("取消")
    question = _("取消这条投递？尚未发出的内容将不再发送。")

    def act(self, user) -> str:
        services.delivery_cancel(delivery=self.delivery, user=user)
        return "投递已取消。"


class ConfirmUploadForm(forms.Form):
    url = forms.URLField(
        label=_("视频号视频链接"), max_length=1000, assume_scheme="https",
        help_text=_("在视频号助手中发表后复制的视频链接，以 https:// 开头"),
    )


class DeliveryConfirmUploadView(DeliveryConfirmView):
    template_name = "deliveries/confirm_upload.html"
    action_label = _("标记已上传")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ConfirmUploadForm())
        context["caption"] = self.delivery.external_ids.get("caption", "")
        context["kit_url"] = reverse("deliveries:kit", args=[self.delivery.pk]) if self.delivery.external_ids.get("kit_path") else ""
        return context

    def post(self, request, *args, **kwargs):
        form = ConfirmUploadForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.delivery_confirm_upload(delivery=self.delivery, url=form.cleaned_data["url"], user=request.user)
        except services.DeliveryActionError as error:
            form.add_error("url", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, "已标记为已上传到视频号。")
        return redirect("deliveries:inspect", self.delivery.pk)


class DeliveryKitView(PermissionCheckedMixin, TemplateView):
    """Download a 视频号 delivery's publish kit (zip)."""

    model = Delivery
    permission_required = "change"

    def get(self, request, *args, **kwargs):
        delivery = get_object_or_404(Delivery, pk=kwargs["pk"])
        name = delivery.external_ids.get("kit_path")
        if not name or not default_storage.exists(name):
            raise Http404("发布包不存在")
        filename = f"shipinhao-{delivery.page_id}-{delivery.pk}.zip"
        return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)


class DeliveryViewSet(ModelViewSet):
    """The 投递 menu: list with filters, details, history, and the actions."""

    model = Delivery
    icon = "upload"
    menu_label = _("投递")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = DeliveryFilterSet
    search_fields = ["page_title"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "page_title",
        "channel",
        Column("display_status", label=_("状态")),
        Column("status_message", label=_("说明"), accessor=lambda d: (d.status_message[:60] + "…") if len(d.status_message) > 60 else d.status_message),
        Column("revision_label", label=_("版本")),
        Column("attempt_count", label=_("发送次数")),
        UpdatedAtColumn(),
    ]
    list_export = ["pk", "page_title", "channel", "status", "status_message", "external_url", "attempt_count", "created_at", "published_at"]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # Deliveries are made by publishing, never by hand.
        view_kwargs.update(
            add_url_name=None, edit_url_name=None, delete_url_name=None, copy_url_name=None, usage_url_name=None
        )
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("retry/<int:pk>/", DeliveryRetryView.as_view(), name="retry"),
            path("cancel/<int:pk>/", DeliveryCancelView.as_view(), name="cancel"),
            path("confirm/<int:pk>/", DeliveryConfirmUploadView.as_view(), name="confirm"),
            path("kit/<int:pk>/", DeliveryKitView.as_view(), name="kit"),
        ]

    def register_admin_url_finder(self):
        # No edit view: the admin's "edit this object" links go to the details instead.
        from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder

        register_admin_url_finder(Delivery, type("DeliveryURLFinder", (ModelAdminURLFinder,), {"edit_url_name": "deliveries:inspect"}))


delivery_viewset = DeliveryViewSet("deliveries")
