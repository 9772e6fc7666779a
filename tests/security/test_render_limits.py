"""Issue 9, item 3: no input can make a render take a worker or a web thread for long.

Replays the attacks: `colspan="100000000"` in an HTML block made a poster render grow past
11 GB, and `colspan="1000000"` in the admin's preview spun a thread for minutes. The
sanitiser now clamps spans and table sizes (one pre-pass for the site and for WeChat), a
poster taller than one image can hold fails with 内容过长, and every render runs under a time
and a memory limit (publishing/render/limits.py).
"""

import time

from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

import pytest

from content.factories import ArticlePageFactory
from content.models import ArticlePage
from content.sanitize import MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, sanitize_html
from publishing.channels.assets import AssetUnavailable, render_files
from publishing.channels.wechat.content import wechat_clean
from publishing.models import RenderResult
from publishing.render import layout, limits
from publishing.render.errors import PosterTooLongError, RenderError, RenderLimitError
from publishing.render.pdf import render_pdf
from publishing.render.poster import render_poster
from publishing.render.services import render_job_prepare, render_page
from publishing.render.video import render_video

pytestmark = pytest.mark.django_db

HUGE_SPAN = '<table><tr><td colspan="100000000" rowspan="1000000">刷单</td><td>返利</td></tr></table>'


@pytest.fixture
def article(site_tree, settings):
    settings.RENDER_ON_PUBLISH = False
    page = ArticlePageFactory(parent=site_tree["credit"], title="表格攻击")
    page.body = [("html", HUGE_SPAN)]
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


@pytest.mark.parametrize("clean", [sanitize_html, wechat_clean], ids=["site", "wechat"])
def test_spans_and_table_sizes_are_clamped_by_the_one_sanitiser(clean):
    html = clean(HUGE_SPAN)
    assert f'colspan="{MAX_TABLE_COLUMNS}"' in html and f'rowspan="{MAX_TABLE_ROWS}"' in html
    assert "100000000" not in html and "1000000" not in html
    wide = "<table><tr>" + "<td>格</td>" * 5000 + "</tr>" + "<tr><td>行</td></tr>" * 5000 + "</table><p>后文</p>"
    html = clean(wide)
    assert html.count("<tr") == MAX_TABLE_ROWS and html.count("<td") == MAX_TABLE_COLUMNS + MAX_TABLE_ROWS - 1
    assert "后文" in html
    assert 'colspan' not in clean('<table><tr><td colspan="lots">x</td></tr></table>')


def test_the_html_block_stores_and_renders_the_clamped_table(article):
    assert f'colspan="{MAX_TABLE_COLUMNS}"' in str(article.body[0].value)
    started = time.monotonic()
    result = render_page(page=article, format="poster")
    assert result.status == RenderResult.STATUS_SUCCEEDED and result.height < 20_000
    assert time.monotonic() - started < 30


def test_a_poster_taller_than_one_image_fails_with_a_chinese_message_the_editor_sees(article, client):
    article.body = [("html", '<div style="height: 60000px">很长</div><p>结尾</p>')]
    article.save_revision().publish()
    with pytest.raises(PosterTooLongError, match="内容过长"):
        render_page(page=article, format="poster")
    failed = RenderResult.objects.get(page=article, status=RenderResult.STATUS_FAILED)
    assert "内容过长" in failed.error
    html = article.serve_preview(RequestFactory().get("/"), "poster").content.decode()
    assert "无法生成长图海报" in html and "内容过长" in html
    with pytest.raises(AssetUnavailable, match="生成海报失败：内容过长"):  # what a delivery records
        render_files(page=article, kind="poster")


def test_a_replaced_element_taller_than_the_page_is_refused_before_rasterising(article):
    job = render_job_prepare(page=article, format="poster")
    job.document.html = job.document.html.replace("</body>", '<div style="height: 100000000px"></div></body>')
    with pytest.raises(RenderError, match="内容过长"):
        render_poster(job.document)


def slow(*_args, **_kwargs):
    time.sleep(20)


