"""The reader pages: /xiaobao/ form with its errors, the receipt, the status page, links from every page."""

import pytest

from content.desk.actions import request_reply
from content.desk.models import DeskRequest

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _fresh(empty_cache):
    yield


def test_form_page_states_the_purpose_beside_the_consent_box(client, site_tree):
    response = client.get("/xiaobao/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "仅用于核实、处理和答复本次诉求" in body
    assert 'name="consent"' in body and "96110" in body
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_submitting_shows_the_receipt(client, site_tree):
    response = client.post("/xiaobao/", {"kind": "complaint", "text": "乱扣服务费", "phone": PHONE, "consent": "on"})
    assert response.status_code == 201
    desk_request = DeskRequest.objects.get()
    body = response.content.decode()
    assert desk_request.number in body and "答复期限" in body
    assert desk_request.channel == "web"


def test_errors_are_shown_per_field_and_nothing_is_lost(client, site_tree):
    text = "我的情况是这样的" * 10
    response = client.post("/xiaobao/", {"kind": "complaint", "text": text, "phone": PHONE})
    body = response.content.decode()
    assert response.status_code == 400
    assert "需要先勾选同意" in body
    assert text in body and PHONE in body  # what the reader typed is still in the form
    assert not DeskRequest.objects.exists()


def test_urgent_advice_on_the_receipt(client, site_tree):
    response = client.post("/xiaobao/", {"kind": "fraud_report", "text": "对方让我开屏幕共享，我正在转账"})
    body = response.content.decode()
    assert "请立即处理" in body and "110" in body and "96110" in body


def test_status_page_shows_replies_with_the_right_digits_only(client, site_tree, agent):
    client.post("/xiaobao/", {"kind": "consultation", "text": "征信有问题", "phone": PHONE, "consent": "on"})
    desk_request = DeskRequest.objects.get()
    request_reply(desk_request=desk_request, user=agent, text="已为您提交异议申请")
    wrong = client.post("/xiaobao/status/", {"number": desk_request.number, "phone_last4": "1111"})
    assert wrong.status_code == 404 and "已为您提交异议申请" not in wrong.content.decode()
    right = client.post("/xiaobao/status/", {"number": desk_request.number, "phone_last4": PHONE[-4:]})
    assert right.status_code == 200 and "已为您提交异议申请" in right.content.decode()
    assert "12378" in right.content.decode()  # where to turn when the answer does not satisfy


def test_every_page_and_the_404_link_to_the_desk(client, site_tree):
    from content.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=site_tree["credit"])
    page_body = client.get(article.url).content.decode()
    assert f'/xiaobao/?from={article.pk}' in page_body
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "/xiaobao/" in missing.content.decode()


def test_coming_from_a_page_records_it(client, site_tree):
    from content.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=site_tree["credit"])
    form = client.get(f"/xiaobao/?from={article.pk}").content.decode()
    assert f'value="{article.pk}"' in form
    client.post("/xiaobao/", {"kind": "consultation", "text": "这篇没看懂", "page": article.pk})
    assert DeskRequest.objects.get().page_id == article.pk


def test_web_form_is_rate_limited(client, site_tree, settings):
    settings.DESK_SUBMISSIONS_PER_MINUTE = 1
    assert client.post("/xiaobao/", {"kind": "consultation", "text": "一"}).status_code == 201
    response = client.post("/xiaobao/", {"kind": "consultation", "text": "二"})
    assert response.status_code == 429 and "太频繁" in response.content.decode()
