"""content/page_lookup.py: one page from an id, a reader's URL path, the admin's path or a whole address."""

from django.core.management.base import CommandError

from wagtail.models import Page, Site

import pytest

from content.factories import BulletinPageFactory
from content.page_lookup import PageLookupError, page_find, page_for_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(site_tree):
    return BulletinPageFactory(parent=site_tree["antifraud"], issue_number=2, slug="bulletin-2")


def test_id_reader_path_admin_path_and_address_name_the_same_page(bulletin):
    assert bulletin.url_path == "/home/fanzha/bulletin-2/"
    for reference in (
        str(bulletin.pk), "/fanzha/bulletin-2/", "fanzha/bulletin-2", "/home/fanzha/bulletin-2/",
        "https://zhishi.example.com/fanzha/bulletin-2/", " /fanzha/bulletin-2 ",
    ):
        found = page_find(reference)
        assert found.pk == bulletin.pk, reference
        assert type(found).__name__ == "BulletinPage"


def test_slash_is_the_home_page_not_the_tree_root(site_tree):
    assert page_find("/").pk == site_tree["home"].pk
    with pytest.raises(PageLookupError, match="找不到页面“1”"):
        page_find("1")


def test_not_found_says_what_to_give_in_chinese(site_tree):
    for reference in ("999999", "/no/such/page/", "/home/no-such/"):
        with pytest.raises(PageLookupError, match="找不到") as caught:
            page_find(reference)
        assert "999999" in str(caught.value) or "/antifraud/bulletin-2/" in str(caught.value)
    with pytest.raises(PageLookupError, match="没有给出页面"):
        page_find("  ")


def test_a_path_two_sites_share_is_ambiguous(bulletin, site_tree):
    other_home = Page.objects.get(depth=1).add_child(instance=Page(title="另一站点", slug="other"))
    other_home.add_child(instance=Page(title="反诈骗", slug="fanzha")).add_child(
        instance=Page(title="第二期", slug="bulletin-2")
    )
    Site.objects.create(hostname="other.example.com", port=443, root_page=other_home)
    with pytest.raises(PageLookupError, match="对应多个页面") as caught:
        page_find("/fanzha/bulletin-2/")
    assert "请改用页面编号" in str(caught.value)
    # The admin's paths and the ids still tell them apart.
    assert page_find("/home/fanzha/bulletin-2/").pk == bulletin.pk
    assert page_find("/other/fanzha/bulletin-2/").pk != bulletin.pk


def test_commands_get_a_command_error_with_the_same_message(site_tree):
    with pytest.raises(CommandError, match="找不到页面“/nope/”"):
        page_for_command("/nope/")
