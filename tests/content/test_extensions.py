"""Tests for content/extensions.py: higher layers plug panels, preview modes and form checks into reader pages."""

from django.http import HttpResponse
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.panels import HelpPanel
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from content.extensions import (
    READER_PAGE_CHECKS_HOOK,
    READER_PAGE_PANELS_HOOK,
    READER_PAGE_PREVIEW_MODES_HOOK,
    PreviewMode,
)
from content.factories import ArticlePageFactory, build_site_tree
from content.models import ArticlePage, BulletinPage


def summary_must_not_say_guaranteed(*, page):
    return {"summary": ["摘要不能写“保本”。"], "no_such_field": ["整页的问题。"]} if "保本" in page.summary else {}


class PageFormCheckTests(WagtailPageTestCase):
    """A check registered under READER_PAGE_CHECKS_HOOK speaks on the admin form, not on saves in code."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        cls.article = ArticlePageFactory(parent=cls.tree["credit"], summary="原来的摘要")

    def setUp(self):
        self.login()

    def edit_data(self, **changes) -> dict:
        url = reverse("wagtailadmin_pages:edit", args=[self.article.pk])
        data = querydict_from_html(self.client.get(url).content.decode(), form_id="page-edit-form").dict()
        data.update(nested_form_data({"body": streamfield([])}))
        data.update(changes)
        return data

    def test_the_reason_shows_beside_its_field_and_nothing_is_saved(self):
        url = reverse("wagtailadmin_pages:edit", args=[self.article.pk])
        with hooks.register_temporarily(READER_PAGE_CHECKS_HOOK, summary_must_not_say_guaranteed):
            response = self.client.post(url, self.edit_data(summary="本产品保本"))
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form.errors["summary"], ["摘要不能写“保本”。"])
        self.assertIn("整页的问题。", form.non_field_errors())
        self.article.refresh_from_db()
        self.assertEqual(self.article.summary, "原来的摘要")

    def test_a_page_that_passes_is_saved(self):
        url = reverse("wagtailadmin_pages:edit", args=[self.article.pk])
        with hooks.register_temporarily(READER_PAGE_CHECKS_HOOK, summary_must_not_say_guaranteed):
            response = self.client.post(url, self.edit_data(summary="新的摘要"))
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.get_latest_revision_as_object().summary, "新的摘要")

    def test_saves_made_in_code_run_no_check(self):
        def refuse_everything(*, page):
            raise AssertionError("a save in code ran a form check")

        with hooks.register_temporarily(READER_PAGE_CHECKS_HOOK, refuse_everything):
            self.article.summary = "本产品保本"
            self.article.save_revision().publish()
        self.article.refresh_from_db()
        self.assertEqual(self.article.summary, "本产品保本")


class PanelAndPreviewModeTests(WagtailPageTestCase):
    """Panels and preview modes come from the hooks, asked when Wagtail needs them."""

    def test_registered_panels_join_the_settings_tab_of_every_reader_page(self):
        panel = HelpPanel(content="来自上层的面板")
        with hooks.register_temporarily(READER_PAGE_PANELS_HOOK, lambda page_class: [panel]):
            self.assertIs(ArticlePage.settings_panels[-1], panel)
            self.assertIs(BulletinPage.settings_panels[-1], panel)
        self.assertNotIn(panel, ArticlePage.settings_panels)

    def test_publishing_plugs_in_the_poster_and_pdf_previews(self):
        modes = dict(ArticlePage().preview_modes)
        self.assertIn("poster", modes)
        self.assertIn("pdf", modes)

    def test_a_registered_preview_mode_is_listed_and_served(self):
        def serve(*, page, request, mode):
            return HttpResponse(f"{mode}:{page.title}")

        mode = PreviewMode(name="card", label="分享卡片", serve=serve)
        page = ArticlePageFactory.build(title="卡片")
        with hooks.register_temporarily(READER_PAGE_PREVIEW_MODES_HOOK, lambda: [mode]):
            self.assertIn(("card", "分享卡片"), page.preview_modes)
            response = page.serve_preview(None, "card")
        self.assertEqual(response.content.decode(), "card:卡片")
