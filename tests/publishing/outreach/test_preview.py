"""Phone preview against the WeChat sandbox: the article as it would go out, to each test reader."""

import io

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import Site

import pytest

from publishing.outreach.models import WechatSettings
from publishing.outreach.preview import PreviewError, wechat_preview_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipients(site_pages):
    settings = WechatSettings.for_site(Site.objects.get(is_default_site=True))
    settings.preview_wechat_ids = "jrcs_tester\nmarketing_lee"
    settings.save()
    return settings


def test_the_preview_is_the_article_as_it_would_go_out(site_pages, wechat_sandbox, fake_renders, recipients):
    bulletin = site_pages["bulletin"]
    bulletin.lead_warning = "草稿里改过的预警：先别转账"
    bulletin.save_revision()  # a draft, not published: the preview shows it
    results = wechat_preview_send(page=bulletin, to=["jrcs_tester", "stranger_wx1"])
    assert [(r.wechat_id, r.ok) for r in results] == [("jrcs_tester", True), ("stranger_wx1", False)]
    assert "没有关注公众号" in results[1].message
    [preview] = wechat_sandbox.previews
    assert preview["to"] == "jrcs_tester"
    article = wechat_sandbox.drafts[preview["media_id"]]["articles"][0]
    assert "草稿里改过的预警" in article["content"]
    # The same poster-then-text article a delivery sends (bulletins: 长图 + 图文).
    images = wechat_sandbox.state()["drafts"][preview["media_id"]]["images"][0]
    assert len(images) == fake_renders.slice_count
    assert wechat_sandbox.mass_sends == {} and wechat_sandbox.publishes == {}


def test_bad_recipients_and_an_unconfigured_channel_are_clear_errors(site_pages, settings):
    with pytest.raises(PreviewError, match="没有预览微信号"):
        wechat_preview_send(page=site_pages["article"], to=[])
    with pytest.raises(PreviewError, match="不是有效的微信号"):
        wechat_preview_send(page=site_pages["article"], to=["1bad"])
    settings.WECHAT_APP_ID = ""
    with pytest.raises(PreviewError, match="未配置"):
        wechat_preview_send(page=site_pages["article"], to=["jrcs_tester"])


def test_the_daily_preview_limit_is_reported(site_pages, wechat_sandbox, fake_renders):
    wechat_sandbox.inject(path="/cgi-bin/message/mass/preview", kind="error", value=45009)
    [result] = wechat_preview_send(page=site_pages["article"], to=["jrcs_tester"])
    assert not result.ok and "预览次数已用完" in result.message


def test_the_command_previews_to_the_settings_recipients(site_pages, wechat_sandbox, fake_renders, recipients):
    out = io.StringIO()
    call_command("wechat_preview", str(site_pages["article"].pk), stdout=out)
    assert sorted(p["to"] for p in wechat_sandbox.previews) == ["jrcs_tester", "marketing_lee"]
    assert "已发送" in out.getvalue()
    with pytest.raises(CommandError, match="没有一条预览发送成功"):
        call_command("wechat_preview", str(site_pages["article"].pk), "--to", "stranger_wx1", stdout=io.StringIO())


def test_the_button_and_the_view_send_and_show_results(site_pages, wechat_sandbox, fake_renders, recipients, admin_client):
    article = site_pages["article"]
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    url = reverse("outreach_preview", args=[article.pk])
    assert url in edit.content.decode()
    form = admin_client.get(url)
    assert form.status_code == 200 and "marketing_lee" in form.content.decode()
    response = admin_client.post(url, {"recipients": "jrcs_tester\nstranger_wx1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "jrcs_tester：已发送" in body and "stranger_wx1：该微信号没有关注公众号" in body
    assert len(wechat_sandbox.previews) == 1
    response = admin_client.post(url, {"recipients": "x"})
    assert "不是有效的微信号" in response.content.decode()


def test_only_users_who_may_edit_the_page_may_preview_it(site_pages, wechat_sandbox, fake_renders, client,
                                                         django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="pw-viewer-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = reverse("outreach_preview", args=[site_pages["article"].pk])
    for response in (client.get(url), client.post(url, {"recipients": "jrcs_tester"})):
        assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "permission denied"
    assert wechat_sandbox.previews == []


def test_settings_refuse_malformed_wechat_ids(site_pages):
    from django.core.exceptions import ValidationError

    settings = WechatSettings.for_site(Site.objects.get(is_default_site=True))
    settings.preview_wechat_ids = "good_id1, 9bad"
    with pytest.raises(ValidationError):
        settings.full_clean()
    settings.preview_wechat_ids = "good_id1，good_id2  good_id1"
    settings.full_clean()
    assert settings.preview_recipients == ["good_id1", "good_id2"]


def test_previews_do_not_fill_the_draft_box(site_pages, wechat_sandbox, fake_renders, recipients):
    import datetime

    from django.utils import timezone

    from publishing.outreach.models import PreviewDraft
    from publishing.outreach.preview_drafts import preview_drafts_clean

    article, bulletin = site_pages["article"], site_pages["bulletin"]
    for _ in range(3):
        wechat_preview_send(page=article, to=["jrcs_tester"])
    wechat_preview_send(page=bulletin, to=["jrcs_tester"])
    # Each page keeps only its latest preview's draft, which the reader may still open.
    latest = {p["media_id"] for p in wechat_sandbox.previews[2:]}
    assert set(wechat_sandbox.drafts) == latest
    assert set(PreviewDraft.objects.values_list("media_id", flat=True)) == latest

    assert preview_drafts_clean() == 0  # not a day old yet
    wechat_sandbox.drafts.pop(wechat_sandbox.previews[3]["media_id"])  # someone deleted it in the 公众平台
    assert preview_drafts_clean(now=timezone.now() + datetime.timedelta(hours=25)) == 2
    assert wechat_sandbox.drafts == {} and not PreviewDraft.objects.exists()


def test_a_draft_wechat_will_not_delete_is_tried_again_later(site_pages, wechat_sandbox, fake_renders, recipients):
    import datetime

    from django.utils import timezone

    from publishing.outreach.models import PreviewDraft
    from publishing.outreach.preview_drafts import preview_drafts_clean

    wechat_preview_send(page=site_pages["article"], to=["jrcs_tester"])
    later = timezone.now() + datetime.timedelta(hours=25)
    wechat_sandbox.inject(path="/cgi-bin/draft/delete", kind="error", value=-1, times=1)
    assert preview_drafts_clean(now=later) == 0 and PreviewDraft.objects.count() == 1
    assert preview_drafts_clean(now=later) == 1 and wechat_sandbox.drafts == {}
