"""The forms of a request's detail page in the admin, one per action."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from ...roles import ADMINS
from ..models.requests import Status
from ..rules import desk_rules

AGENTS = "客服专员"


def agent_users():
    return get_user_model().objects.filter(Q(groups__name__in=[AGENTS, ADMINS]) | Q(is_superuser=True), is_active=True).distinct().order_by("username")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="经办人", queryset=agent_users(), error_messages={"required": "请选择经办人。", "invalid_choice": "请选择有效的经办人。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agent_users()


class ReplyForm(forms.Form):
    text = forms.CharField(label="答复读者（读者在进度查询里能看到）", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
                           error_messages={"required": "答复内容不能为空。", "max_length": "答复最多 5000 字。"})


class NoteForm(forms.Form):
    text = forms.CharField(label="内部备注（只有客服专员能看到）", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           error_messages={"required": "备注内容不能为空。", "max_length": "备注最多 5000 字。"})


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=Status.choices, error_messages={"invalid_choice": "未知的状态。"})


class CategoryForm(forms.Form):
    category = forms.ChoiceField(label="分类", choices=(), error_messages={"invalid_choice": "未知的分类。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = desk_rules().choices


class ComplexForm(forms.Form):
    reason = forms.CharField(label="延期原因（标为复杂案件，期限延至受理后 30 日）", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                             error_messages={"required": "标为复杂案件必须写明延期原因。"})


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[("name", "称呼"), ("phone", "手机号"), ("text", "完整内容")])
