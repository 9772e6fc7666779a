"""Every absolute link the platform hands out starts with PUBLIC_BASE_URL, whatever Host a request named.

Reader pages (og:url, canonical, share image, the bulletin's full-version link), the JSON
Feed, the app's webhook payload, WeChat's 阅读原文 (content_source_url), the poster's QR code
and the links in e-mails to staff.
"""

import re

from django.core import mail
from django.urls import reverse

import pytest

from cms.notifications import delivery_failure_message
from content.factories import ArticlePageFactory, BulletinPageFactory
from publishing.channels.app import webhook_payload
from publishing.channels.base import DeliveryJob
from publishing.channels.wechat.content import article_build
from publishing.deliveries import records
from publishing.deliveries.models import Delivery
from publishing.render.context import page_context
from publishing.render.themes import theme_get

pytestmark = pytest.mark.django_db

BASE = "https://zhishi.example.com"


@pytest.fixture
def public(settings, site_tree):
    settings.PUBLIC_BASE_URL = BASE
    article = ArticlePageFactory(parent=site_tree["credit"], slug="zhengxin-baogao")
    bulletin = BulletinPageFactory(parent=site_tree["antifraud"], issue_number=2, slug="bulletin-2")
    return {"article": article, "bulletin": bulletin, **site_tree}


def test_reader_pages_link_to_the_public_address(client, public):
    html = client.get(public["article"].url, HTTP_HOST="127.0.0.1:8123").content.decode()
    links = re.findall(r'(?:property="og:(?:url|image)"|itemprop="image") content="([^"]+)"', html)
    links += re.findall(r'rel="canonical" href="([^"]+)"', html)
    assert links and all(link.startswith(BASE + "/") for link in links), links
    assert f'<link rel="canonical" href="{BASE}/zhengxin/zhengxin-baogao/">' in html
    bulletin = client.get(public["bulletin"].url, HTTP_HOST="127.0.0.1:8123").content.decode()
    assert f'href="{BASE}/fanzha/bulletin-2/"' in bulletin
    assert "127.0.0.1" not in " ".join(re.findall(r'https?://[^"\s<]+', bulletin))


def test_the_feed_links_to_the_public_address(client, public):
    document = client.get("/api/feed/", HTTP_HOST="127.0.0.1:8123").json()
    assert document["feed_url"] == f"{BASE}/api/feed/" and document["home_page_url"] == f"{BASE}/"
    urls = [item["url"] for item in document["items"]]
    assert f"{BASE}/zhengxin/zhengxin-baogao/" in urls
    attachments = [a["url"] for item in document["items"] for a in item.get("attachments", [])]
    assert attachments and all(url.startswith(BASE + "/renders/") for url in attachments)


def test_app_payload_wechat_source_and_qr_code_use_the_public_address(public):
    article = public["article"]
    page_url = records.page_url(article)
    assert page_url == f"{BASE}/zhengxin/zhengxin-baogao/"
    job = DeliveryJob(key="5f0c4c38-1111-4222-8333-944455556666", channel="app", page=article,
                      page_url=page_url, event="published", progress=None, revision_id=None)
    payload = webhook_payload(job=job, event="page.published", timestamp=1764043200)["page"]
    assert payload["url"] == page_url
    assert payload["api_url"] == f"{BASE}/api/v3/pages/{article.pk}/" and payload["feed_url"] == f"{BASE}/api/feed/"
    assert all(a["url"].startswith(BASE + "/") for a in payload["attachments"])
    assert article_build(page=article, page_url=page_url).content_source_url == page_url
    context = page_context(page=public["bulletin"], theme=theme_get("alert-red"), kind="poster")
    assert context["qr_url"] == f"{BASE}/fanzha/bulletin-2/"


def test_staff_emails_link_to_the_public_address(public):
    delivery = Delivery.objects.create(page=public["article"], page_title="征信报告怎么看", channel="app", status="failed")
    _subject, body = delivery_failure_message(delivery)
    assert f"{BASE}{reverse('deliveries:inspect', args=[delivery.pk])}" in body
    assert not mail.outbox
