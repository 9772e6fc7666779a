"""Tests for cms/dashboard.py: the 待办 panel tells each role what needs them, in few queries."""

import datetime

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from cms.dashboard import todo_for
from content.bulletins import SHANGHAI
from content.factories import ArticlePageFactory, BulletinPageFactory, build_site_tree
from content.roles import EDITORS, MARKETING, REVIEWERS
from publishing.deliveries.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def _user(username, group):
    user = User.objects.create_user(username=username, password="pw-12345678", email=f"{username}@example.com")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people():
    return {name: _user(name, group) for name, group in
            (("editor", EDITORS), ("other", EDITORS), ("marketing", MARKETING), ("reviewer", REVIEWERS))}


@pytest.fixture
def tree():
    return build_site_tree()


def _delivery(page, channel, status, **fields):
    return Delivery.objects.create(page_id=page.pk, page_title=page.title, channel=channel, status=status, **fields)


def _dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_marketing_sees_failed_deliveries_and_uploads_waiting(client, people, tree):
    mine = ArticlePageFactory(parent=tree["credit"], title="查询信用报告", owner=people["editor"])
    _delivery(mine, "wechat", DeliveryStatus.FAILED, status_message="标题超过 32 个字")
    _delivery(mine, "wechat_channels", DeliveryStatus.AWAITING_CONFIRMATION)
    _delivery(mine, "app", DeliveryStatus.PUBLISHED)
    html = _dashboard(client, people["marketing"])
    assert "投递失败（最近 30 天 1 条）" in html and "标题超过 32 个字" in html
    assert "视频号待上传（1 条）" in html
    assert reverse("deliveries:index") + "?status=failed" in html


def test_an_author_learns_that_their_pages_delivery_failed_and_nobody_elses(client, people, tree):
    mine = ArticlePageFactory(parent=tree["credit"], title="查询信用报告", owner=people["editor"])
    theirs = ArticlePageFactory(parent=tree["credit"], title="别人的文章", owner=people["other"])
    _delivery(mine, "wechat", DeliveryStatus.FAILED, status_message="素材过大")
    _delivery(theirs, "wechat", DeliveryStatus.FAILED, status_message="别人的失败")
    html = _dashboard(client, people["editor"])
    assert "您的页面投递失败（最近 30 天 1 条）" in html and "素材过大" in html
    assert "别人的失败" not in html
    assert "视频号待上传" not in html


def test_an_old_failure_no_longer_asks_for_attention(client, people, tree):
    mine = ArticlePageFactory(parent=tree["credit"], owner=people["editor"])
    failed = _delivery(mine, "wechat", DeliveryStatus.FAILED)
    Delivery.objects.filter(pk=failed.pk).update(updated_at=timezone.now() - datetime.timedelta(days=31))
    assert "failed" not in todo_for(people["marketing"])


def test_marketing_is_told_when_a_week_has_no_bulletin_and_offered_the_button(client, people, tree):
    with time_machine.travel(WEDNESDAY, tick=False):
        html = _dashboard(client, people["marketing"])
    assert "本周（11.23 起）没有周报" in html
    assert "下周（11.30 起）的周报还没有准备" in html and reverse("prepare_bulletin") in html


def test_a_prepared_bulletin_shows_instead_of_the_button(client, people, tree):
    BulletinPageFactory(parent=tree["antifraud"], issue_number=1, week_start=datetime.date(2026, 11, 23),
                        week_end=datetime.date(2026, 11, 29))
    nxt = BulletinPageFactory(parent=tree["antifraud"], issue_number=2, week_start=datetime.date(2026, 11, 30),
                              week_end=datetime.date(2026, 12, 6), live=False)
    with time_machine.travel(WEDNESDAY, tick=False):
        sections = todo_for(people["marketing"])
    assert not sections["bulletin"]["weeks"].this_week_missing
    assert sections["bulletin"]["next_edit_url"] == reverse("wagtailadmin_pages:edit", args=[nxt.pk])


def test_editors_are_not_asked_about_bulletins(people, tree):
    assert "bulletin" not in todo_for(people["editor"])


def test_reviewers_see_what_waits_for_their_review(client, people, tree):
    page = ArticlePageFactory(parent=tree["credit"], title="读懂信用报告", owner=people["editor"], live=False)
    revision = page.save_revision(user=people["editor"])
    page = revision.as_object()
    page.get_workflow().start(page, people["editor"])
    html = _dashboard(client, people["reviewer"])
    assert "等待您审核（1 篇）" in html and "读懂信用报告" in html
    assert "review" not in todo_for(people["editor"])


def test_everyone_sees_what_goes_live_in_the_next_seven_days(client, people, tree):
    now = timezone.now()
    soon = ArticlePageFactory(parent=tree["credit"], title="下周上线的文章", live=False,
                              go_live_at=now + datetime.timedelta(days=2))
    later = ArticlePageFactory(parent=tree["credit"], title="下个月的文章", live=False,
                               go_live_at=now + datetime.timedelta(days=20))
    scheduled = ArticlePageFactory(parent=tree["credit"], title="已排期的文章", live=False)
    revision = scheduled.save_revision(approved_go_live_at=now + datetime.timedelta(days=1))
    assert revision.approved_go_live_at
    items = todo_for(people["editor"])["going_live"]["items"]
    assert [item.title for item in items] == ["已排期的文章", "下周上线的文章"]
    assert items[0].scheduled and items[0].state == "已排期"
    assert not items[1].scheduled and items[1].state == "草稿，尚未提交审核"
    assert later.title not in {item.title for item in items}
    html = _dashboard(client, people["reviewer"])
    assert "未来 7 天上线" in html and "下周上线的文章" in html and soon.title in html


def test_nothing_to_do_says_so(client, people):
    html = _dashboard(client, people["editor"])
    assert "现在没有需要您处理的事项" in html


def test_the_panel_is_cheap(client, people, tree, django_assert_max_num_queries):
    for index in range(8):
        page = ArticlePageFactory(parent=tree["credit"], title=f"文章{index}", owner=people["editor"],
                                  live=False, go_live_at=timezone.now() + datetime.timedelta(days=1))
        _delivery(page, "wechat", DeliveryStatus.FAILED)
        _delivery(page, "wechat_channels", DeliveryStatus.AWAITING_CONFIRMATION)
    admin = User.objects.create_superuser("boss", "boss@example.com", "pw-12345678")
    with django_assert_max_num_queries(15):
        sections = todo_for(admin)
    assert {"failed", "awaiting_upload", "going_live", "bulletin"} <= set(sections)


def test_a_prepared_draft_says_it_still_needs_approval_and_a_scheduled_one_says_so(client, people, tree):
    nxt = BulletinPageFactory(parent=tree["antifraud"], issue_number=2, week_start=datetime.date(2026, 11, 30),
                              week_end=datetime.date(2026, 12, 6), live=False,
                              go_live_at=datetime.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI))
    with time_machine.travel(WEDNESDAY, tick=False):
        html = _dashboard(client, people["marketing"])
        assert "计划 11-30 09:00 上线：提交审核并通过后才会上线" in html
        nxt.save_revision(approved_go_live_at=datetime.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI))
        html = _dashboard(client, people["marketing"])
    assert "已排期，11-30 09:00 上线" in html
