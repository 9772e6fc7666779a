"""The weekly 运营周报: a long image and a PDF made by the render engine, sent to the team once."""

import datetime
import io

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Site

import pytest
from PIL import Image

from publishing.notifications.models import Notification, NotificationSettings
from publishing.stats.models import DailyStat
from publishing.stats.report import weekly_report_context, weekly_report_make, weekly_report_send
from publishing.stats.selectors import week_start

pytestmark = pytest.mark.django_db


def test_the_report_compares_the_week_with_the_one_before(site_pages):
    monday = week_start(timezone.localdate()) - datetime.timedelta(days=7)
    DailyStat.objects.create(page=site_pages["bulletin"], channel="wechat", day=monday, reads=300, shares=9)
    DailyStat.objects.create(page=site_pages["bulletin"], channel="wechat", day=monday - datetime.timedelta(days=3),
                             reads=200)
    DailyStat.objects.create(page=site_pages["article"], channel="app", day=monday + datetime.timedelta(days=6), reads=50)
    context = weekly_report_context(monday=monday)
    totals = {channel: (reads, change) for channel, reads, change in context["channel_totals"]}
    assert totals["微信公众号"] == (300, 50) and totals["App"] == (50, None)
    assert context["total_reads"] == 350 and context["total_shares"] == 9
    assert [row.title for row in context["top"]][0] == site_pages["bulletin"].title


def test_the_report_is_a_long_image_and_a_pdf_sent_to_the_team(site_pages, robots_sandbox):
    config = NotificationSettings.for_site(Site.objects.get(is_default_site=True))
    config.email_recipients = "team@example.com"
    config.save()
    monday = week_start(timezone.localdate()) - datetime.timedelta(days=7)
    DailyStat.objects.create(page=site_pages["bulletin"], channel="wechat", day=monday, reads=1234, shares=56)
    report = weekly_report_send(monday=monday)
    with default_storage.open(report.image) as handle, Image.open(handle) as image:
        assert image.width == 1080 and image.height > 1500
    with default_storage.open(report.pdf) as handle:
        data = handle.read()
    assert data.startswith(b"%PDF") and len(data) > 5000
    assert "合计阅读 1234" in report.summary
    rows = Notification.objects.filter(event="weekly_report")
    assert sorted(rows.values_list("target", flat=True)) == ["dingtalk", "email", "feishu", "wecom"]
    assert report.image.rsplit("/", 1)[-1] in rows.first().text
    weekly_report_send(monday=monday)  # made again (an hourly job on Monday): told once
    assert Notification.objects.filter(event="weekly_report").count() == 4
    out = io.StringIO()
    call_command("weekly_report", "--week", str(monday + datetime.timedelta(days=3)), stdout=out)
    assert "运营周报" in out.getvalue() and ".pdf" in out.getvalue()


def test_the_reports_files_are_for_the_admin_only_and_made_again_in_place(site_pages, client, admin_user):
    from django.urls import reverse

    monday = week_start(timezone.localdate()) - datetime.timedelta(days=7)
    first = weekly_report_make(monday=monday)
    again = weekly_report_make(monday=monday)
    assert not default_storage.exists(first.image) and default_storage.exists(again.image)
    url = reverse("stats_report_file", kwargs={"name": again.pdf})
    assert client.get(f"/media/{again.pdf}").status_code == 404
    assert client.get(url).status_code == 302  # to the admin's login
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("stats_report_file", kwargs={"name": "documents/x.pdf"})).status_code == 404
