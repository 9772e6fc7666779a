"""Readers' download addresses: send the current render named after its page, wait while it is made, never leak drafts."""

from types import SimpleNamespace

from django.core.files.storage import default_storage

from wagtail.models import PageViewRestriction

import pytest

from publishing.models import RenderResult
from tests.publishing.render.helpers import make_bulletin, make_case_study

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]  # no render marked as queued


def download_url(page, format):
    return f"/renders/{page.pk}/{format}/"


def sent(response) -> bytes:
    """The body of a download (a streamed file). Reading it to the end closes the response
    as the test client does (closing it again would close the database connection too)."""
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def sent_file(response, result) -> bool:
    """True when `response` sends exactly `result`'s stored file."""
    with default_storage.open(result.file.name, "rb") as handle:
        return sent(response) == handle.read()


@pytest.fixture
def queued(monkeypatch):
    """Record the renders a download queues instead of running them."""
    calls = []
    monkeypatch.setattr("publishing.tasks.render_page_task", SimpleNamespace(enqueue=lambda **kwargs: calls.append(kwargs)))
    return calls


def test_first_request_queues_the_render_and_asks_to_come_back(client, site_tree, queued):
    case_study = make_case_study(site_tree["antifraud"])
    case_study.refresh_from_db()

    first = client.get(download_url(case_study, "pdf"))
    second = client.get(download_url(case_study, "pdf"))

    assert first.status_code == second.status_code == 503
    assert first["Retry-After"] == "20"
    assert "PDF 打印版正在生成" in first.content.decode()
    assert '<meta http-equiv="refresh" content="20">' in first.content.decode()
    assert queued == [{"page_id": case_study.pk, "format": "pdf", "revision_id": case_study.live_revision_id}]


def test_made_render_is_sent_with_the_pages_name(client, site_tree, django_capture_on_commit_callbacks):
    """The queued render runs when the request's transaction commits (here: the captured callbacks)."""
    case_study = make_case_study(site_tree["antifraud"])

    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(download_url(case_study, "pdf")).status_code == 503
    response = client.get(download_url(case_study, "pdf"))

    result = RenderResult.objects.get(page=case_study, format="pdf", status=RenderResult.STATUS_SUCCEEDED)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert sent_file(response, result)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(download_url(case_study, "poster")).status_code == 503
    poster = RenderResult.objects.get(page=case_study, format="poster", status=RenderResult.STATUS_SUCCEEDED)
    response = client.get(download_url(case_study, "poster"))
    assert response["Content-Type"] == "image/jpeg"
    assert sent_file(response, poster)
    assert poster.file.name.endswith(".jpg") and poster.width == 1080


def test_the_file_name_is_the_pages_title_in_rfc_5987_with_a_plain_fallback(client, site_tree):
    from urllib.parse import quote

    from publishing.render.services import render_page

    bulletin = make_bulletin(site_tree["antifraud"])
    render_page(page=bulletin, format="poster")
    response = client.get(download_url(bulletin, "poster"))
    disposition = response["Content-Disposition"]
    sent(response)
    expected = f"{bulletin.title}-长图.jpg"
    assert f"filename*=UTF-8''{quote(expected, safe='')}" in disposition
    assert f'filename="{bulletin.slug}-poster.jpg"' in disposition
    assert disposition.startswith("inline;")
    attachment = client.get(download_url(bulletin, "poster"), {"download": "1"})
    assert attachment["Content-Disposition"].startswith("attachment;")
    sent(attachment)


def test_a_title_with_characters_files_cannot_hold_still_gives_a_safe_name(site_tree):
    from publishing.downloads import download_filename

    page = SimpleNamespace(title='“注销校园贷”/征信:修复?  骗局 <新>', slug="zhuxiao-校园", pk=7)
    name, ascii_name = download_filename(page=page, format="pdf", extension="pdf")
    assert name == "“注销校园贷” 征信 修复 骗局 新-打印版.pdf"
    assert ascii_name == "zhuxiao--pdf.pdf"
    assert all(char not in name for char in '/\\:*?"<>|')


