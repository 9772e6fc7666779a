"""The admin forms of the pages: a pinyin slug for a Chinese title (every page type), and for reader
pages what higher layers' checks find (see content/extensions.py).

Publishing registers what an enabled channel would reject (a WeChat title over 32 characters,
a body too long for 公众号 …), so the editor reads each reason beside its field when saving
or submitting. Saves made in code (publishing a revision, scheduled publishing, seeding) do
not run these checks: each delivery checks its channel's limits again when it is sent.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .extensions import page_check_errors
from .slugs import is_autofilled, pinyin_slug, unique_slug


class PinyinSlugPageForm(WagtailAdminPageForm):
    """The page form: the slug may be left empty, and Wagtail's autofill of a Chinese title is
    replaced with pinyin; a slug the editor typed, and the slug of a page that exists, are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("页面网址的最后一段。留空或保持自动填写时，中文标题会转成拼音，如“借款合同”→ jie-kuan-he-tong。")

    def clean(self):
        title = self.cleaned_data.get("title") or ""
        slug = self.cleaned_data.get("slug") or ""
        saved = self.instance.slug if self.instance.pk else None
        if slug != saved and is_autofilled(title=title, slug=slug):
            base = pinyin_slug(title)
            if base:
                self.cleaned_data["slug"] = unique_slug(
                    base, is_available=lambda candidate: Page._slug_is_available(candidate, self.parent_page, self.instance)
                )
        return super().clean()


class ReaderPageForm(PinyinSlugPageForm):
    """PinyinSlugPageForm plus the reasons of READER_PAGE_CHECKS_HOOK's functions."""

    def _post_clean(self):
        # The page holds the submitted values only after ModelForm._post_clean has built it.
        super()._post_clean()
        for field, reasons in page_check_errors(page=self.instance).items():
            for reason in reasons:
                self.add_error(field if field in self.fields else None, reason)
