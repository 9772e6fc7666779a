"""The 投递 admin: list with filters, details, retry / cancel / confirm / kit, the page panel, save-time checks."""

import zipfile

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

import pytest

from content.factories import ArticlePageFactory
from publishing.deliveries.models import Delivery, DeliveryStatus

from .test_services import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(site_pages, all_sandboxes, fake_renders, task_queue, django_capture_on_commit_callbacks):
    """The bulletin published and delivered everywhere, and the article's WeChat delivery failed (53503)."""
    all_sandboxes["wechat"].inject(path="/cgi-bin/freepublish/submit", kind="error", value=53503)
    publish(site_pages["article"], django_capture_on_commit_callbacks)
    task_queue.run()
    publish(site_pages["bulletin"], django_capture_on_commit_callbacks)
    task_queue.run()
    return {d.channel + ("-article" if d.page_id == site_pages["article"].pk else ""): d for d in Delivery.objects.all()}


@pytest.fixture
def admin_client_logged(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_list_filters_by_status_channel_and_page(delivered, admin_client_logged, site_pages):
    url = reverse("deliveries:index")
    response = admin_client_logged.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "投递" in html and "待人工确认" in html and "失败" in html
    assert html.count('data-object-pk="') >= 1 or len(response.context["object_list"]) == 6

    failed = admin_client_logged.get(url, {"status": "failed"}).context["object_list"]
    assert [d.pk for d in failed] == [delivered["wechat-article"].pk]
    wechat = admin_client_logged.get(url, {"channel": "wechat"}).context["object_list"]
    assert {d.pk for d in wechat} == {delivered["wechat"].pk, delivered["wechat-article"].pk}
    bulletin = admin_client_logged.get(url, {"page": site_pages["bulletin"].pk}).context["object_list"]
    assert len(bulletin) == 4 and all(d.page_id == site_pages["bulletin"].pk for d in bulletin)
    both = admin_client_logged.get(url, {"page": site_pages["bulletin"].pk, "status": "published"}).context["object_list"]
    assert {d.channel for d in both} == {"app", "wechat", "douyin"}


def test_the_details_show_attempts_external_ids_and_actions(delivered, admin_client_logged):
    failed = delivered["wechat-article"]
    html = admin_client_logged.get(reverse("deliveries:inspect", args=[failed.pk])).content.decode()
    assert "未通过微信的发布检查" in html
    assert "draft_media_id" in html and failed.external_ids["draft_media_id"] in html
    assert "尝试记录" in html and "发送 第 1 次" in html
    assert reverse("deliveries:retry", args=[failed.pk]) in html
    published = delivered["wechat"]
    html = admin_client_logged.get(reverse("deliveries:inspect", args=[published.pk])).content.decode()
    assert published.external_url in html
    assert reverse("deliveries:retry", args=[published.pk]) not in html


def test_retry_from_the_admin_requeues_and_is_logged(delivered, admin_client_logged, task_queue, django_capture_on_commit_callbacks, admin_user, all_sandboxes):
    failed = delivered["wechat-article"]
    url = reverse("deliveries:retry", args=[failed.pk])
    assert "从上次记录的步骤继续" in admin_client_logged.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_logged.post(url)
    assert response.status_code == 302 and response.url == reverse("deliveries:inspect", args=[failed.pk])
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.PENDING
    task_queue.run()
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.PUBLISHED
    # The retry reused the draft made the first time.
    assert len(all_sandboxes["wechat"].drafts) == 2
    entry = ModelLogEntry.objects.filter(action="deliveries.retry", object_id=str(failed.pk)).get()
    assert entry.user == admin_user
    history = admin_client_logged.get(reverse("deliveries:history", args=[failed.pk])).content.decode()
    assert "重试投递" in history and "投递成功" in history and "投递失败" in history


def test_cancel_from_the_admin(site_pages, admin_client_logged, task_queue, django_capture_on_commit_callbacks, fake_renders, settings):
    settings.APP_WEBHOOK_URL = "http://127.0.0.1:9/webhooks/jrcs"
    settings.APP_WEBHOOK_SECRET = "a-secret-for-the-test"
    publish(site_pages["article"], django_capture_on_commit_callbacks)
    waiting = Delivery.objects.get(page_id=site_pages["article"].pk, channel="app")
    assert waiting.status == DeliveryStatus.PENDING  # queued, no worker has run it
    response = admin_client_logged.post(reverse("deliveries:cancel", args=[waiting.pk]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == DeliveryStatus.CANCELLED
    assert ModelLogEntry.objects.filter(action="deliveries.cancel", object_id=str(waiting.pk)).exists()
    # Too late to cancel a published one: the reason is shown, nothing changes.
    response = admin_client_logged.post(reverse("deliveries:cancel", args=[waiting.pk]), follow=True)
    assert "不能取消" in response.content.decode()


def test_confirming_the_channels_upload_and_downloading_the_kit(delivered, admin_client_logged):
    kit = delivered["wechat_channels"]
    response = admin_client_logged.get(reverse("deliveries:kit", args=[kit.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == sorted(["video.mp4", "cover.jpg", "caption.txt", "发布步骤.txt"])
        assert "#反诈" in archive.read("caption.txt").decode()
    url = reverse("deliveries:confirm", args=[kit.pk])
    page = admin_client_logged.get(url).content.decode()
    assert "下载发布包" in page and "#反诈" in page
    bad = admin_client_logged.post(url, {"url": "不是链接"})
    assert bad.status_code == 200 and "url" in bad.context["form"].errors
    response = admin_client_logged.post(url, {"url": "https://channels.weixin.qq.com/web/pages/feed?id=1"})
    assert response.status_code == 302
    kit.refresh_from_db()
    assert kit.status == DeliveryStatus.PUBLISHED
    assert PageLogEntry.objects.filter(action="deliveries.published", page_id=kit.page_id).exists()


def test_the_page_edit_view_lists_its_deliveries(delivered, admin_client_logged, site_pages):
    html = admin_client_logged.get(reverse("wagtailadmin_pages:edit", args=[site_pages["bulletin"].pk])).content.decode()
    assert "在「投递」中查看全部" in html
    for delivery in Delivery.objects.filter(page_id=site_pages["bulletin"].pk):
        assert reverse("deliveries:inspect", args=[delivery.pk]) in html
    assert "待人工确认" in html


def test_editors_see_deliveries_but_only_marketing_and_admins_act(delivered, client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="内容编辑"))
    client.force_login(editor)
    failed = delivered["wechat-article"]
    assert client.get(reverse("deliveries:index")).status_code == 200
    assert client.get(reverse("deliveries:inspect", args=[failed.pk])).status_code == 200
    # Wagtail answers a missing permission by sending the user back to the dashboard.
    response = client.post(reverse("deliveries:retry", args=[failed.pk]))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED
    marketing = django_user_model.objects.create_user("marketing", password="x")
    marketing.groups.add(Group.objects.get(name="市场运营"))
    client.force_login(marketing)
    assert client.get(reverse("deliveries:retry", args=[failed.pk])).status_code == 200


def test_saving_a_title_wechat_would_refuse_shows_the_reason(site_pages, admin_client_logged):
    article = site_pages["article"]
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = querydict_from_html(admin_client_logged.get(url).content.decode(), form_id="page-edit-form").dict()
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>正文</p>"))])}))
    data["title"] = "如何看懂个人信用报告：逾期记录、查询记录和担保信息的完整解读指南"[:40].ljust(40, "。")
    assert len(data["title"]) == 40
    response = admin_client_logged.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title" in errors
    assert "标题有 40 个字，公众号标题最多 32 个字" in errors["title"][0]
    assert "标题有 40 个字" in response.content.decode()
    article.refresh_from_db()
    assert len(article.title) < 40


def test_the_title_limit_only_applies_when_wechat_is_enabled(site_pages, channel_settings):
    channel_settings.article_wechat = False
    channel_settings.save()
    article = ArticlePageFactory.build(title="长" * 40, slug="long-title")
    site_pages["credit"].add_child(instance=article)
    assert article.pk


def test_the_menu_and_the_channel_settings_page(admin_client_logged, channel_settings, settings):
    settings.DOUYIN_ACCESS_TOKEN = ""
    settings.DOUYIN_CLIENT_KEY = "key"
    settings.DOUYIN_OPEN_ID = "open-id"
    dashboard = admin_client_logged.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("deliveries:index") in dashboard
    url = reverse("wagtailsettings:edit", args=["deliveries", "channelsettings", channel_settings.site_id])
    html = admin_client_logged.get(url).content.decode()
    assert "渠道设置" in html and "防诈周报" in html
    assert "未配置" in html and "DOUYIN_ACCESS_TOKEN" in html
    flags = [f.name for f in channel_settings._meta.get_fields() if f.name.startswith(("article_", "case_study_", "bulletin_"))]
    data = {name: "on" for name in flags if getattr(channel_settings, name) and name != "bulletin_douyin"}
    response = admin_client_logged.post(url, data)
    assert response.status_code == 302
    channel_settings.refresh_from_db()
    assert channel_settings.bulletin_douyin is False and channel_settings.bulletin_wechat is True


def test_each_delivery_made_in_one_request_has_its_own_history(
    site_pages, admin_client_logged, admin_user, task_queue, django_capture_on_commit_callbacks, fake_renders
):
    from wagtail.log_actions import LogContext

    # In the admin, everything logged during one request shares the request's log uuid.
    with LogContext(user=admin_user):
        publish(site_pages["bulletin"], django_capture_on_commit_callbacks, user=admin_user)
    deliveries = Delivery.objects.filter(page_id=site_pages["bulletin"].pk)
    assert deliveries.count() == 4
    for delivery in deliveries:
        html = admin_client_logged.get(reverse("deliveries:history_results", args=[delivery.pk])).content.decode()
        assert f"已创建到{delivery.get_channel_display()}的投递" in html


def test_the_action_pages_carry_their_own_title_and_the_delivery(delivered, admin_client_logged):
    failed = delivered["wechat-article"]
    waiting = delivered["wechat_channels"]
    for url, title in (
        (reverse("deliveries:retry", args=[failed.pk]), "重试"),
        (reverse("deliveries:confirm", args=[waiting.pk]), "标记已上传"),
    ):
        response = admin_client_logged.get(url)
        html = response.content.decode()
        assert response.context["header_title"].startswith(title)
        labels = [item["label"] for item in response.context["breadcrumbs_items"]]
        assert labels[-1] == title and "投递" in labels and "首页" != labels[-1]
        assert f"{failed.page_title if 'retry' in url else waiting.page_title} → " in html


def test_the_details_of_a_delivery_in_progress_refresh_themselves(delivered, admin_client_logged):
    failed = delivered["wechat-article"]
    html = admin_client_logged.get(reverse("deliveries:inspect", args=[failed.pk])).content.decode()
    assert "window.location.reload" not in html  # final: nothing to wait for
    Delivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.PENDING, error_code="")
    html = admin_client_logged.get(reverse("deliveries:inspect", args=[failed.pk])).content.decode()
    assert "window.location.reload" in html and "自动刷新" in html


def test_a_retry_says_the_details_will_refresh(delivered, admin_client_logged, task_queue):
    failed = delivered["wechat-article"]
    response = admin_client_logged.post(reverse("deliveries:retry", args=[failed.pk]), follow=True)
    html = response.content.decode()
    assert "自动刷新" in html and "window.location.reload" in html


def test_times_recorded_as_epoch_seconds_show_as_times(delivered, admin_client_logged):
    failed = delivered["wechat-article"]
    Delivery.objects.filter(pk=failed.pk).update(
        external_ids={**failed.external_ids, "submit_started_at": 1796305914.5, "publish_id": "1796305914"}
    )
    html = admin_client_logged.get(reverse("deliveries:inspect", args=[failed.pk])).content.decode()
    assert "1796305914.5" not in html
    assert "2026-12-03 21:51:54" in html  # Asia/Shanghai
    assert "1796305914" in html  # an id that looks like a number stays as it is


def test_the_list_shows_sends_not_polls(delivered, admin_client_logged):
    html = admin_client_logged.get(reverse("deliveries:index")).content.decode()
    assert "发送次数" in html and "尝试次数" not in html
    published = [d for d in Delivery.objects.filter(status=DeliveryStatus.PUBLISHED)]
    assert published and all(d.attempt_count == 1 for d in published)