@pytest.mark.parametrize("entry", [render_poster, render_pdf, render_video], ids=["poster", "pdf", "video"])
def test_every_render_is_stopped_at_its_time_limit(article, settings, monkeypatch, entry):
    settings.RENDER_TIME_LIMIT = 1
    monkeypatch.setattr(layout, "layout_render", slow)
    monkeypatch.setattr("publishing.render.pdf.layout_render", slow)
    job = render_job_prepare(page=article, format="pdf" if entry is render_pdf else "poster")
    started = time.monotonic()
    with pytest.raises(RenderLimitError, match="内容过长或过于复杂") as caught:
        entry(job.document)
    assert time.monotonic() - started < 8
    assert "1 秒" in caught.value.message
    assert ArticlePage.objects.filter(pk=article.pk).exists()  # the worker's database connection still works


def greedy(*_args, **_kwargs):
    hoard = [bytearray(64 * 1024 * 1024) for _ in range(12)]  # 768 MB, far over the limit below
    return len(hoard)


def test_a_render_that_wants_too_much_memory_is_stopped(article, settings, monkeypatch):
    settings.RENDER_MEMORY_LIMIT_MB = 256
    monkeypatch.setattr(layout, "layout_render", greedy)
    job = render_job_prepare(page=article, format="poster")
    with pytest.raises(RenderLimitError, match="内存超过上限（256 MB）"):
        render_poster(job.document)


def test_the_limits_reach_the_render_record_and_the_admin_preview(article, settings, monkeypatch, client):
    settings.RENDER_TIME_LIMIT = 1
    monkeypatch.setattr(layout, "layout_render", slow)
    with pytest.raises(RenderLimitError):
        render_page(page=article, format="poster")
    assert "内容过长或过于复杂" in RenderResult.objects.get(page=article, status=RenderResult.STATUS_FAILED).error
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "Qz7-long-enough-pw"))
    started = time.monotonic()
    for mode in ("poster", "pdf"):
        monkeypatch.setattr("publishing.render.pdf.layout_render", slow)
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=(article.pk,)), {"mode": mode})
        assert response.status_code == 200 and "内容过长或过于复杂" in response.content.decode()
    assert time.monotonic() - started < 10


def test_renders_run_in_the_calling_thread_when_limits_are_off(article, settings):
    settings.RENDER_LIMITS = False
    job = render_job_prepare(page=article, format="pdf")
    assert render_pdf(job.document).primary.data.startswith(b"%PDF")
    assert limits.render_limits()[0] > 0


def test_a_table_block_larger_than_the_limits_is_refused_in_chinese():
    from django.core.exceptions import ValidationError

    from content.blocks import TableBlock

    block = TableBlock()
    rows = [["格"] * 3 for _ in range(MAX_TABLE_ROWS + 1)]
    value = block.to_python({"caption": "", "table": {"data": rows, "first_row_is_table_header": False}})
    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert "表格最多 200 行、30 列" in str(caught.value.block_errors["table"])
    wide = block.to_python({"caption": "", "table": {"data": [["格"] * (MAX_TABLE_COLUMNS + 1)]}})
    with pytest.raises(ValidationError):
        block.clean(wide)
    fine = block.to_python({"caption": "", "table": {"data": [["格"] * MAX_TABLE_COLUMNS] * 3}})
    assert block.clean(fine)["table"]["data"]


def test_the_preview_panel_sanitises_an_unsaved_html_block(article, client):
    """The preview panel renders what the form holds, never saved: the block's form value is
    sanitised too, so a million-column span or a script in it goes no further than the form."""
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "Qz7-long-enough-pw"))
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    form = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).context["form"]
    data = {name: form[name].value() for name in ("title", "slug", "summary", "author")}
    attack = '<table><tr><td colspan="1000000">宽</td></tr></table><script>alert(1)</script><p onclick="x()">文</p>'
    data.update({"body-count": "1", "body-0-type": "html", "body-0-value": attack, "body-0-deleted": "",
                 "body-0-order": "0", "body-0-id": "", "fraud_types": []})
    assert client.post(preview_url, data).json()["is_valid"]
    started = time.monotonic()
    html = client.get(preview_url).content.decode()
    assert "<script>alert" not in html and "onclick" not in html and 'colspan="1000000"' not in html
    assert f'colspan="{MAX_TABLE_COLUMNS}"' in html
    poster = client.get(preview_url, {"mode": "poster"})
    assert poster.status_code == 200 and 'src="data:image/jpeg;base64,' in poster.content.decode()
    assert time.monotonic() - started < 30
