"""未配置: a delivery to a channel without credentials ends there and goes out only when an operator says so.

Not when the credentials appear, not when a worker starts with old tasks in its queue, not
on `deliveries --resume`; an operator sends chosen ones with 重新投递 (the 投递 listing's bulk
action, for those who may act on deliveries) or `manage.py distribute`.
"""

from io import StringIO
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from content.demo import images
from content.models import ArticlePage
from content.roles import EDITORS, MARKETING
from publishing.deliveries import runner
from publishing.deliveries.models import FINAL_STATUSES, AttemptOutcome, Delivery, DeliveryStatus
from publishing.deliveries.tasks import resume_stalled_deliveries

from .test_services import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def wechat_unset(wechat_sandbox, wechat_publish_mode, settings):
    """The WeChat sandbox runs, but the platform has no WeChat credentials yet; returns a function that sets them."""
    app_id, secret = settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET
    settings.WECHAT_APP_ID = settings.WECHAT_APP_SECRET = ""

    def configure():
        settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = app_id, secret

    return configure


def test_a_channel_without_credentials_ends_as_not_configured_and_never_goes_out_by_itself(
    site_pages, app_sandbox, wechat_sandbox, wechat_unset, fake_renders, task_queue,
    django_capture_on_commit_callbacks,
):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    # Parked at once: no task waits in the queue for a worker that might start with credentials.
    assert task_queue.names() == ["run_delivery"]
    task_queue.run()
    wechat = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert wechat.status == DeliveryStatus.NOT_CONFIGURED and DeliveryStatus.NOT_CONFIGURED in FINAL_STATUSES
    assert wechat.get_status_display() == "未配置" and wechat.display_status == "未配置"
    assert "WECHAT_APP_ID" in wechat.status_message and "重新投递" in wechat.status_message
    assert ModelLogEntry.objects.filter(action="deliveries.not_configured", object_id=str(wechat.pk)).exists()
    assert Delivery.objects.get(page_id=article.pk, channel="app").status == DeliveryStatus.PUBLISHED

    # The credentials appear: the resume sweep (command and task) and a new worker send nothing.
    wechat_unset()
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("deliveries", "--resume", stdout=out)
        assert "重新排队 0 条" in out.getvalue()
        assert resume_stalled_deliveries.call() == 0
    assert task_queue.names() == []
    # Even a task left over from before (a worker starting on an old queue) does not send it.
    assert runner.delivery_run(delivery_id=wechat.pk).delivery is None
    wechat.refresh_from_db()
    assert wechat.status == DeliveryStatus.NOT_CONFIGURED
    assert wechat_sandbox.calls == {}, "WeChat was never called"
    assert not wechat.external_ids


def test_a_worker_that_finds_the_channel_unconfigured_ends_the_delivery_as_not_configured(
    site_pages, app_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, settings
):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    app = Delivery.objects.get(page_id=article.pk, channel="app")
    assert app.status == DeliveryStatus.PENDING and task_queue.names()[0] == "run_delivery"
    settings.APP_WEBHOOK_URL = ""  # the credentials went away before the worker ran
    task_queue.run()
    app.refresh_from_db()
    assert app.status == DeliveryStatus.NOT_CONFIGURED
    assert app.attempts.get().outcome == AttemptOutcome.NOT_CONFIGURED
    assert app_sandbox.events == []


def test_distribute_sends_a_not_configured_delivery_once_the_channel_has_credentials(
    site_pages, app_sandbox, wechat_sandbox, wechat_unset, fake_renders, task_queue,
    django_capture_on_commit_callbacks,
):
    article = site_pages["article"]
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    # Still without credentials: distribute leaves it as it is and says so.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("distribute", str(article.pk), "--channel", "wechat", stdout=StringIO())
    assert task_queue.names() == []
    assert Delivery.objects.get(channel="wechat").status == DeliveryStatus.NOT_CONFIGURED

    wechat_unset()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("distribute", article.url_path, "--channel", "wechat", stdout=StringIO())
    assert task_queue.names() == ["run_delivery"]
    task_queue.run()
    delivery = Delivery.objects.get(channel="wechat")
    assert delivery.status == DeliveryStatus.PUBLISHED and delivery.external_url
    assert ModelLogEntry.objects.filter(action="deliveries.retry", object_id=str(delivery.pk)).exists()


