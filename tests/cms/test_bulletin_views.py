"""Tests for cms/bulletin_views.py and the filled-in create form: 准备下周周报 from the admin."""

import datetime

from django.contrib.auth.models import Group, User
from django.urls import reverse

import pytest
import time_machine

from content.bulletins import SHANGHAI
from content.factories import BulletinPageFactory, build_site_tree
from content.models import BulletinPage, Hotline
from content.roles import EDITORS, MARKETING

pytestmark = pytest.mark.django_db

# A Wednesday: next week starts on Monday 2026-11-30.
WEDNESDAY = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def _login(client, group):
    user = User.objects.create_user(username=f"u-{group}", password="pw-12345678", email="u@example.com")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.fixture
def tree():
    return build_site_tree()


def test_the_button_opens_the_create_form_filled_in_with_next_weeks_draft(client, tree):
    _login(client, MARKETING)
    with time_machine.travel(WEDNESDAY, tick=False):
        response = client.get(reverse("prepare_bulletin"))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:add", args=["content", "bulletinpage", tree["antifraud"].pk])
        form_page = client.get(response["Location"])
    assert form_page.status_code == 200
    form = form_page.context["form"]
    assert form.initial["issue_number"] == 1
    assert form.initial["week_start"] == datetime.date(2026, 11, 30)
    assert form.initial["week_end"] == datetime.date(2026, 12, 6)
    assert form.initial["title"] == "防诈周报 第 1 期（11.30–12.06）"
    hotlines = [block.value["hotline"].pk for block in form.initial["body"] if block.block_type == "hotline"]
    assert hotlines == list(Hotline.objects.order_by("sort_order", "pk").values_list("pk", flat=True))
    alerts = form.formsets["alerts"]
    assert len(alerts.forms) >= 1 and alerts.forms[0].initial["title"].startswith("警惕")
    messages = [str(message) for message in form_page.context["messages"]]
    assert any("填好第 1 期" in message and "近 90 天高发" in message for message in messages)
    assert BulletinPage.objects.count() == 0  # nothing saved until marketing saves


def test_when_next_weeks_bulletin_exists_the_button_goes_to_it(client, tree):
    _login(client, MARKETING)
    existing = BulletinPageFactory(
        parent=tree["antifraud"], issue_number=4, week_start=datetime.date(2026, 11, 30), week_end=datetime.date(2026, 12, 6)
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        response = client.get(reverse("prepare_bulletin"))
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[existing.pk])


def test_editors_cannot_prepare_bulletins(client, tree):
    _login(client, EDITORS)
    response = client.get(reverse("prepare_bulletin"))
    # Wagtail answers a refused admin view by going home with a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_without_an_antifraud_column_the_button_says_so(client):
    _login(client, MARKETING)
    response = client.get(reverse("prepare_bulletin"), follow=True)
    assert "没有找到反诈骗栏目" in response.content.decode()


def test_the_antifraud_listing_has_the_button_for_marketing_only(client, tree):
    _login(client, MARKETING)
    html = client.get(reverse("wagtailadmin_explore", args=[tree["antifraud"].pk])).content.decode()
    assert "准备下周周报" in html and reverse("prepare_bulletin") in html
    html = client.get(reverse("wagtailadmin_explore", args=[tree["loans"].pk])).content.decode()
    assert "准备下周周报" not in html


def test_the_antifraud_listing_has_no_button_for_editors(client, tree):
    _login(client, EDITORS)
    html = client.get(reverse("wagtailadmin_explore", args=[tree["antifraud"].pk])).content.decode()
    assert "准备下周周报" not in html