def test_an_unchanged_render_answers_304_to_its_etag(client, site_tree):
    from publishing.render.services import render_page

    bulletin = make_bulletin(site_tree["antifraud"])
    render_page(page=bulletin, format="poster")
    first = client.get(download_url(bulletin, "poster"))
    sent(first)
    assert first["Cache-Control"] == "no-cache"
    again = client.get(download_url(bulletin, "poster"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_an_edited_page_never_redirects_to_its_old_render(client, site_tree, queued):
    bulletin = make_bulletin(site_tree["antifraud"])
    from publishing.render.services import render_page

    old = render_page(page=bulletin, format="poster")
    assert sent_file(client.get(download_url(bulletin, "poster")), old)

    bulletin.tip_of_week = "新的一周，新的提醒：陌生链接不点击。"
    bulletin.save_revision().publish()

    assert client.get(download_url(bulletin, "poster")).status_code == 503
    assert len(queued) == 1


def test_a_draft_edit_does_not_change_what_readers_get(client, site_tree):
    from publishing.render.services import render_page

    bulletin = make_bulletin(site_tree["antifraud"])
    live = render_page(page=bulletin, format="poster")
    bulletin.tip_of_week = "草稿里的提醒，尚未审核。"
    bulletin.save_revision()

    assert sent_file(client.get(download_url(bulletin, "poster")), live)


@pytest.mark.parametrize(
    ("case", "format"),
    [("unpublished", "poster"), ("restricted", "poster"), ("bulletin", "pdf"), ("bulletin", "video"), ("bulletin", "x")],
)
def test_what_is_not_offered_is_not_found(client, site_tree, queued, case, format):
    page = make_bulletin(site_tree["antifraud"])
    if case == "unpublished":
        page.unpublish()
    if case == "restricted":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(download_url(page, format)).status_code == 404
    assert queued == []


def test_only_reading_is_allowed(client, site_tree, queued):
    bulletin = make_bulletin(site_tree["antifraud"])
    assert client.post(download_url(bulletin, "poster")).status_code == 405


def test_reader_pages_link_to_their_downloads(client, site_tree):
    case_study = make_case_study(site_tree["antifraud"])
    bulletin = make_bulletin(site_tree["antifraud"])

    case_html = client.get(case_study.url).content.decode()
    bulletin_html = client.get(bulletin.url).content.decode()

    assert f'href="{download_url(case_study, "poster")}"' in case_html
    assert f'href="{download_url(case_study, "pdf")}"' in case_html
    assert "可直接打印张贴" in case_html
    assert f'href="{download_url(bulletin, "poster")}"' in bulletin_html
    assert "/pdf/" not in bulletin_html


def test_a_preview_shows_no_downloads(client, site_tree, django_user_model):
    """A preview is of the draft; the downloads would give the live version."""
    from django.urls import reverse

    bulletin = make_bulletin(site_tree["antifraud"])
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-12345678")
    client.force_login(admin)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[bulletin.pk]))

    assert preview.status_code == 200
    assert "/renders/" not in preview.content.decode()
    assert "/renders/" in client.get(bulletin.url).content.decode()


def test_a_failed_render_is_not_queued_again_and_readers_get_the_web_version(client, site_tree, queued):
    from publishing.render.services import render_job_prepare

    bulletin = make_bulletin(site_tree["antifraud"])
    job = render_job_prepare(page=bulletin, format="poster")
    RenderResult.objects.create(page=bulletin, theme=job.theme.key, format="poster", input_hash=job.input_hash,
                                status=RenderResult.STATUS_FAILED, error="海报中的资源无法加载")

    response = client.get(download_url(bulletin, "poster"))

    assert response.status_code == 503
    assert "长图海报暂时无法提供，请先看网页版。" in response.content.decode()
    assert "资源无法加载" not in response.content.decode()
    assert queued == []


def test_an_old_failure_lets_a_reader_queue_the_render_again(client, site_tree, queued):
    import datetime

    from publishing.render.services import render_job_prepare

    bulletin = make_bulletin(site_tree["antifraud"])
    job = render_job_prepare(page=bulletin, format="poster")
    failure = RenderResult.objects.create(page=bulletin, theme=job.theme.key, format="poster", input_hash=job.input_hash,
                                          status=RenderResult.STATUS_FAILED, error="存储暂时不可用")
    RenderResult.objects.filter(pk=failure.pk).update(created_at=failure.created_at - datetime.timedelta(hours=1))

    response = client.get(download_url(bulletin, "poster"))

    assert response.status_code == 503
    assert "正在生成" in response.content.decode()
    assert len(queued) == 1
