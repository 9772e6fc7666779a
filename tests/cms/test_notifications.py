"""Tests for cms/notifications.py: a delivery that fails for good is mailed to the page's owner and 市场运营."""

import logging
import smtplib

from django.contrib.auth.models import Group, User
from django.core import mail

import pytest

from cms.notifications import delivery_failure_recipients, notify_delivery_failed
from content.factories import ArticlePageFactory, build_site_tree
from content.roles import EDITORS, MARKETING
from publishing.deliveries.events import delivery_failed
from publishing.deliveries.models import Delivery, DeliveryStatus
from tests.publishing.channels.fixtures import *  # noqa: F403 - the sandboxes and fake renders

pytestmark = pytest.mark.django_db


def _user(username, group, email):
    user = User.objects.create_user(username=username, password="pw-12345678", email=email)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def failed():
    owner = _user("owner", EDITORS, "owner@example.com")
    _user("bystander", EDITORS, "bystander@example.com")
    _user("mk1", MARKETING, "mk1@example.com")
    _user("mk2", MARKETING, "")  # no address: cannot be told by mail
    gone = _user("mk3", MARKETING, "gone@example.com")
    gone.is_active = False
    gone.save()
    page = ArticlePageFactory(parent=build_site_tree()["credit"], title="查询信用报告", owner=owner)
    return Delivery.objects.create(
        page_id=page.pk, page_title=page.title, channel="wechat", status=DeliveryStatus.FAILED,
        status_message="标题超过 32 个字，微信拒收。", error_code="45003",
    )


def test_the_owner_and_marketing_are_told_each_by_a_message_of_their_own(failed):
    delivery_failed.send(sender=Delivery, delivery=failed)
    assert sorted(message.to[0] for message in mail.outbox) == ["mk1@example.com", "owner@example.com"]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "投递失败：查询信用报告 → 微信公众号"
    assert "标题超过 32 个字" in message.body and "45003" in message.body
    assert f"http://testserver/admin/deliveries/inspect/{failed.pk}/" in message.body


def test_recipients_leave_out_the_inactive_and_those_without_an_address(failed):
    assert delivery_failure_recipients(failed) == ["mk1@example.com", "owner@example.com"]


def test_a_mail_server_that_is_down_is_logged_without_addresses(failed, settings, monkeypatch, caplog):
    def refuse(self, messages):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with caplog.at_level(logging.INFO, logger="cms.notifications"):
        notify_delivery_failed(sender=Delivery, delivery=failed)
    assert "Could not e-mail" in caplog.text
    assert "@example.com" not in caplog.text


def test_the_log_says_how_many_were_told_not_who(failed, caplog):
    with caplog.at_level(logging.INFO, logger="cms.notifications"):
        notify_delivery_failed(sender=Delivery, delivery=failed)
    assert "told 2 people" in caplog.text and "@example.com" not in caplog.text


def test_a_delivery_the_engine_gives_up_on_mails_the_owner(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    from tests.publishing.deliveries.test_services import publish

    owner = _user("author", EDITORS, "author@example.com")
    _user("marketer", MARKETING, "marketer@example.com")
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path="/cgi-bin/freepublish/submit", kind="error", value=53503)
    article = site_pages["article"]
    article.owner = owner
    article.save()
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=article.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.FAILED
    assert sorted(message.to[0] for message in mail.outbox) == ["author@example.com", "marketer@example.com"]
