"""The admin form of reader pages: it adds what higher layers' checks find (see content/extensions.py).

Publishing registers what an enabled channel would reject (a WeChat title over 32 characters,
a body too long for 公众号 …), so the editor reads each reason beside its field when saving
or submitting. Saves made in code (publishing a revision, scheduled publishing, seeding) do
not run these checks: each delivery checks its channel's limits again when it is sent.
"""

from wagtail.admin.forms import WagtailAdminPageForm

from .extensions import page_check_errors


class ReaderPageForm(WagtailAdminPageForm):
    """WagtailAdminPageForm plus the reasons of READER_PAGE_CHECKS_HOOK's functions."""

    def _post_clean(self):
        # The page holds the submitted values only after ModelForm._post_clean has built it.
        super()._post_clean()
        for field, reasons in page_check_errors(page=self.instance).items():
            for reason in reasons:
                self.add_error(field if field in self.fields else None, reason)
