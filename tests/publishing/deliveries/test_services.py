"""The delivery life cycle against the sandboxes: publish → deliver, retries, polling, resume, retraction."""

import datetime
import time

from django.utils import timezone

from wagtail.models import Page

import pytest

from publishing.deliveries import policies, services, tasks
from publishing.deliveries.models import (
    AttemptKind,
    AttemptOutcome,
    Delivery,
    DeliveryStatus,
    RetractionStatus,
)

pytestmark = pytest.mark.django_db


def publish(page, capture, user=None):
    """Publish a new revision of `page` (as the workflow's approval does) and run the on-commit work."""
    with capture(execute=True):
        revision = page.save_revision(user=user)
        revision.publish(user=user)
    return revision


def deliveries(page) -> dict[str, Delivery]:
    return {d.channel: d for d in Delivery.objects.filter(page_id=page.pk).order_by("pk")}


def test_publishing_a_bulletin_delivers_it_to_every_channel(
    site_pages, all_sandboxes, fake_renders, task_queue, django_capture_on_commit_callbacks, wechat_publish_mode
):
    bulletin = site_pages["bulletin"]
    revision = publish(bulletin, django_capture_on_commit_callbacks)
    assert sorted(task_queue.names()) == ["run_delivery"] * 4
    task_queue.run()
    found = deliveries(bulletin)
    assert {c: d.status for c, d in found.items()} == {
        "app": DeliveryStatus.PUBLISHED,
        "wechat": DeliveryStatus.PUBLISHED,
        "douyin": DeliveryStatus.PUBLISHED,
        "wechat_channels": DeliveryStatus.AWAITING_CONFIRMATION,
    }
    assert all(d.revision_id == revision.pk for d in found.values())

    # App: one signed webhook announcing the publish.
    events = all_sandboxes["app"].events
    assert [e["event"] for e in events] == ["page.published"]
    assert events[0]["page"]["id"] == bulletin.pk
    assert found["app"].external_url.endswith("/")

    # WeChat: three slices uploaded, one cover, one draft, one publish, article URL recorded.
    wechat = all_sandboxes["wechat"]
    assert len(wechat.images) == 3 and len(wechat.materials) == 1
    assert len(wechat.drafts) == 1 and len(wechat.publishes) == 1
    ids = found["wechat"].external_ids
    assert set(ids["image_urls"]) == {key for key in ids["image_urls"] if key.startswith("slice-")}
    assert ids["draft_media_id"] in wechat.drafts
    assert found["wechat"].external_url.startswith("https://mp.weixin.qq.com/s/")
    draft = next(iter(wechat.drafts.values()))["articles"][0]
    assert draft["title"] == bulletin.title
    assert f"delivery={found['wechat'].key.hex[:12]}" in draft["content_source_url"]
    assert "<style" not in draft["content"] and "class=" not in draft["content"]

    # Douyin: a small video goes up whole, then one post with the caption's hashtags.
    douyin = all_sandboxes["douyin"]
    assert len(douyin.videos) == 1 and len(douyin.items) == 1
    item = next(iter(douyin.items.values()))
    assert "#反诈" in item["text"] and "#虚假网络贷款" in item["text"]
    assert found["douyin"].external_ids["item_id"] in douyin.items

    # 视频号: a kit to download, waiting for a person.
    assert found["wechat_channels"].external_ids["kit_path"].endswith(".zip")


