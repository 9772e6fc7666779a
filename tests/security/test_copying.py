"""Issue 9, item 8: the copy view applies the role rules; a bulletin is copied as the next issue,
a column is refused (both used to fail with a 500 on a unique field)."""

import datetime

from django.urls import reverse

from wagtail.models import Page

import pytest
import time_machine

from content.factories import ArticlePageFactory, BulletinPageFactory
from content.models import ArticlePage, BulletinPage, ColumnPage
from content.roles import ADMINS, EDITORS, MARKETING

pytestmark = pytest.mark.django_db


def copy_url(page):
    return reverse("wagtailadmin_pages:copy", args=[page.pk])


def copy_form(page, *, title="副本", slug="copy-1", subpages=False):
    data = {"new_title": title, "new_slug": slug, "new_parent_page": page.get_parent().pk}
    if subpages:
        data["copy_subpages"] = "on"
    return data


def error_messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def test_marketing_cannot_copy_an_article_into_a_new_article(client, site_tree, role_user):
    article = ArticlePageFactory(parent=site_tree["credit"], title="征信报告怎么看", slug="zhengxin")
    client.force_login(role_user("marketing", MARKETING))

    response = client.post(copy_url(article), copy_form(article, slug="zhengxin-copy"))

    assert response.status_code == 302
    assert not ArticlePage.objects.filter(slug="zhengxin-copy").exists()
    assert ArticlePage.objects.count() == 1
    assert any("您的角色不能复制“文章”页面" in message for message in error_messages(response))
    assert client.get(copy_url(article)).status_code == 302  # the form is not even shown


def test_an_editor_still_copies_an_article(client, site_tree, role_user):
    article = ArticlePageFactory(parent=site_tree["credit"], title="征信报告怎么看", slug="zhengxin")
    client.force_login(role_user("editor", EDITORS))

    assert client.get(copy_url(article)).status_code == 200
    response = client.post(copy_url(article), copy_form(article, title="征信报告怎么看（二）", slug="zhengxin-2"))

    assert response.status_code == 302
    copy = ArticlePage.objects.get(slug="zhengxin-2")
    assert copy.title == "征信报告怎么看（二）"


def test_an_editor_cannot_copy_a_bulletin(client, site_tree, role_user):
    bulletin = BulletinPageFactory(parent=site_tree["antifraud"], issue_number=12)
    client.force_login(role_user("editor", EDITORS))

    response = client.post(copy_url(bulletin), copy_form(bulletin))

    assert response.status_code == 302
    assert BulletinPage.objects.count() == 1
    assert any("您的角色不能复制“防诈周报”页面" in message for message in error_messages(response))


@time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_copying_last_weeks_bulletin_gives_the_next_issue_as_a_draft(client, site_tree, role_user):
    last_week = BulletinPageFactory(
        parent=site_tree["antifraud"], issue_number=12, slug="bulletin-12", title="防诈周报 第 12 期（11.23–11.29）",
        summary="第 12 期防诈周报：冒充客服退款诈骗高发。",
        week_start=datetime.date(2026, 11, 23), week_end=datetime.date(2026, 11, 29),
    )
    last_week.save_revision().publish()
    client.force_login(role_user("marketing", MARKETING))

    confirm = client.get(copy_url(last_week))
    assert confirm.status_code == 200
    assert "第 13 期" in confirm.content.decode() and "2026-11-30" in confirm.content.decode()

    # The attack as it was: Wagtail's own copy form posted for a bulletin (a 500 before).
    response = client.post(copy_url(last_week), copy_form(last_week, title="周报副本", slug="bulletin-copy"))

    assert response.status_code == 302
    copy = BulletinPage.objects.get(issue_number=13)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert (copy.week_start, copy.week_end) == (datetime.date(2026, 11, 30), datetime.date(2026, 12, 6))
    assert copy.title == "防诈周报 第 13 期（11.30–12.06）" and copy.slug == "bulletin-13"
    assert copy.summary == "第 13 期防诈周报：冒充客服退款诈骗高发。"
    assert not copy.live and copy.has_unpublished_changes and copy.live_revision_id is None
    assert copy.go_live_at is None  # Monday 09:00 of that week has passed
    assert copy.get_parent().pk == site_tree["antifraud"].pk
    assert [alert.title for alert in copy.alerts.all()] == [alert.title for alert in last_week.alerts.all()]
    assert copy.lead_warning == last_week.lead_warning
    assert copy.latest_revision is not None and copy.latest_revision.as_object().issue_number == 13
    last_week.refresh_from_db()
    assert last_week.issue_number == 12 and last_week.live
    copy.full_clean()  # the draft passes the bulletin's own checks, as saved


@time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_next_issue_follows_the_newest_one_even_if_an_older_one_is_copied(client, site_tree, role_user):
    old = BulletinPageFactory(parent=site_tree["antifraud"], issue_number=5,
                              week_start=datetime.date(2026, 11, 16), week_end=datetime.date(2026, 11, 22))
    BulletinPageFactory(parent=site_tree["antifraud"], issue_number=7,
                        week_start=datetime.date(2026, 12, 7), week_end=datetime.date(2026, 12, 13))
    client.force_login(role_user("marketing", MARKETING))

    client.post(copy_url(old), {})

    copy = BulletinPage.objects.get(issue_number=8)
    assert copy.week_start == datetime.date(2026, 12, 14)
    assert copy.go_live_at is not None and copy.go_live_at.date() == datetime.date(2026, 12, 14)


@pytest.mark.parametrize("subpages", [False, True])
def test_copying_a_column_is_refused_with_a_message(client, site_tree, admin_user, subpages):
    column = site_tree["antifraud"]
    BulletinPageFactory(parent=column, issue_number=3)
    client.force_login(admin_user)
    pages_before = Page.objects.count()

    response = client.post(copy_url(column), copy_form(column, title="反诈骗 2", slug="antifraud-2", subpages=subpages))

    assert response.status_code == 302
    assert Page.objects.count() == pages_before
    assert ColumnPage.objects.count() == 4
    assert any("不能复制" in message for message in error_messages(response))


def test_a_reviewer_copies_nothing(client, site_tree, role_user):
    article = ArticlePageFactory(parent=site_tree["credit"], slug="a1")
    client.force_login(role_user("reviewer", "合规审核"))
    response = client.post(copy_url(article), copy_form(article, slug="a1-copy"))
    assert not ArticlePage.objects.filter(slug="a1-copy").exists()
    assert response.status_code in (302, 403)


def test_an_administrator_copies_an_article(client, site_tree, role_user):
    article = ArticlePageFactory(parent=site_tree["credit"], slug="a1")
    client.force_login(role_user("boss", ADMINS))
    client.post(copy_url(article), copy_form(article, slug="a1-copy"))
    assert ArticlePage.objects.filter(slug="a1-copy").exists()
