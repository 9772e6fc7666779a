"""Issue 9, item 2: a page under a view restriction never reaches a public channel.

Replays what went wrong: a restricted page (its own restriction or an ancestor's) was
delivered to WeChat and the app webhook on publish, by `manage.py distribute`, and by
`deliveries --resume` after it became restricted; and a page that became restricted after
it went out stayed out.
"""

import datetime

from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from content.factories import ArticlePageFactory
from publishing.deliveries.models import Delivery, DeliveryStatus, RetractionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_channels(channel_settings, app_sandbox, wechat_sandbox, fake_renders):
    """Articles go to the app and to WeChat (the default 渠道设置), both against their sandboxes."""
    return {"app": app_sandbox, "wechat": wechat_sandbox}


def publish(page, capture):
    with capture(execute=True):
        revision = page.save_revision()
        revision.publish()
    return revision


def restrict(page, capture, kind=PageViewRestriction.LOGIN):
    with capture(execute=True):
        restriction = PageViewRestriction(page=page, restriction_type=kind, password="Qz7-page-pass")
        restriction.save()
    return restriction


def sent_anything(channels) -> bool:
    return bool(channels["app"].events or channels["wechat"].drafts or channels["wechat"].publishes)


@pytest.mark.parametrize("where", ["page", "ancestor"])
@pytest.mark.parametrize("kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS])
def test_publishing_a_restricted_page_delivers_nothing(
    site_pages, article_channels, task_queue, django_capture_on_commit_callbacks, where, kind
):
    article = site_pages["article"]
    restrict(article if where == "page" else site_pages["credit"], django_capture_on_commit_callbacks, kind)

    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()

    assert not Delivery.objects.filter(page_id=article.pk).exists()
    assert not sent_anything(article_channels)


def test_distribute_refuses_a_restricted_page_in_chinese(site_pages, article_channels, task_queue,
                                                          django_capture_on_commit_callbacks):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    Delivery.objects.all().delete()
    article_channels["app"].events.clear()
    restrict(site_pages["credit"], django_capture_on_commit_callbacks)

    with pytest.raises(CommandError, match="设置了访问限制"):
        call_command("distribute", str(article.pk))
    task_queue.run()

    assert not Delivery.objects.filter(page_id=article.pk).exists()
    assert not article_channels["app"].events


def test_a_delivery_queued_before_the_page_became_restricted_is_not_sent(
    site_pages, article_channels, task_queue, django_capture_on_commit_callbacks
):
    """Checked when the worker sends, not only when it queued: here the restriction arrives
    without any signal (a bulk insert), so only the check at send time can stop it."""
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    assert sorted(task_queue.names()) == ["run_delivery", "run_delivery"]
    PageViewRestriction.objects.bulk_create([PageViewRestriction(page=article, restriction_type="login")])

    task_queue.run()

    assert not sent_anything(article_channels)
    for delivery in Delivery.objects.filter(page_id=article.pk):
        assert delivery.status == DeliveryStatus.CANCELLED
        assert "设置了访问限制" in delivery.status_message


def test_deliveries_resume_does_not_send_a_page_that_became_restricted(
    site_pages, article_channels, task_queue, django_capture_on_commit_callbacks
):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    # The worker that took them died: leases ran out long ago, nothing was sent.
    Delivery.objects.filter(page_id=article.pk).update(
        status=DeliveryStatus.SENDING, lease_owner="dead-worker",
        lease_expires_at=timezone.now() - datetime.timedelta(hours=1),
        next_attempt_at=timezone.now() - datetime.timedelta(hours=1),
    )
    task_queue.backend.clear()
    PageViewRestriction.objects.bulk_create([PageViewRestriction(page=site_pages["credit"], restriction_type="login")])

    with django_capture_on_commit_callbacks(execute=True):
        call_command("deliveries", "--resume")
    assert sorted(task_queue.names()) == ["run_delivery", "run_delivery"]
    task_queue.run()

    assert not sent_anything(article_channels)
    assert set(Delivery.objects.filter(page_id=article.pk).values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}


def test_editors_retry_does_not_send_a_restricted_page(
    site_pages, article_channels, task_queue, django_capture_on_commit_callbacks
):
    from publishing.deliveries import services

    article = site_pages["article"]
    article_channels["app"].inject(path="*", kind="http", value=400)
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    failed = Delivery.objects.get(page_id=article.pk, channel="app")
    assert failed.status == DeliveryStatus.FAILED
    PageViewRestriction.objects.bulk_create([PageViewRestriction(page=article, restriction_type="login")])

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=failed)
    assert task_queue.names() == ["run_delivery"]
    task_queue.run()

    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.CANCELLED
    assert not article_channels["app"].events


@pytest.mark.parametrize("where", ["page", "ancestor"])
def test_a_page_restricted_after_it_went_out_is_retracted(
    site_pages, article_channels, task_queue, django_capture_on_commit_callbacks, where
):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    found = {d.channel: d for d in Delivery.objects.filter(page_id=article.pk)}
    assert {c: d.status for c, d in found.items()} == {"app": DeliveryStatus.PUBLISHED, "wechat": DeliveryStatus.PUBLISHED}

    restrict(article if where == "page" else site_pages["credit"], django_capture_on_commit_callbacks)
    task_queue.run()

    found = {d.channel: d for d in Delivery.objects.filter(page_id=article.pk)}
    assert found["app"].retraction_status == RetractionStatus.RETRACTED
    assert [event["event"] for event in article_channels["app"].events] == ["page.published", "page.retracted"]
    assert found["wechat"].retraction_status == RetractionStatus.RETRACTED
    assert all(item["deleted"] for item in article_channels["wechat"].articles.values())
    assert "访问限制" in found["wechat"].retraction_message or found["wechat"].retracted_at is not None


def test_a_page_moved_under_a_restricted_column_is_retracted(
    site_pages, article_channels, task_queue, django_capture_on_commit_callbacks
):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    PageViewRestriction.objects.create(page=site_pages["loans"], restriction_type="login")

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).move(site_pages["loans"], pos="last-child")
    task_queue.run()

    assert Delivery.objects.get(page_id=article.pk, channel="app").retraction_status == RetractionStatus.RETRACTED
    assert [event["event"] for event in article_channels["app"].events] == ["page.published", "page.retracted"]


def test_unpublishing_after_delivery_still_retracts(site_pages, article_channels, task_queue,
                                                    django_capture_on_commit_callbacks):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).specific.unpublish()
    task_queue.run()
    assert [event["event"] for event in article_channels["app"].events] == ["page.published", "page.retracted"]
    assert all(item["deleted"] for item in article_channels["wechat"].articles.values())


def test_a_public_page_next_to_a_restricted_one_still_goes_out(
    site_pages, article_channels, task_queue, django_capture_on_commit_callbacks
):
    restricted = site_pages["article"]
    restrict(restricted, django_capture_on_commit_callbacks)
    public = ArticlePageFactory(parent=site_pages["credit"], title="贷款前先看年化利率", slug="nianhua")

    publish(public, django_capture_on_commit_callbacks)
    task_queue.run()

    assert {d.status for d in Delivery.objects.filter(page_id=public.pk)} == {DeliveryStatus.PUBLISHED}
    assert [event["page"]["id"] for event in article_channels["app"].events] == [public.pk]
