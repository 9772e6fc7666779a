"""The 内容日历: what went live, what is scheduled and what each channel did, each linked."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from publishing.deliveries.models import Delivery, DeliveryStatus
from publishing.outreach.calendar import calendar_entries, month_weeks

pytestmark = pytest.mark.django_db


def test_month_weeks_cover_the_month_monday_first():
    weeks = month_weeks(2026, 11)
    assert weeks[0][0] == datetime.date(2026, 10, 26) and weeks[-1][-1] == datetime.date(2026, 12, 6)
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in weeks)
    assert month_weeks(2027, 2)[0][0] == datetime.date(2027, 2, 1)


def test_the_calendar_shows_live_scheduled_and_delivered_pages(admin_client, site_pages):
    article = site_pages["article"]
    article.save_revision().publish()
    bulletin = site_pages["bulletin"]
    go_live = timezone.now() + datetime.timedelta(days=2)
    bulletin.go_live_at = go_live
    bulletin.save_revision().publish()  # with a go-live time in the future, Wagtail schedules it
    Delivery.objects.create(page=article, page_title=article.title, channel="wechat", status=DeliveryStatus.FAILED)
    today = timezone.localdate()
    entries = calendar_entries(start=today - datetime.timedelta(days=1), end=today + datetime.timedelta(days=3))
    kinds = {(entry.kind, entry.title, entry.label) for day in entries.values() for entry in day}
    assert ("live", article.title, "上线") in kinds
    assert ("delivery", article.title, "微信公众号 · 失败") in kinds
    scheduled = [entry for entry in entries.get(timezone.localtime(go_live).date(), []) if entry.kind == "scheduled"]
    assert scheduled and scheduled[0].title == bulletin.title and "定时发布" in scheduled[0].label

    response = admin_client.get(reverse("outreach_calendar"))
    body = response.content.decode()
    assert response.status_code == 200 and article.title[:10] in body
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in body
    assert reverse("deliveries:index") + f"?page={article.pk}" in body
    week = admin_client.get(reverse("outreach_calendar") + f"?week={today}")
    assert week.status_code == 200 and "一周" in week.content.decode()
    assert admin_client.get(reverse("outreach_calendar") + "?month=bad").status_code == 200