@pytest.fixture
def parked(site_pages, app_sandbox, wechat_sandbox, wechat_unset, fake_renders, task_queue,
           django_capture_on_commit_callbacks):
    """The article and the bulletin published while WeChat had no credentials: two 未配置 deliveries."""
    for page in (site_pages["article"], site_pages["bulletin"]):
        publish(page, django_capture_on_commit_callbacks)
    task_queue.run()
    parked = list(Delivery.objects.filter(status=DeliveryStatus.NOT_CONFIGURED, channel="wechat").order_by("pk"))
    assert len(parked) == 2
    return parked


def _user(django_user_model, name, group):
    user = django_user_model.objects.create_user(username=name, password="pw-12345678-x")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_resend_selected_rows_from_the_listing(
    parked, wechat_unset, client, django_user_model, task_queue, django_capture_on_commit_callbacks
):
    marketer = _user(django_user_model, "marketer", MARKETING)
    client.force_login(marketer)
    listing = client.get(reverse("deliveries:index")).content.decode()
    assert "重新投递" in listing and 'data-bulk-action-checkbox' in listing
    url = reverse("wagtail_bulk_action", args=["deliveries", "delivery", "resend"])
    first, second = parked

    # Asked for the one selected row, the confirmation lists it; nothing is sent on GET.
    confirm = client.get(url, {"id": [first.pk], "next": reverse("deliveries:index")})
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "确定重新投递" in html and str(first) in html and str(second) not in html
    assert task_queue.names() == []

    # Still without credentials: refused with the reason, nothing queued.
    response = client.post(f"{url}?id={first.pk}&next=/admin/deliveries/", follow=True)
    assert "仍未配置" in response.content.decode()
    assert task_queue.names() == []

    wechat_unset()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}?id={first.pk}&next=/admin/deliveries/", follow=True)
    assert "已重新排队 1 条投递" in response.content.decode()
    task_queue.run()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == DeliveryStatus.PUBLISHED
    assert second.status == DeliveryStatus.NOT_CONFIGURED, "only the chosen row goes out"
    entry = ModelLogEntry.objects.get(action="deliveries.retry", object_id=str(first.pk))
    assert entry.user == marketer


def test_only_those_who_may_act_on_deliveries_can_resend(parked, wechat_unset, client, django_user_model, task_queue):
    wechat_unset()
    editor = _user(django_user_model, "editor", EDITORS)
    client.force_login(editor)
    listing = client.get(reverse("deliveries:index"))
    assert listing.status_code == 200 and "data-bulk-action-checkbox" not in listing.content.decode()
    url = reverse("wagtail_bulk_action", args=["deliveries", "delivery", "resend"])
    # Wagtail's admin answers a refused permission with a redirect to the dashboard and a message.
    for response in (client.get(url, {"id": [parked[0].pk]}), client.post(f"{url}?id={parked[0].pk}")):
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert task_queue.names() == []
    assert Delivery.objects.get(pk=parked[0].pk).status == DeliveryStatus.NOT_CONFIGURED


def test_seed_demo_creates_no_deliveries_even_with_every_channel_configured(
    all_sandboxes, task_queue, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-pass-for-tests-7f3k")
    with mock.patch.multiple(images, COVER_SIZE=(240, 102), FIGURE_SIZE=(240, 128), LOGO_SIZE=(64, 64)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("seed_demo", stdout=StringIO())
    assert ArticlePage.objects.live().count() >= 16
    assert not Delivery.objects.exists()
    assert task_queue.names() == []
    assert all_sandboxes["app"].events == [] and all_sandboxes["wechat"].calls == {}
