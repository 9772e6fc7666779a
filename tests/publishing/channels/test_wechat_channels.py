"""视频号: the publish kit (video, cover, caption with hashtags, how-to) and manual retraction."""

import io
import zipfile

from django.core.files.storage import default_storage

import pytest

from publishing.channels.wechat_channels import WechatChannelsChannel

from .test_app import job_for

pytestmark = pytest.mark.django_db


def test_the_kit_holds_the_video_cover_caption_and_steps(site_pages, fake_renders):
    job = job_for(site_pages["bulletin"])
    outcome = WechatChannelsChannel().send(job)
    assert outcome.state == "awaiting_confirmation"
    with default_storage.open(job.progress.ids["kit_path"], "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert set(archive.namelist()) == {"video.mp4", "cover.jpg", "caption.txt", "发布步骤.txt"}
    caption = archive.read("caption.txt").decode()
    assert site_pages["bulletin"].title in caption and "#虚假网络贷款" in caption and "#反诈" in caption
    assert archive.read("video.mp4")[4:8] == b"ftyp"
    # Sending again (a retry) keeps the kit it made.
    WechatChannelsChannel().send(job)
    assert fake_renders.calls.count((site_pages["bulletin"].pk, "video")) == 1


def test_retraction_asks_a_person(site_pages):
    job = job_for(site_pages["bulletin"])
    job.progress.ids["post_url"] = "https://channels.weixin.qq.com/x"
    outcome = WechatChannelsChannel().retract(job)
    assert outcome.state == "retract_manually" and "手动删除" in outcome.message