def test_wechat_publishing_is_polled_by_deferred_tasks_until_final(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.publish_after_polls = 3
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run_next()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.SENDING
    assert delivery.external_ids["publish_id"] in wechat_sandbox.publishes
    # Nothing sleeps: each poll is a task deferred with run_after, further apart each time.
    delays = []
    while task_queue.queued:
        queued = task_queue.queued[0]
        assert queued.task.name == "poll_delivery"
        delays.append((queued.task.run_after - timezone.now()).total_seconds())
        task_queue.run_next()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert delivery.poll_count == 4
    assert delivery.attempt_count == 1  # one send, then polls: a first-time success
    assert delays[0] <= 5.5 and delays[1] < delays[2] < delays[3]
    assert [a.kind for a in delivery.attempts.order_by("pk")] == ["send", "poll", "poll", "poll", "poll"]


def test_creating_a_delivery_twice_for_the_same_revision_is_a_no_op(site_pages, task_queue):
    article = site_pages["article"]
    revision = article.save_revision()
    first, created = services.delivery_create(page=article, revision=revision, channel="wechat")
    again, created_again = services.delivery_create(page=article, revision=revision, channel="wechat")
    assert created and not created_again and first.pk == again.pk
    assert Delivery.objects.filter(revision=revision, channel="wechat").count() == 1


def test_a_channel_without_credentials_ends_as_not_configured_and_says_so(
    site_pages, task_queue, fake_renders, django_capture_on_commit_callbacks, settings
):
    settings.WECHAT_APP_ID = ""
    settings.WECHAT_APP_SECRET = ""
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.NOT_CONFIGURED
    assert delivery.display_status == "未配置"
    assert "WECHAT_APP_ID" in delivery.status_message and "未配置" in delivery.status_message
    # Ended when it was created: no task was queued for it, so no attempt was made.
    assert not delivery.attempts.exists()
    assert task_queue.queued == []


def test_transient_errors_retry_with_exponential_backoff_then_succeed(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path="/cgi-bin/draft/add", kind="error", value=-1, times=2)
    wechat_sandbox.inject(path="/cgi-bin/material/add_material", kind="http", value=503, times=1)
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    delays = []
    while task_queue.queued and task_queue.queued[0].task.name == "run_delivery":
        queued = task_queue.queued[0]
        if queued.task.run_after:
            delays.append((queued.task.run_after - timezone.now()).total_seconds())
        task_queue.run_next()
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.PUBLISHED
    outcomes = [a.outcome for a in delivery.attempts.filter(kind=AttemptKind.SEND).order_by("pk")]
    assert outcomes == ["transient", "transient", "transient", "waiting"]
    assert delivery.attempt_count == 4
    # 30 s base, doubling, with jitter between half and the whole of it.
    assert 15 <= delays[0] <= 30 and 30 <= delays[1] <= 60 and 60 <= delays[2] <= 120
    # The retries resumed: the cover and the draft were made once.
    assert len(wechat_sandbox.materials) == 1 and len(wechat_sandbox.drafts) == 1


def test_transient_errors_stop_after_the_limit(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, settings
):
    settings.DELIVERY_RETRY = {"max_attempts": 3}
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path="/cgi-bin/media/uploadimg", kind="http", value=500, times=0)
    wechat_sandbox.inject(path="/cgi-bin/material/add_material", kind="http", value=500, times=0)
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempt_count == 3
    assert "HTTP 500" in delivery.status_message and "不再自动重试" in delivery.status_message


@pytest.mark.parametrize(
    ("path", "errcode", "words"),
    [
        ("/cgi-bin/freepublish/submit", 53503, "未通过微信的发布检查"),
        ("/cgi-bin/draft/add", 45009, "调用次数已用完"),
    ],
)
def test_permanent_errors_fail_at_once_with_a_chinese_reason(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks,
    channel_settings, path, errcode, words,
):
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path=path, kind="error", value=errcode)
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.FAILED
    assert words in delivery.status_message
    assert delivery.error_code == str(errcode)
    assert delivery.attempts.count() == 1


