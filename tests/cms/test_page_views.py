"""Tests for cms/page_views.py: 新建子页面 offers each role only the page types it may write."""

from django.contrib.auth.models import Group, User
from django.urls import reverse

import pytest

from cms.page_views import creatable_page_types
from content.models import ArticlePage, BulletinPage, CaseStudyPage, ColumnPage, HomePage
from content.roles import EDITORS, MARKETING

pytestmark = pytest.mark.django_db


def _user(username, *groups):
    user = User.objects.create_user(username=username, password="pw-12345678")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def columns():
    home = HomePage.objects.get()
    made = {}
    for key, title in (("antifraud", "反诈骗"), ("loans", "信贷")):
        column = ColumnPage(title=title, slug=key, column_key=key, intro=f"{title}栏目")
        home.add_child(instance=column)
        made[key] = column
    return made


def test_marketing_is_taken_straight_to_the_bulletin_form(client, columns):
    client.force_login(_user("mk", MARKETING))
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[columns["antifraud"].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_pages:add", args=["content", "bulletinpage", columns["antifraud"].pk]
    )


def test_editors_are_offered_articles_and_case_studies_not_bulletins(client, columns):
    client.force_login(_user("ed", EDITORS))
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[columns["antifraud"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/add/content/articlepage/" in html and "/add/content/casestudypage/" in html
    assert "/add/content/bulletinpage/" not in html


def test_marketing_is_offered_nothing_where_no_bulletin_may_live(client, columns):
    client.force_login(_user("mk", MARKETING))
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[columns["loans"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/add/content/" not in html


def test_admins_are_offered_every_type_the_column_allows(admin_user, columns):
    assert set(creatable_page_types(user=admin_user, parent_page=columns["antifraud"])) == {
        ArticlePage, CaseStudyPage, BulletinPage,
    }


def test_the_other_page_views_still_work(client, columns):
    client.force_login(_user("ed", EDITORS))
    assert client.get(reverse("wagtailadmin_explore", args=[columns["loans"].pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[columns["loans"].pk])).status_code in (200, 302)
