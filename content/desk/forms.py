"""Validation of a reader's submission, shared by the web form and the app's JSON API.

Every error is a Chinese sentence per field; the API returns them as `{"errors": {field: [..]}}`.
"""

from __future__ import annotations

import re

from django import forms

from .models.requests import Kind

MAX_TEXT = 2000
PHONE = re.compile(r"1[3-9]\d{9}")
CONSENT_VERSION = "2026-11"
CONSENT_PURPOSE = (
    "我同意金融常识消保专线使用我留下的称呼和手机号，仅用于核实、处理和答复本次诉求；"
    "诉求办结后按规定期限保存，期满即删除。"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DeskRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="诉求类型",
        choices=Kind.choices,
        error_messages={"required": "请选择诉求类型。", "invalid_choice": "诉求类型只能是咨询、投诉、建议或举报诈骗。"},
    )
    text = forms.CharField(
        label="具体情况",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": MAX_TEXT, "placeholder": "请说明发生了什么、涉及哪个产品或哪笔交易、希望我们怎么处理。"}),
        error_messages={
            "required": "请填写具体情况。",
            "max_length": f"具体情况最多 {MAX_TEXT} 字（现在 %(show_value)d 字），请精简后再提交。",
        },
    )
    name = forms.CharField(
        label="称呼（选填）", max_length=50, required=False,
        error_messages={"max_length": "称呼最多 50 个字。"},
    )
    phone = forms.CharField(
        label="手机号（选填）", max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": "请填写 11 位手机号。"},
    )
    consent = forms.BooleanField(label=CONSENT_PURPOSE, required=False)
    page = forms.IntegerField(required=False, widget=forms.HiddenInput, error_messages={"invalid": "页面编号不正确。"})

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("请填写具体情况。")
        return text

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        phone = re.sub(r"[\s-]", "", self.cleaned_data["phone"]).removeprefix("+86")
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError("请填写正确的 11 位手机号，或者留空。")
        return phone

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("phone") or cleaned.get("name")) and not cleaned.get("consent"):
            self.add_error("consent", "留下称呼或手机号需要先勾选同意，否则请把它们留空。")
        return cleaned


def errors_as_dict(form: forms.Form) -> dict[str, list[str]]:
    """The form's errors as {field: [messages]} (the whole form's under "__all__")."""
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}
