"""A request's page in the admin: masked details, replies, notes, screenshots, history, and the actions.

Personal values are masked here; showing one in full is a POST to RevealView, which needs
`desk.reveal_personal_data`, logs an Event and answers a page that is never cached.
Acting needs `desk.change_deskrequest`; the work is done by the services in actions.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import actions
from ..errors import ActionRefused
from ..history import event_describe
from ..masking import mask_name, mask_phone, mask_text
from ..models import DeskRequest
from ..rules import category_name, desk_rules
from . import forms as desk_forms

ACTION_FORMS = {
    "assign": desk_forms.AssignForm,
    "reply": desk_forms.ReplyForm,
    "note": desk_forms.NoteForm,
    "status": desk_forms.StatusForm,
    "category": desk_forms.CategoryForm,
    "complex": desk_forms.ComplexForm,
}


def _run(action: str, desk_request: DeskRequest, user, data: dict) -> str:
    if action == "assign":
        actions.request_assign(desk_request=desk_request, user=user, assignee=data["assignee"])
        return "已分派。"
    if action == "reply":
        actions.request_reply(desk_request=desk_request, user=user, text=data["text"])
        return "已答复，读者可以在进度查询里看到。"
    if action == "note":
        actions.request_note(desk_request=desk_request, user=user, text=data["text"])
        return "已添加内部备注。"
    if action == "status":
        actions.request_set_status(desk_request=desk_request, user=user, status=data["status"])
        return "状态已更新。"
    if action == "category":
        actions.request_set_category(desk_request=desk_request, user=user, category=data["category"])
        return "分类已更新。"
    actions.request_mark_complex(desk_request=desk_request, user=user, reason=data["reason"])
    return "已标为复杂案件，期限延至受理后 30 日。"


@method_decorator(never_cache, name="dispatch")
class RequestDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "desk/admin/detail.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("desk.view_deskrequest"):
            raise PermissionDenied
        self.desk_request = get_object_or_404(DeskRequest.objects.select_related("assignee", "page"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"诉求 {self.desk_request.number}"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": reverse("desk_admin:index"), "label": "消保诉求"}, {"url": "", "label": self.desk_request.number}]

    def get_context_data(self, bound_forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        desk_request = self.desk_request
        user = self.request.user
        initial = {
            "assign": {"assignee": desk_request.assignee_id or user.pk},
            "status": {"status": desk_request.status},
            "category": {"category": desk_request.category},
        }
        action_forms = {name: form_class(initial=initial.get(name)) for name, form_class in ACTION_FORMS.items()}
        action_forms.update(bound_forms or {})
        context.update(
            desk_request=desk_request,
            masked_name=mask_name(desk_request.name),
            masked_phone=mask_phone(desk_request.phone),
            masked_text=mask_text(desk_request.text),
            category_label=category_name(desk_request.category),
            suggested_label=category_name(desk_request.suggested_category),
            advice=desk_rules().urgent_advice if desk_request.urgent else "",
            replies=desk_request.replies.select_related("author"),
            notes=desk_request.notes.select_related("author"),
            events=[(event, event_describe(event)) for event in desk_request.events.select_related("actor").order_by("-created_at", "-pk")],
            attachments=desk_request.attachments.all(),
            forms=action_forms,
            can_change=user.has_perm("desk.change_deskrequest") and desk_request.erased_at is None,
            can_reveal=user.has_perm("desk.reveal_personal_data") and desk_request.erased_at is None,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("desk.change_deskrequest"):
            raise PermissionDenied
        action = request.POST.get("action", "")
        form_class = ACTION_FORMS.get(action)
        if form_class is None:
            messages.error(request, "未知的操作。")
            return redirect("desk_admin:detail", self.desk_request.pk)
        form = form_class(request.POST)
        if form.is_valid():
            try:
                messages.success(request, _run(action, self.desk_request, request.user, form.cleaned_data))
                return redirect("desk_admin:detail", self.desk_request.pk)
            except ActionRefused as error:
                form.add_error(None, str(error))
        messages.error(request, "操作没有完成，请看表单里的提示。")
        return self.render_to_response(self.get_context_data(bound_forms={action: form}), status=400)


@method_decorator(never_cache, name="dispatch")
class RevealView(WagtailAdminTemplateMixin, TemplateView):
    """Show one personal value in full (POST only), after logging who asked for it."""

    template_name = "desk/admin/reveal.html"
    header_icon = "view"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("desk.reveal_personal_data"):
            raise PermissionDenied
        desk_request = get_object_or_404(DeskRequest, pk=kwargs["pk"])
        form = desk_forms.RevealForm(request.POST)
        if not form.is_valid():
            messages.error(request, "只能查看称呼、手机号或完整内容。")
            return redirect("desk_admin:detail", desk_request.pk)
        try:
            value = actions.request_reveal(desk_request=desk_request, user=request.user, field=form.cleaned_data["field"])
        except ActionRefused as error:
            messages.error(request, str(error))
            return redirect("desk_admin:detail", desk_request.pk)
        self.desk_request = desk_request
        context = self.get_context_data(
            desk_request=desk_request, label=actions.REVEALABLE[form.cleaned_data["field"]], value=value,
            back_url=reverse("desk_admin:detail", args=[desk_request.pk]),
        )
        response = self.render_to_response(context)
        response["Cache-Control"] = "no-store, private"
        return response

    def get_page_title(self):
        return f"查看完整个人信息：{self.desk_request.number}"
