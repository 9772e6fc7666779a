"""Export for regulators: CSV and XLSX, masked by default, unmasked only with the permission, logged."""

import io

import pytest
from openpyxl import load_workbook

from content.desk.models import Event

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
NAME = "李雷"


@pytest.fixture
def filed(file_request):
    complaint = file_request(f"=HYPERLINK(\"http://x\") 我的手机 {PHONE}", kind="complaint", phone=PHONE, name=NAME, consent=True).request
    other = file_request("一个建议", kind="suggestion").request
    return complaint, other


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_csv_is_masked_and_follows_the_filters(client, agent, filed):
    complaint, other = filed
    client.force_login(agent)
    response = client.get("/admin/desk/export/", {"format": "csv", "kind": "complaint"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = _csv(response)
    assert complaint.number in text and other.number not in text
    assert PHONE not in text and NAME not in text and "139****5678" in text and "李*" in text
    assert "'=HYPERLINK" in text  # no formula reaches a spreadsheet
    event = Event.objects.get(action=Event.Action.EXPORTED)
    assert event.actor == agent and event.detail["count"] == 1 and event.detail["unmasked"] is False


def test_xlsx_export(client, agent, filed):
    client.force_login(agent)
    response = client.get("/admin/desk/export/", {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "受理编号" and len(rows) == 3
    assert all(PHONE not in str(cell) for row in rows for cell in row)


def test_unmasked_needs_the_permission_and_is_logged(client, agent, desk_admin, filed):
    client.force_login(agent)
    refused = client.get("/admin/desk/export/", {"format": "csv", "unmasked": "1"})
    assert refused.status_code in (302, 403)
    assert not Event.objects.filter(action=Event.Action.EXPORTED).exists()
    client.force_login(desk_admin)
    text = _csv(client.get("/admin/desk/export/", {"format": "csv", "unmasked": "1"}))
    assert PHONE in text and NAME in text
    event = Event.objects.get(action=Event.Action.EXPORTED)
    assert event.actor == desk_admin and event.detail["unmasked"] is True


def test_queue_offers_the_exports(client, agent, desk_admin, filed):
    client.force_login(agent)
    body = client.get("/admin/desk/").content.decode()
    assert "导出 CSV（已脱敏）" in body and "不脱敏" not in body
    client.force_login(desk_admin)
    assert "不脱敏" in client.get("/admin/desk/").content.decode()
