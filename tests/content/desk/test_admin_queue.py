"""The agents' queue and a request's page in the admin: order, filters, masking, actions, reveal logging."""

import pytest

from content.desk.models import DeskRequest, Event
from content.desk.models.requests import Status

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def test_queue_lists_urgent_first_then_by_due_date(client, agent, file_request):
    calm = file_request("请问怎么查征信报告")
    urgent = file_request("对方自称警察，让我把钱转到安全账户", kind="fraud_report")
    client.force_login(agent)
    response = client.get("/admin/desk/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(urgent.request.number) < body.index(calm.request.number)
    assert "紧急" in body


def test_filters_by_kind_and_phone_last4(client, agent, file_request):
    complaint = file_request("乱收服务费", kind="complaint", phone=PHONE, name="李雷", consent=True)
    other = file_request("想咨询一下", phone="13700001111", consent=True)
    client.force_login(agent)
    body = client.get("/admin/desk/", {"kind": "complaint"}).content.decode()
    assert complaint.request.number in body and other.request.number not in body
    body = client.get("/admin/desk/", {"phone": "5678"}).content.decode()
    assert complaint.request.number in body and other.request.number not in body


def test_detail_masks_and_reveal_is_logged(client, agent, file_request):
    receipt = file_request("我的身份证号 110101199003071234，卡号 6222020200112233445 被盗刷", kind="complaint", phone=PHONE, name="韩梅梅", consent=True)
    desk_request = receipt.request
    client.force_login(agent)
    body = client.get(f"/admin/desk/{desk_request.pk}/").content.decode()
    assert "139****5678" in body and PHONE not in body
    assert "韩*" in body and "韩梅梅" not in body
    assert "110101199003071234" not in body and "6222020200112233445" not in body
    assert not Event.objects.filter(action=Event.Action.REVEALED).exists()
    response = client.post(f"/admin/desk/{desk_request.pk}/reveal/", {"field": "phone"})
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = Event.objects.get(action=Event.Action.REVEALED)
    assert event.actor == agent and event.detail == {"field": "phone"}
    assert client.get(f"/admin/desk/{desk_request.pk}/reveal/").status_code == 405


def test_reveal_needs_the_permission(client, django_user_model, file_request):
    from django.contrib.auth.models import Group, Permission

    viewer = django_user_model.objects.create_user("viewer", password="pw-viewer-123")
    group = Group.objects.create(name="只读")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_deskrequest"]))
    viewer.groups.add(group)
    desk_request = file_request("问题", phone=PHONE, consent=True).request
    client.force_login(viewer)
    assert client.get(f"/admin/desk/{desk_request.pk}/").status_code == 200
    # Wagtail answers a refused admin request with a redirect to the dashboard and a message.
    refused = client.post(f"/admin/desk/{desk_request.pk}/reveal/", {"field": "phone"})
    assert refused.status_code in (302, 403) and PHONE not in refused.content.decode()
    assert client.post(f"/admin/desk/{desk_request.pk}/", {"action": "note", "text": "x"}).status_code in (302, 403)
    assert not desk_request.notes.exists()
    assert not Event.objects.filter(action=Event.Action.REVEALED).exists()


def test_reader_and_anonymous_users_cannot_open_the_queue(client, file_request):
    desk_request = file_request("问题").request
    assert client.get("/admin/desk/").status_code == 302
    assert client.get(f"/admin/desk/{desk_request.pk}/").status_code in (302, 403)


def test_agent_works_a_request_through(client, agent, file_request):
    desk_request = file_request("贷款利率太高了", kind="complaint", phone=PHONE, consent=True).request
    client.force_login(agent)
    url = f"/admin/desk/{desk_request.pk}/"
    assert client.post(url, {"action": "assign", "assignee": agent.pk}).status_code == 302
    assert client.post(url, {"action": "complex", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "complex", "reason": "需要调取合作机构的放款记录"}).status_code == 302
    assert client.post(url, {"action": "note", "text": "已联系合作机构"}).status_code == 302
    assert client.post(url, {"action": "category", "category": "rates_fees"}).status_code == 302
    assert client.post(url, {"action": "reply", "text": "经核实，年化利率为 18%，已为您减免罚息。"}).status_code == 302
    assert client.post(url, {"action": "status", "status": "closed"}).status_code == 302
    desk_request.refresh_from_db()
    assert desk_request.status == Status.CLOSED and desk_request.closed_at and desk_request.answered_at
    assert desk_request.is_complex and (desk_request.due_date - desk_request.received_at.date()).days in (29, 30, 31)
    actions = list(desk_request.events.values_list("action", flat=True))
    assert actions == ["received", "assigned", "complex", "note", "category", "replied", "status"]
    body = client.get(url).content.decode()
    assert "已联系合作机构" in body and "需要调取合作机构的放款记录" in body


def test_dashboard_panel_counts_overdue_and_near(client, agent, file_request):
    import datetime

    overdue = file_request("一").request
    DeskRequest.objects.filter(pk=overdue.pk).update(due_date=datetime.date(2020, 1, 1))
    client.force_login(agent)
    body = client.get("/admin/").content.decode()
    assert "消保专线：1 条未办结" in body
    assert "<strong>1</strong> 已超期" in body
