"""Personal data: encrypted at rest, rotated without loss, absent from logs, masked, erased after retention."""

import datetime
import io
import json
import logging

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest
from cryptography.fernet import Fernet

from content.desk import crypto
from content.desk.actions import request_reply, request_set_status
from content.desk.masking import mask_name, mask_phone, mask_text, scrub
from content.desk.models import DeskRequest, Event
from content.desk.retention import requests_erase
from content.desk.services import request_for_reader

pytestmark = pytest.mark.django_db

PHONE = "13987654321"
NAME = "欧阳娜娜"
ID_NUMBER = "110101199003071234"
CARD = "6222020200112233445"
TEXT = f"我叫{NAME}，身份证 {ID_NUMBER}，银行卡 {CARD} 被盗刷了，电话 {PHONE}。"
SECRETS = (PHONE, NAME, ID_NUMBER, CARD)


def _database_text() -> str:
    """Every value of every table, as one string."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                parts.extend(str(value) for value in row if value is not None)
    return "\n".join(parts)


@pytest.fixture
def capture_all_logs():
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield records
    root.removeHandler(handler)
    root.setLevel(previous)


def test_the_whole_flow_keeps_personal_values_out_of_logs_and_the_database(client, agent, capture_all_logs, empty_cache, settings):
    settings.DESK_RETENTION_DAYS = 30
    response = client.post(
        "/api/desk/requests/",
        json.dumps({"kind": "complaint", "text": TEXT, "name": NAME, "phone": PHONE, "consent": True}),
        content_type="application/json",
    )
    assert response.status_code == 201
    number = response.json()["number"]
    client.post("/api/desk/requests/", json.dumps({"kind": "complaint", "text": TEXT, "phone": PHONE}), content_type="application/json")
    assert client.get(f"/api/desk/requests/{number}/", {"phone_last4": PHONE[-4:]}).status_code == 200
    client.force_login(agent)
    desk_request = DeskRequest.objects.get(number=number)
    client.get("/admin/desk/", {"phone": PHONE[-4:]})
    client.get(f"/admin/desk/{desk_request.pk}/")
    for field in ("name", "phone", "text"):
        assert client.post(f"/admin/desk/{desk_request.pk}/reveal/", {"field": field}).status_code == 200
    client.post(f"/admin/desk/{desk_request.pk}/", {"action": "reply", "text": f"{NAME}您好，尾号 {PHONE[-4:]} 的来电已收到"})
    client.post(f"/admin/desk/{desk_request.pk}/", {"action": "note", "text": f"已核实卡号 {CARD}"})

    stored = _database_text()
    for secret in SECRETS:
        assert secret not in stored, f"clear text found in the database: {secret[:3]}…"
    assert capture_all_logs, "the flow logged nothing: the capture is not working"
    logged = "\n".join(capture_all_logs)
    for secret in SECRETS:
        assert secret not in logged

    request_set_status(desk_request=desk_request, user=agent, status="closed")
    DeskRequest.objects.filter(pk=desk_request.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    call_command("desk_erase", stdout=io.StringIO())
    logged = "\n".join(capture_all_logs)
    for secret in SECRETS:
        assert secret not in logged


def test_values_are_fernet_tokens_in_the_database(file_request):
    desk_request = file_request(TEXT, name=NAME, phone=PHONE, consent=True).request
    with connection.cursor() as cursor:
        cursor.execute("SELECT text, name, phone FROM desk_deskrequest WHERE id = %s", [desk_request.pk])
        raw = cursor.fetchone()
    for value in raw:
        assert value.startswith("gAAAAA")
    assert crypto.decrypt(raw[2]) == PHONE


def test_key_rotation_re_encrypts_without_losing_anything(file_request, agent, settings):
    old_key = settings.DESK_ENCRYPTION_KEYS[0]
    desk_request = file_request(TEXT, name=NAME, phone=PHONE, consent=True).request
    request_reply(desk_request=desk_request, user=agent, text="答复内容")
    new_key = Fernet.generate_key().decode()
    settings.DESK_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("desk_rotate_keys", stdout=io.StringIO(), stderr=io.StringIO())
    settings.DESK_ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything must still read
    fresh = DeskRequest.objects.get(pk=desk_request.pk)
    assert (fresh.phone, fresh.name, fresh.text) == (PHONE, NAME, TEXT)
    assert fresh.replies.get().text == "答复内容"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM desk_deskrequest WHERE id = %s", [desk_request.pk])
        token = cursor.fetchone()[0]
    Fernet(new_key.encode()).decrypt(token.encode())
    with pytest.raises(Exception):  # noqa: B017, PT011 - cryptography's InvalidToken
        Fernet(old_key.encode()).decrypt(token.encode())
    assert request_for_reader(number=fresh.number, phone_last4=PHONE[-4:]) == fresh


def test_a_dropped_key_fails_loudly(file_request, settings):
    desk_request = file_request(TEXT, phone=PHONE, consent=True).request
    settings.DESK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.DecryptionError):
        DeskRequest.objects.get(pk=desk_request.pk)


def test_phone_lookup_uses_keyed_hashes_not_decryption(file_request, settings):
    desk_request = file_request(TEXT, phone=PHONE, consent=True).request
    assert desk_request.phone_last4_hash == crypto.lookup_hash(PHONE[-4:], purpose="phone_last4")
    settings.DESK_LOOKUP_KEY = "another-lookup-key-of-enough-length-000"
    assert desk_request.phone_last4_hash != crypto.lookup_hash(PHONE[-4:], purpose="phone_last4")


def test_without_consent_no_name_or_phone_is_kept(file_request):
    desk_request = file_request("问题", name=NAME, phone=PHONE, consent=False).request
    assert (desk_request.name, desk_request.phone, desk_request.phone_hash) == ("", "", "")


def test_erasure_after_retention_keeps_anonymous_statistics(file_request, agent, settings):
    from content.desk.models import Attachment
    from content.desk.screenshots import private_storage

    settings.DESK_RETENTION_DAYS = 30
    desk_request = file_request("平台收取高额服务费，年化利率超过36%" + TEXT, kind="complaint", name=NAME, phone=PHONE, consent=True).request
    request_reply(desk_request=desk_request, user=agent, text=f"{NAME}您好")
    Attachment.objects.create(request=desk_request, name=private_storage().save("requests/x/a.png", io.BytesIO(b"x")), content_type="image/png", size=1, width=1, height=1)
    stored_file = Attachment.objects.get().name
    request_set_status(desk_request=desk_request, user=agent, status="closed")
    assert requests_erase() == 0  # closed today: within retention
    DeskRequest.objects.filter(pk=desk_request.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    assert requests_erase(dry_run=True) == 1
    assert requests_erase() == 1
    erased = DeskRequest.objects.get(pk=desk_request.pk)
    assert (erased.text, erased.name, erased.phone, erased.phone_last4_hash) == ("", "", "", "")
    assert erased.erased_at is not None and erased.kind == "complaint" and erased.category
    assert erased.replies.get().text == ""
    assert not Attachment.objects.exists() and not private_storage().exists(stored_file)
    assert "服务费" in erased.keywords["words"]
    assert not any(NAME in word or any(ch.isdigit() for ch in word) for word in erased.keywords["words"])
    assert Event.objects.filter(request=erased, action=Event.Action.ERASED).exists()
    from content.desk.errors import RequestNotFound

    with pytest.raises(RequestNotFound):
        request_for_reader(number=erased.number, phone_last4=PHONE[-4:])
    assert requests_erase() == 0


def test_masking():
    assert mask_name(NAME) == "欧***"
    assert mask_name("张三") == "张*"
    assert mask_phone(PHONE) == "139****4321"
    masked = mask_text(TEXT)
    for secret in (PHONE, ID_NUMBER, CARD):
        assert secret not in masked
    assert "1101**********1234" in masked and "139****4321" in masked
    assert scrub("打 138-1234-5678 或 010-12345678") == "打 [已隐去] 或 [已隐去]"
    assert mask_text("年化利率 24%，借了 50000 元") == "年化利率 24%，借了 50000 元"