def test_an_expired_token_is_refreshed_once_during_a_delivery(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path="/cgi-bin/draft/add", kind="expire_token")
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert wechat_sandbox.token_fetches == 2
    assert delivery.attempts.filter(kind=AttemptKind.SEND).count() == 1


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, nothing catches it."""


def test_a_worker_killed_between_draft_and_submit_resumes_with_one_draft_and_one_publish(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, monkeypatch,
    settings,
):
    from publishing.channels.wechat.client import WechatClient

    channel_settings.article_app = False
    channel_settings.save()
    bulletin_free_article = site_pages["article"]
    publish(bulletin_free_article, django_capture_on_commit_callbacks)

    real_submit = WechatClient.publish_submit_ids

    def killed(self, **kwargs):
        raise WorkerKilled()

    monkeypatch.setattr(WechatClient, "publish_submit_ids", killed)
    with pytest.raises(WorkerKilled):
        task_queue.run_next()
    delivery = Delivery.objects.get(page_id=bulletin_free_article.pk, channel="wechat")
    # What the dead worker left behind: the draft's id recorded, nothing submitted, the lease held.
    assert delivery.status == DeliveryStatus.SENDING
    assert delivery.step == "submit_started" and delivery.external_ids["draft_media_id"] in wechat_sandbox.drafts
    assert delivery.external_ids["in_flight"] == "publish_submit"
    assert "publish_id" not in delivery.external_ids
    assert delivery.lease_expires_at > timezone.now()
    assert wechat_sandbox.publishes == {}

    monkeypatch.setattr(WechatClient, "publish_submit_ids", real_submit)
    # Before the lease runs out, nobody else takes it.
    assert tasks.deliveries_resume_stalled() == []
    later = timezone.now() + datetime.timedelta(seconds=policies.lease_seconds() + 1)
    with django_capture_on_commit_callbacks(execute=True):
        resumed = tasks.deliveries_resume_stalled(now=later)
    assert [d.pk for d in resumed] == [delivery.pk]
    # The dead worker may have reached WeChat: nothing in the published list yet, so wait
    # (WeChat may still be publishing) instead of submitting a second time.
    task_queue.run_next()
    delivery.refresh_from_db()
    assert "以免重复发布" in delivery.status_message
    assert wechat_sandbox.calls["/cgi-bin/freepublish/batchget"] == 1
    assert wechat_sandbox.calls.get("/cgi-bin/freepublish/submit", 0) == 0
    # Long after WeChat would have finished, still nothing published: submit it now.
    settings.WECHAT_SUBMIT_SETTLE_SECONDS = 0
    task_queue.run()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert len(wechat_sandbox.drafts) == 1 and len(wechat_sandbox.publishes) == 1
    assert wechat_sandbox.calls["/cgi-bin/draft/add"] == 1
    assert wechat_sandbox.calls["/cgi-bin/freepublish/submit"] == 1
    outcomes = [a.outcome for a in delivery.attempts.filter(kind=AttemptKind.SEND).order_by("pk")]
    assert outcomes == [AttemptOutcome.INTERRUPTED, "transient", AttemptOutcome.WAITING]


def test_a_publish_whose_answer_was_lost_is_found_not_submitted_again(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, settings
):
    channel_settings.article_app = False
    channel_settings.save()
    # WeChat accepts the submit but the answer never arrives (the client times out).
    settings.CHANNEL_HTTP_TIMEOUT = 0.5
    wechat_sandbox.inject(path="/cgi-bin/freepublish/submit", kind="delay", value=1.2)
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run_next()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.external_ids["in_flight"] == "publish_submit"
    assert "publish_id" not in delivery.external_ids
    deadline = time.monotonic() + 5
    while not wechat_sandbox.publishes and time.monotonic() < deadline:
        time.sleep(0.05)
    wechat_sandbox.finish_pending_publishes()  # by the retry, WeChat has published it
    task_queue.run()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert wechat_sandbox.calls["/cgi-bin/freepublish/submit"] == 1
    assert delivery.external_ids.get("published_found_on_resume") is True
    article_id = delivery.external_ids["article_id"]
    assert delivery.external_url == wechat_sandbox.articles[article_id]["url"]


def test_a_draft_made_just_before_the_worker_died_is_found_not_made_again(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, settings
):
    channel_settings.article_app = False
    channel_settings.save()
    # WeChat makes the draft but the answer never arrives (the client times out).
    settings.CHANNEL_HTTP_TIMEOUT = 0.5
    wechat_sandbox.inject(path="/cgi-bin/draft/add", kind="delay", value=1.2)
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run_next()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.external_ids["in_flight"] == "draft_add"
    assert "超时" in delivery.status_message
    # The retry comes tens of seconds later; by then WeChat has finished the draft it was making.
    deadline = time.monotonic() + 5
    while not wechat_sandbox.drafts and time.monotonic() < deadline:
        time.sleep(0.05)
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert len(wechat_sandbox.drafts) == 1
    assert wechat_sandbox.calls["/cgi-bin/draft/add"] == 1
    assert delivery.external_ids.get("draft_found_on_resume") is True


def test_unpublishing_retracts_what_went_out_and_records_it(
    site_pages, all_sandboxes, fake_renders, task_queue, django_capture_on_commit_callbacks, wechat_publish_mode
):
    bulletin = site_pages["bulletin"]
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=bulletin.pk).specific.unpublish()
    task_queue.run()
    found = deliveries(bulletin)
    assert found["app"].retraction_status == RetractionStatus.RETRACTED
    assert [e["event"] for e in all_sandboxes["app"].events] == ["page.published", "page.retracted"]
    assert found["wechat"].retraction_status == RetractionStatus.RETRACTED
    article = next(iter(all_sandboxes["wechat"].articles.values()))
    assert article["deleted"] is True
    assert found["douyin"].retraction_status == RetractionStatus.RETRACTED
    assert all(item["deleted"] for item in all_sandboxes["douyin"].items.values())
    # 视频号 had not been uploaded yet: nothing to take down, the delivery is cancelled.
    assert found["wechat_channels"].status == DeliveryStatus.CANCELLED
    assert found["wechat"].retracted_at is not None
    assert found["wechat"].attempts.filter(kind=AttemptKind.RETRACT, outcome=AttemptOutcome.SUCCEEDED).exists()


def test_unpublishing_while_wechat_is_still_publishing_takes_it_down_when_it_is_out(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    channel_settings.article_app = False
    channel_settings.save()
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run_next()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).specific.unpublish()
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert delivery.retraction_status == RetractionStatus.RETRACTED
    assert all(a["deleted"] for a in wechat_sandbox.articles.values())


def test_a_republished_page_tells_the_app_it_was_updated_without_a_second_wechat_article(
    site_pages, all_sandboxes, fake_renders, task_queue, django_capture_on_commit_callbacks
):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    article.refresh_from_db()
    article.summary = "更新后的摘要"
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    assert [e["event"] for e in all_sandboxes["app"].events] == ["page.published", "page.updated"]
    assert Delivery.objects.filter(page_id=article.pk, channel="wechat").count() == 1
    assert len(all_sandboxes["wechat"].publishes) == 1


def test_cancel_and_retry(site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, admin_user):
    channel_settings.article_app = False
    channel_settings.save()
    article = site_pages["article"]
    wechat_sandbox.inject(path="/cgi-bin/draft/add", kind="error", value=45009)
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.FAILED
    uploaded_before = len(wechat_sandbox.images)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=delivery, user=admin_user)
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    # The retry went on from the last recorded step: images and cover were not uploaded again.
    assert len(wechat_sandbox.images) == uploaded_before and len(wechat_sandbox.materials) == 1
    with pytest.raises(services.DeliveryActionError):
        services.delivery_cancel(delivery=delivery, user=admin_user)


def test_cancelling_a_waiting_delivery_stops_it(site_pages, task_queue, fake_renders, django_capture_on_commit_callbacks, wechat_sandbox, admin_user, channel_settings):
    channel_settings.article_app = False
    channel_settings.save()
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    services.delivery_cancel(delivery=delivery, user=admin_user)
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.CANCELLED
    assert wechat_sandbox.drafts == {}


def test_a_video_past_the_threshold_goes_up_in_parts_and_resumes_with_the_next_part(
    site_pages, douyin_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, settings
):
    for name in ("app", "wechat", "wechat_channels"):
        setattr(channel_settings, f"bulletin_{name}", False)
    channel_settings.save()
    settings.DOUYIN_CHUNK_THRESHOLD = 6 * 1024 * 1024
    settings.DOUYIN_CHUNK_SIZE = 5 * 1024 * 1024
    fake_renders.video_size = 12 * 1024 * 1024
    douyin_sandbox.inject(path="/video/part/upload/", kind="http", value=502)
    bulletin = site_pages["bulletin"]
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=bulletin.pk, channel="douyin")
    assert delivery.status == DeliveryStatus.PUBLISHED
    upload = next(iter(douyin_sandbox.uploads.values()))
    assert upload["parts"] == {1: upload["parts"][1], 2: upload["parts"][2], 3: upload["parts"][3]}
    assert douyin_sandbox.calls["/video/part/init/"] == 1
    assert douyin_sandbox.calls["/video/part/upload/"] == 4  # one failed, retried
    assert len(douyin_sandbox.items) == 1


def test_douyin_refuses_a_video_that_is_not_vertical_before_uploading(
    site_pages, douyin_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    for name in ("app", "wechat", "wechat_channels"):
        setattr(channel_settings, f"bulletin_{name}", False)
    channel_settings.save()
    fake_renders.video_width, fake_renders.video_height = 1920, 1080
    bulletin = site_pages["bulletin"]
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=bulletin.pk, channel="douyin")
    assert delivery.status == DeliveryStatus.FAILED
    assert "9:16" in delivery.status_message
    assert douyin_sandbox.calls == {}


def test_confirming_the_channels_upload_publishes_it(
    site_pages, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, admin_user
):
    for name in ("app", "wechat", "douyin"):
        setattr(channel_settings, f"bulletin_{name}", False)
    channel_settings.save()
    bulletin = site_pages["bulletin"]
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=bulletin.pk, channel="wechat_channels")
    assert delivery.status == DeliveryStatus.AWAITING_CONFIRMATION
    with pytest.raises(services.DeliveryActionError):
        services.delivery_confirm_upload(delivery=delivery, url="ftp://x", user=admin_user)
    services.delivery_confirm_upload(delivery=delivery, url="https://channels.weixin.qq.com/v/abc", user=admin_user)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED and delivery.confirmed_by == admin_user
    assert delivery.external_url == "https://channels.weixin.qq.com/v/abc"


def test_deliveries_start_only_when_the_reviewer_approves(
    site_pages, app_sandbox, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, django_user_model
):
    from django.contrib.auth.models import Group

    from wagtail.models import WorkflowState

    from content.models import ArticlePage

    editor = django_user_model.objects.create_user("editor", password="pw-12345678")
    editor.groups.add(Group.objects.get(name="内容编辑"))
    reviewer = django_user_model.objects.create_user("reviewer", password="pw-12345678")
    reviewer.groups.add(Group.objects.get(name="合规审核"))
    draft = ArticlePage(
        title="如何查询个人信用报告", slug="review-me", summary="每年两次免费查询。", owner=editor, live=False,
        body=[("paragraph", "<p>查询个人信用报告每年有两次免费机会，可以通过征信中心官网或银行网点办理。</p>")],
    )
    site_pages["credit"].add_child(instance=draft)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=editor)
        latest = draft.get_latest_revision_as_object()
        latest.get_workflow().start(latest, editor)
    # Submitted and past the automatic compliance step: nothing goes out before the reviewer approves.
    assert not Delivery.objects.filter(page_id=draft.pk).exists()
    state = WorkflowState.objects.get(object_id=str(draft.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "approve", comment="同意")
    assert ArticlePage.objects.get(pk=draft.pk).live
    task_queue.run()
    assert {d.channel: d.status for d in Delivery.objects.filter(page_id=draft.pk)} == {
        "app": DeliveryStatus.PUBLISHED, "wechat": DeliveryStatus.PUBLISHED,
    }


def test_a_first_time_success_counts_one_send(
    site_pages, app_sandbox, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    channel_settings.article_wechat = False
    channel_settings.save()
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="app")
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert delivery.attempt_count == 1


def test_a_delivery_that_fails_for_good_sends_delivery_failed_once(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, settings
):
    from publishing.deliveries.events import delivery_failed

    settings.DELIVERY_RETRY = {"max_attempts": 2}
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path="/cgi-bin/media/uploadimg", kind="http", value=500, times=0)
    wechat_sandbox.inject(path="/cgi-bin/material/add_material", kind="http", value=500, times=0)
    heard = []

    def listener(sender, delivery, **kwargs):
        heard.append((sender, delivery.pk, delivery.status))

    delivery_failed.connect(listener)
    try:
        article = site_pages["article"]
        publish(article, django_capture_on_commit_callbacks)
        task_queue.run()  # each task runs its on-commit work, as a worker's transaction would
    finally:
        delivery_failed.disconnect(listener)
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert heard == [(Delivery, delivery.pk, DeliveryStatus.FAILED)]


def test_a_transient_error_that_will_be_retried_sends_nothing(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    from publishing.deliveries.events import delivery_failed

    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path="/cgi-bin/draft/add", kind="error", value=-1, times=1)
    heard = []
    delivery_failed.connect(lambda sender, delivery, **kwargs: heard.append(delivery.pk), weak=False, dispatch_uid="test")
    try:
        publish(site_pages["article"], django_capture_on_commit_callbacks)
        task_queue.run()
    finally:
        delivery_failed.disconnect(dispatch_uid="test")
    assert heard == []
