"""What channels would reject is found when an editor saves the page form, for enabled channels only."""

import pytest

from content.extensions import page_check_errors
from content.factories import ArticlePageFactory, BulletinPageFactory
from publishing.channels.validation import enabled_channels_for, page_channel_errors

pytestmark = pytest.mark.django_db


def test_enabled_channels_follow_the_site_setting(site_pages, channel_settings):
    assert enabled_channels_for(site_pages["article"]) == ["app", "wechat"]
    assert enabled_channels_for(site_pages["bulletin"]) == ["app", "wechat", "douyin", "wechat_channels"]
    channel_settings.bulletin_douyin = False
    channel_settings.save()
    assert enabled_channels_for(site_pages["bulletin"]) == ["app", "wechat", "wechat_channels"]


def test_a_long_title_is_refused_with_the_reason(site_pages):
    article = ArticlePageFactory.build(title="长" * 40, slug="too-long")
    errors = page_channel_errors(page=article)
    assert list(errors) == ["title"]
    assert "标题有 40 个字，公众号标题最多 32 个字" in errors["title"][0]
    # Saving in code is not checked (the admin form is: tests/publishing/deliveries/test_views.py);
    # the delivery checks the limits again when it sends.
    site_pages["credit"].add_child(instance=article)
    assert article.pk is not None


def test_the_check_is_plugged_into_reader_pages_page_form(site_pages):
    errors = page_check_errors(page=ArticlePageFactory.build(title="长" * 40, slug="too-long"))
    assert "标题有 40 个字，公众号标题最多 32 个字" in errors["title"][0]


def test_a_bulletin_whose_content_is_too_long_for_wechat(site_pages):
    bulletin = BulletinPageFactory.build(issue_number=40, body__0__paragraph="<p>" + "很长的正文。" * 4000 + "</p>")
    errors = page_channel_errors(page=bulletin)
    assert "body" in errors and "超过公众号的上限" in errors["body"][0]


def test_nothing_is_checked_for_a_channel_that_is_off(site_pages, channel_settings):
    channel_settings.article_wechat = False
    channel_settings.save()
    assert page_channel_errors(page=ArticlePageFactory.build(title="长" * 40)) == {}
