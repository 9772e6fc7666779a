"""Tests for content/roles.py and the roles migration: who can and cannot do what."""

import datetime

from django.contrib.auth.models import Group, User
from django.urls import reverse

from wagtail.models import Workflow

import pytest

from content.models import ArticlePage, BulletinPage, CaseStudyPage, ColumnPage, HomePage
from content.roles import ADMINS, EDITORS, MARKETING, REVIEWERS, user_can_author

pytestmark = pytest.mark.django_db


def _user(username, *groups):
    user = User.objects.create_user(username=username, password="pw-12345678")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def column():
    home = HomePage.objects.get()
    column = ColumnPage(title="反诈骗", slug="antifraud", column_key="antifraud", intro="反诈骗栏目")
    home.add_child(instance=column)
    return column


@pytest.fixture
def article(column):
    page = ArticlePage(title="识别刷单返利", slug="shuadan", body=[("paragraph", "<p>正文</p>")])
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def bulletin(column):
    page = BulletinPage(
        title="第1期", slug="b1", issue_number=1, week_start=datetime.date(2026, 11, 30),
        week_end=datetime.date(2026, 12, 6), lead_warning="预警", tip_of_week="提示",
    )
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_migration_creates_the_four_roles_and_the_review_workflow():
    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, MARKETING, REVIEWERS, ADMINS} <= names
    assert not names & {"Editors", "Moderators"}
    workflow = Workflow.objects.get(name="内容发布审核")
    assert [task.name for task in workflow.tasks] == ["合规自动检查", "合规审核"]
    review = workflow.tasks.last().specific
    assert list(review.groups.values_list("name", flat=True)) == [REVIEWERS]


@pytest.mark.parametrize(
    ("groups", "page_class", "allowed"),
    [
        ((EDITORS,), ArticlePage, True),
        ((EDITORS,), CaseStudyPage, True),
        ((EDITORS,), BulletinPage, False),
        ((MARKETING,), BulletinPage, True),
        ((MARKETING,), ArticlePage, False),
        ((REVIEWERS,), ArticlePage, False),
        ((EDITORS,), ColumnPage, False),
        ((ADMINS,), ColumnPage, True),
        ((ADMINS,), BulletinPage, True),
    ],
)
def test_page_types_per_role(groups, page_class, allowed):
    assert user_can_author(_user("u", *groups), page_class) is allowed


def test_only_admins_hold_the_publish_permission(column):
    for name, can_publish in [(EDITORS, False), (MARKETING, False), (REVIEWERS, False), (ADMINS, True)]:
        user = _user(f"user-{name}", name)
        assert column.permissions_for_user(user).can_publish() is can_publish, name


def test_editor_can_open_the_article_form_but_not_the_bulletin_form(client, column):
    client.force_login(_user("editor", EDITORS))
    article_url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", column.pk))
    assert client.get(article_url).status_code == 200
    bulletin_url = reverse("wagtailadmin_pages:add", args=("content", "bulletinpage", column.pk))
    response = client.get(bulletin_url, follow=True)
    assert response.redirect_chain
    assert "您的角色不能创建“防诈周报”页面" in response.content.decode()


def test_marketing_can_edit_bulletins_but_not_articles(client, article, bulletin):
    client.force_login(_user("marketer", MARKETING))
    assert client.get(reverse("wagtailadmin_pages:edit", args=(bulletin.pk,))).status_code == 200
    response = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)), follow=True)
    assert "您的角色不能编辑“文章”页面" in response.content.decode()


def test_editor_cannot_publish_through_the_edit_form(client, article):
    client.force_login(_user("editor", EDITORS))
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    response = client.get(edit_url)
    assert response.status_code == 200
    assert 'name="action-publish"' not in response.content.decode()
    assert 'name="action-submit"' in response.content.decode()


def test_reviewer_cannot_create_pages(client, column):
    client.force_login(_user("reviewer", REVIEWERS))
    url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", column.pk))
    assert client.get(url).status_code in (302, 403)
    assert not ArticlePage.objects.exists()
