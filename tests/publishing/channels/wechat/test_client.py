"""The WeChat client against the sandbox: the shared token, refresh on 40001/42001, error classes."""

import threading

import pytest

from publishing.channels.base import PermanentChannelError, TransientChannelError
from publishing.channels.tokens import token_cache
from publishing.channels.wechat.client import WechatClient, wechat_error

from ..fixtures import jpeg_bytes, noise_jpeg


@pytest.fixture
def client(wechat_sandbox):
    client = WechatClient.from_settings()
    yield client
    client.close()


def test_token_is_fetched_once_and_shared_from_the_cache(wechat_sandbox, client):
    first = client.access_token()
    second = WechatClient.from_settings().access_token()
    assert first == second
    assert wechat_sandbox.token_fetches == 1
    assert token_cache().get(client.token_key) == first


def test_two_workers_needing_a_token_at_once_fetch_it_once(wechat_sandbox):
    # stable_token answers slowly, so both threads are waiting for a token at the same time.
    wechat_sandbox.inject(path="/cgi-bin/stable_token", kind="delay", value=0.4, times=0)
    tokens, errors = [], []
    start = threading.Barrier(2)

    def worker():
        client = WechatClient.from_settings()
        try:
            start.wait()
            tokens.append(client.access_token())
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    assert wechat_sandbox.token_fetches == 1


@pytest.mark.parametrize("errcode", [40001, 42001])
def test_a_refused_token_is_refreshed_once_and_the_call_repeated(wechat_sandbox, client, errcode):
    old = client.access_token()
    if errcode == 42001:
        wechat_sandbox.inject(path="/cgi-bin/media/uploadimg", kind="expire_token")
    else:
        # Another system forced a refresh: our cached token is no longer the latest.
        wechat_sandbox._issue_token()
    url = client.upload_image(filename="a.jpg", content=jpeg_bytes(200, 200), content_type="image/jpeg")
    assert url.startswith("http://mmbiz.qpic.cn/")
    assert client.access_token() != old
    assert wechat_sandbox.calls["/cgi-bin/media/uploadimg"] == 2


def test_a_token_refused_twice_is_a_permanent_error(wechat_sandbox, client):
    client.access_token()
    wechat_sandbox.inject(path="/cgi-bin/draft/add", kind="error", value=40001, times=2)
    with pytest.raises(PermanentChannelError) as caught:
        client.draft_add(article={"title": "x"})
    assert "WECHAT_APP_SECRET" in caught.value.message


def test_a_token_refused_again_after_refresh_forces_a_new_one(wechat_sandbox, client):
    token = client.access_token()
    # stable_token in normal mode keeps returning a token WeChat now refuses: force_refresh is needed.
    wechat_sandbox.retired_tokens[token] = 40001
    wechat_sandbox.last_force_refresh = 0
    new = client.access_token(rejected=token)
    assert new != token
    assert wechat_sandbox.token_fetches == 3


@pytest.mark.parametrize("errcode", [-1, 45011])
def test_busy_and_minute_quota_are_transient(wechat_sandbox, client, errcode):
    wechat_sandbox.inject(path="/cgi-bin/media/uploadimg", kind="error", value=errcode)
    with pytest.raises(TransientChannelError):
        client.upload_image(filename="a.jpg", content=jpeg_bytes(100, 100), content_type="image/jpeg")


@pytest.mark.parametrize("errcode", [45009, 53503, 40005])
def test_quota_rejection_and_bad_type_are_permanent(errcode):
    error = wechat_error(errcode, "x")
    assert isinstance(error, PermanentChannelError)
    assert error.message and error.code == str(errcode)


def test_server_errors_and_timeouts_are_transient(wechat_sandbox, client, settings):
    wechat_sandbox.inject(path="/cgi-bin/media/uploadimg", kind="http", value=502)
    with pytest.raises(TransientChannelError) as caught:
        client.upload_image(filename="a.jpg", content=jpeg_bytes(100, 100), content_type="image/jpeg")
    assert "HTTP 502" in caught.value.message
    settings.CHANNEL_HTTP_TIMEOUT = 0.3
    slow = WechatClient.from_settings()
    wechat_sandbox.inject(path="/cgi-bin/media/uploadimg", kind="delay", value=1.0)
    with pytest.raises(TransientChannelError) as caught:
        slow.upload_image(filename="a.jpg", content=jpeg_bytes(100, 100), content_type="image/jpeg")
    slow.close()
    assert "超时" in caught.value.message


def test_uploadimg_refuses_what_wechat_refuses(wechat_sandbox, client):
    gif = b"GIF89a" + b"\x00" * 100
    with pytest.raises(PermanentChannelError) as caught:
        client.upload_image(filename="a.gif", content=gif, content_type="image/gif")
    assert caught.value.code == "40005"
    big = noise_jpeg(1000, 1000)
    assert len(big) >= 1024 * 1024
    with pytest.raises(PermanentChannelError) as caught:
        client.upload_image(filename="big.jpg", content=big, content_type="image/jpeg")
    assert caught.value.code == "40009"


def test_draft_publish_and_poll_until_published(wechat_sandbox, client):
    url = client.upload_image(filename="a.jpg", content=jpeg_bytes(300, 300), content_type="image/jpeg")
    cover = client.add_material(filename="c.jpg", content=jpeg_bytes(900, 383), content_type="image/jpeg")
    media_id = client.draft_add(article={
        "title": "征信报告怎么看", "author": "消保团队", "digest": "摘要", "content": f'<p>正文<img src="{url}"></p>',
        "content_source_url": "https://h5.example.com/a/", "thumb_media_id": cover["media_id"],
        "need_open_comment": 0, "only_fans_can_comment": 0,
    })
    publish_id = client.publish_submit(media_id=media_id)
    assert client.publish_get(publish_id=publish_id)["publish_status"] == 1
    done = client.publish_get(publish_id=publish_id)
    assert done["publish_status"] == 0
    assert done["article_detail"]["item"][0]["article_url"].startswith("https://mp.weixin.qq.com/s/")
    listed = client.publish_batchget()
    assert listed["total_count"] == 1 and listed["item"][0]["article_id"] == done["article_id"]
    news = listed["item"][0]["content"]["news_item"][0]
    assert news["content_source_url"] == "https://h5.example.com/a/" and "content" not in news
    assert news["url"] == done["article_detail"]["item"][0]["article_url"]
    client.publish_delete(article_id=done["article_id"])
    assert client.publish_get(publish_id=publish_id)["publish_status"] == 5
    assert client.publish_batchget()["item"] == []  # deleted articles are not listed


def test_draft_add_checks_the_article_as_wechat_does(wechat_sandbox, client):
    cover = client.add_material(filename="c.jpg", content=jpeg_bytes(900, 383), content_type="image/jpeg")
    article = {"title": "标题", "content": "<p>正文</p>", "thumb_media_id": cover["media_id"]}
    cases = [
        ({"title": "长" * 33}, "45003"),
        ({"author": "作" * 17}, "45110"),
        ({"digest": "摘" * 129}, "45004"),
        ({"content": "<p>" + "字" * 20000 + "</p>"}, "45002"),
        ({"thumb_media_id": "nope"}, "40007"),
        ({"content": '<p><img src="https://example.com/x.jpg"></p>'}, "45166"),
    ]
    for change, code in cases:
        with pytest.raises(PermanentChannelError) as caught:
            client.draft_add(article={**article, **change})
        assert caught.value.code == code, change
