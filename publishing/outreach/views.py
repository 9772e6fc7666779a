"""The 发送预览到手机 view: choose the test WeChat IDs, send, and read the result per recipient."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from .preview import PreviewError, wechat_preview_send
from .selectors import wechat_settings_for


class PreviewForm(forms.Form):
    recipients = forms.CharField(
        label=_("预览微信号"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个微信号；对方须已关注公众号。默认取自「设置 › 公众号设置」。"),
    )


class WechatPreviewView(WagtailAdminTemplateMixin, FormView):
    """Send the page's WeChat article (its latest draft, as it would go out) to test readers' phones."""

    form_class = PreviewForm
    template_name = "outreach/preview.html"
    header_icon = "mail"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific

    def dispatch(self, request, *args, **kwargs):
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"发送预览到手机：{self.page.title}"

    def get_initial(self):
        settings = wechat_settings_for(self.page)
        return {"recipients": "\n".join(settings.preview_recipients) if settings else ""}

    def form_valid(self, form):
        try:
            results = wechat_preview_send(page=self.page, to=form.cleaned_data["recipients"], user=self.request.user)
        except PreviewError as error:
            form.add_error("recipients", error.message)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, results=results))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page=self.page, edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
        return context
