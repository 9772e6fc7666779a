"""The app's JSON API: submit, validation messages, lookup without enumeration, rate limit."""

import json

import pytest

from content.desk.models import DeskRequest

pytestmark = pytest.mark.django_db

URL = "/api/desk/requests/"
PHONE = "13912345678"


def post(client, data, **extra):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(URL, body, content_type="application/json", **extra)


@pytest.fixture(autouse=True)
def _clean_cache(empty_cache):
    yield


def test_submit_answers_number_status_and_due(client):
    response = post(client, {"kind": "complaint", "text": "客服态度很差，一直不处理我的退款。", "name": "王小明", "phone": PHONE, "consent": True})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "new"
    assert data["number"].startswith("XB")
    stored = DeskRequest.objects.get(number=data["number"])
    assert data["due"] == stored.due_date.isoformat()
    assert stored.phone == PHONE and stored.name == "王小明"
    assert data["urgent"] is False and "advice" not in data and "query_code" not in data


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"kind": "complaint", "text": "   "}, "text", "请填写具体情况"),
        ({"kind": "praise", "text": "很好"}, "kind", "诉求类型只能是"),
        ({"kind": "complaint", "text": "长" * 2001}, "text", "最多 2000 字"),
        ({"kind": "complaint", "text": "有问题", "phone": PHONE}, "consent", "需要先勾选同意"),
        ({"kind": "complaint", "text": "有问题", "phone": "12345", "consent": True}, "phone", "11 位手机号"),
        ({"text": "有问题"}, "kind", "请选择诉求类型"),
        ({"kind": "complaint", "text": ["a"]}, "text", "必须是字符串"),
    ],
)
def test_bad_input_gets_a_chinese_message_per_field(client, payload, field, message):
    response = post(client, payload)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(message in text for text in errors[field]), errors
    assert DeskRequest.objects.count() == 0


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", ""])
def test_malformed_json_is_refused(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert "JSON" in response.json()["errors"]["__all__"][0]


def test_lookup_with_the_right_digits_shows_status_and_replies(client, agent):
    from content.desk.actions import request_reply

    number = post(client, {"kind": "consultation", "text": "征信报告有一条记录不对", "phone": PHONE, "consent": True}).json()["number"]
    request_reply(desk_request=DeskRequest.objects.get(number=number), user=agent, text="您好，已为您提交征信异议申请。")
    response = client.get(f"{URL}{number}/", {"phone_last4": PHONE[-4:]})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "answered"
    assert [reply["text"] for reply in data["replies"]] == ["您好，已为您提交征信异议申请。"]


def test_lookup_refuses_wrong_digits_unknown_numbers_and_missing_digits_alike(client):
    number = post(client, {"kind": "consultation", "text": "想问问", "phone": PHONE, "consent": True}).json()["number"]
    answers = [
        client.get(f"{URL}{number}/", {"phone_last4": "0000"}),
        client.get(f"{URL}{number}/"),
        client.get(f"{URL}XB20260101-AAAAAA/", {"phone_last4": PHONE[-4:]}),
    ]
    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert len({answer.content for answer in answers}) == 1


def test_too_many_wrong_tries_lock_the_number(client):
    number = post(client, {"kind": "consultation", "text": "想问问", "phone": PHONE, "consent": True}).json()["number"]
    for guess in range(10):
        assert client.get(f"{URL}{number}/", {"phone_last4": f"{guess:04d}"}, REMOTE_ADDR=f"10.0.0.{guess}").status_code == 404
    assert client.get(f"{URL}{number}/", {"phone_last4": PHONE[-4:]}, REMOTE_ADDR="10.0.1.1").status_code == 404


def test_without_phone_the_query_code_opens_the_request(client):
    data = post(client, {"kind": "suggestion", "text": "建议增加大字模式的按钮"}).json()
    assert data["query_code"]
    assert client.get(f"{URL}{data['number']}/", {"code": data["query_code"].lower()}).status_code == 200
    assert client.get(f"{URL}{data['number']}/", {"code": "WRONG123"}).status_code == 404
    assert client.get(f"{URL}{data['number']}/", {"phone_last4": "0000"}).status_code == 404


def test_nothing_lists_requests(client, file_request):
    file_request()
    assert client.get(URL).status_code == 405


def test_submissions_over_the_limit_get_429_in_chinese(client, settings):
    settings.DESK_SUBMISSIONS_PER_MINUTE = 3
    codes = [post(client, {"kind": "consultation", "text": f"第{i}次"}).status_code for i in range(4)]
    assert codes == [201, 201, 201, 429]
    response = post(client, {"kind": "consultation", "text": "再来"})
    assert "太频繁" in response.json()["error"]
    # Another address is not affected.
    assert post(client, {"kind": "consultation", "text": "别人"}, REMOTE_ADDR="10.9.9.9").status_code == 201


def test_forwarded_for_is_trusted_only_as_configured(client, settings):
    settings.DESK_SUBMISSIONS_PER_MINUTE = 1
    assert post(client, {"kind": "consultation", "text": "一"}, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 201
    # Without a trusted proxy a forged header changes nothing: same REMOTE_ADDR, limited.
    assert post(client, {"kind": "consultation", "text": "二"}, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    settings.TRUSTED_PROXY_COUNT = 1
    assert post(client, {"kind": "consultation", "text": "三"}, HTTP_X_FORWARDED_FOR="evil, 3.3.3.3").status_code == 201
    # The client may prepend anything; the proxy's own entry decides.
    assert post(client, {"kind": "consultation", "text": "四"}, HTTP_X_FORWARDED_FOR="4.4.4.4, 3.3.3.3").status_code == 429


def test_fraud_in_progress_is_urgent_with_advice(client):
    response = post(client, {"kind": "fraud_report", "text": "有个自称警察的人让我把钱转到安全账户，我正在转账"})
    data = response.json()
    assert response.status_code == 201
    assert data["urgent"] is True
    assert "110" in data["advice"] and "96110" in data["advice"] and "银行" in data["advice"]
    stored = DeskRequest.objects.get(number=data["number"])
    assert stored.category == "fraud_help"
    assert "安全账户" in stored.urgent_terms


def test_a_missing_code_is_not_urgent(client):
    data = post(client, {"kind": "complaint", "text": "登录时一直收不到验证码"}).json()
    assert data["urgent"] is False


def test_desk_models_stay_out_of_wagtails_reference_index():
    """Indexing would queue a background task for every submission, vote and history line."""
    from wagtail.models import ReferenceIndex

    from content.desk import models

    for model in (models.DeskRequest, models.Event, models.Reply, models.Note, models.Attachment, models.PageFeedback, models.FeedbackComment):
        assert not ReferenceIndex.model_is_indexable(model), model
