"""The desk's monthly report: a PDF made by the render engine, by command and from the admin."""

import datetime
import io

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

import pypdfium2
import pytest
import time_machine

from content.desk.services import request_submit

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def november(db):
    with time_machine.travel(datetime.datetime(2026, 11, 12, 3, 0, tzinfo=UTC), tick=False):
        request_submit(kind="complaint", text="催收电话打到我单位，暴力催收", phone="13912345678", consent=True, name="赵六")
        request_submit(kind="fraud_report", text="对方自称警察让我转到安全账户")


def _text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_command_writes_the_month_pdf(tmp_path, november):
    out = io.StringIO()
    call_command("desk_report", "--month", "2026-11", "--out", str(tmp_path), stdout=out)
    data = (tmp_path / "xiaobao-report-2026-11.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "消保专线月度报告" in text and "2026年11月" in text and "催收" in text
    assert "13912345678" not in text and "赵六" not in text


def test_command_refuses_a_bad_month(tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("desk_report", "--month", "11/2026", "--out", str(tmp_path))


def test_admin_download(client, django_user_model, november):
    agent = django_user_model.objects.create_user("agent", password="pw-agent-123")
    agent.groups.add(Group.objects.get(name="客服专员"))
    client.force_login(agent)
    response = client.get("/admin/desk-analysis/report.pdf", {"month": "2026-11"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "xiaobao-report-2026-11.pdf" in response["Content-Disposition"]
    assert "消保专线月度报告" in _text(response.content)
