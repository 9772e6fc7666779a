"""Deadline notices: one mail to 客服专员 per new state, listing numbers without personal data."""

import datetime

from django.core import mail
from django.core.management import call_command

import pytest

from content.desk import deadlines
from content.desk.models import DeskRequest, Event

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def test_near_and_overdue_requests_are_mailed_once(agent, file_request):
    today = deadlines.shanghai_date()
    overdue = file_request("一", phone=PHONE, name="王五", consent=True).request
    near = file_request("二").request
    calm = file_request("三").request
    DeskRequest.objects.filter(pk=overdue.pk).update(due_date=today - datetime.timedelta(days=2))
    DeskRequest.objects.filter(pk=near.pk).update(due_date=today + datetime.timedelta(days=1))
    call_command("desk_deadlines", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["agent@example.com"]
    assert "1 条已超期，1 条即将到期" in message.subject
    assert overdue.number in message.body and near.number in message.body and calm.number not in message.body
    assert PHONE not in message.body and "王五" not in message.body
    assert Event.objects.filter(action=Event.Action.DEADLINE).count() == 2
    call_command("desk_deadlines", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1  # nothing new
    DeskRequest.objects.filter(pk=near.pk).update(due_date=today - datetime.timedelta(days=1))
    call_command("desk_deadlines", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 2 and near.number in mail.outbox[1].body and overdue.number not in mail.outbox[1].body


def test_answered_requests_are_not_notified(agent, file_request):
    from content.desk.actions import request_reply

    desk_request = file_request("一").request
    DeskRequest.objects.filter(pk=desk_request.pk).update(due_date=deadlines.shanghai_date() - datetime.timedelta(days=5))
    request_reply(desk_request=DeskRequest.objects.get(pk=desk_request.pk), user=agent, text="已处理")
    call_command("desk_deadlines", stdout=__import__("io").StringIO())
    assert mail.outbox == []
