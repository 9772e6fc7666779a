"""The Douyin client against its sandbox: whole and chunked uploads, create, errors, video checks."""

import pytest

from publishing.channels.base import PermanentChannelError, TransientChannelError
from publishing.channels.douyin import DouyinClient, douyin_error, video_problems

from .fixtures import fake_mp4


@pytest.fixture
def client(douyin_sandbox):
    client = DouyinClient.from_settings()
    yield client
    client.close()


def test_upload_then_create_with_caption(douyin_sandbox, client):
    video = client.upload(filename="v.mp4", content=fake_mp4(size=50_000))
    item_id = client.create(video_id=video["video_id"], text="标题\n#反诈", cover_tsp=1.0)
    assert douyin_sandbox.items[item_id]["text"] == "标题\n#反诈"
    client.delete(item_id=item_id)
    assert douyin_sandbox.items[item_id]["deleted"]


def test_parts_must_be_contiguous_and_at_least_5_mb_but_the_last(douyin_sandbox, client):
    data = fake_mp4(size=11 * 1024 * 1024)
    upload_id = client.part_init()
    client.part_upload(upload_id=upload_id, part_number=1, chunk=data[: 5 * 1024 * 1024])
    client.part_upload(upload_id=upload_id, part_number=3, chunk=data[10 * 1024 * 1024:])
    with pytest.raises(PermanentChannelError):
        client.part_complete(upload_id=upload_id)
    client.part_upload(upload_id=upload_id, part_number=2, chunk=data[5 * 1024 * 1024: 10 * 1024 * 1024])
    video = client.part_complete(upload_id=upload_id)
    assert douyin_sandbox.videos[video["video_id"]]["size"] == len(data)


def test_the_sandbox_refuses_what_douyin_refuses(douyin_sandbox, client, settings):
    with pytest.raises(PermanentChannelError):
        client.upload(filename="v.mp4", content=b"not a video at all")
    with pytest.raises(PermanentChannelError):
        client.create(video_id="unknown", text="x")
    settings.DOUYIN_ACCESS_TOKEN = "act.wrong"
    wrong = DouyinClient.from_settings()
    with pytest.raises(PermanentChannelError) as caught:
        wrong.part_init()
    wrong.close()
    assert "DOUYIN_ACCESS_TOKEN" in caught.value.message


def test_expired_authorisation_is_permanent_and_busy_is_transient(douyin_sandbox, client):
    douyin_sandbox.inject(path="/video/part/init/", kind="error", value=2100004)
    with pytest.raises(TransientChannelError):
        client.part_init()
    douyin_sandbox.inject(path="/video/part/init/", kind="expire_token")
    with pytest.raises(PermanentChannelError) as caught:
        client.part_init()
    assert "已过期" in caught.value.message
    assert isinstance(douyin_error(2190001, "quota"), PermanentChannelError)


def test_video_checks_before_upload():
    assert video_problems(width=1080, height=1920, duration=30, size=10, content_type="video/mp4") == []
    problems = video_problems(width=640, height=360, duration=16 * 60, size=5 * 1024**3, content_type="video/webm")
    text = "".join(problems)
    assert "MP4" in text and "9:16" in text and "720×1280" in text and "15 分钟" in text and "4 GB" in text
