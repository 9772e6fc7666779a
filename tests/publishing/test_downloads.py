"""Which downloads a page offers, and that a crowd of readers queues one render."""

from types import SimpleNamespace

import pytest

from publishing.downloads import (
    download_formats,
    download_render_request,
    download_state,
    page_downloads,
)
from tests.publishing.render.helpers import make_bulletin, make_case_study

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]  # no render marked as queued


def test_formats_follow_the_page_type_and_the_publish_settings(site_tree, settings):
    case_study = make_case_study(site_tree["antifraud"])
    bulletin = make_bulletin(site_tree["antifraud"])

    assert download_formats(case_study) == ("poster", "pdf")
    assert download_formats(bulletin) == ("poster",)  # its video goes to the short-video channels
    settings.RENDER_ON_PUBLISH = {"bulletinpage": ("poster", "pdf")}
    assert download_formats(bulletin) == ("poster", "pdf")
    assert download_formats(case_study) == ()


def test_page_downloads_are_labelled_for_readers_and_typed_for_the_app(site_tree):
    case_study = make_case_study(site_tree["antifraud"])
    downloads = page_downloads(case_study)

    assert [(d.label, d.mime_type, d.url) for d in downloads] == [
        ("长图海报", "image/jpeg", f"/renders/{case_study.pk}/poster/"),
        ("PDF 打印版", "application/pdf", f"/renders/{case_study.pk}/pdf/"),
    ]
    case_study.unpublish()
    assert page_downloads(case_study) == []


def test_the_same_render_is_queued_once(site_tree, monkeypatch):
    calls = []
    monkeypatch.setattr("publishing.tasks.render_page_task", SimpleNamespace(enqueue=lambda **kwargs: calls.append(kwargs)))
    bulletin = make_bulletin(site_tree["antifraud"])

    def request_render():
        state = download_state(page=bulletin, format="poster")
        return download_render_request(page=bulletin, format="poster", input_hash=state.input_hash)

    assert request_render() is True
    assert request_render() is False
    bulletin.tip_of_week = "内容变了，要重新生成。"
    bulletin.save_revision().publish()
    assert request_render() is True
    assert len(calls) == 2
