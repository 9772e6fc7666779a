"""WeChat Channels (视频号): no upload API, so the delivery prepares a publish kit and waits for a person.

The kit is one zip in default storage (`deliveries/kits/<key>.zip`) holding the vertical
MP4, its cover, the caption with hashtags and a short how-to. The delivery then waits at
待人工确认 until someone uploads the video in 视频号助手 and marks the delivery uploaded
with the post's link (`publishing.deliveries.services.delivery_confirm_upload`).
"""

import logging
import tempfile
import zipfile

from django.core.files import File
from django.core.files.storage import default_storage

from .assets import AssetUnavailable, video_source
from .base import (
    AWAITING_CONFIRMATION,
    RETRACT_MANUALLY,
    WECHAT_CHANNELS,
    Channel,
    DeliveryJob,
    Outcome,
    PermanentChannelError,
    TransientChannelError,
    register_channel,
)
from .captions import video_caption

logger = logging.getLogger(__name__)

KIT_FOLDER = "deliveries/kits"
HOW_TO = """视频号发布步骤
1. 在电脑浏览器打开视频号助手 https://channels.weixin.qq.com 并用管理员微信扫码登录。
2. 点「发表视频」，上传本发布包中的 video.mp4。
3. 封面选择「上传封面」，使用 cover.jpg。
4. 把 caption.txt 的内容粘贴到描述中（话题已包含在内）。
5. 发表后，在视频详情中复制视频链接。
6. 回到后台「投递」中这条视频号投递，点「标记已上传」并粘贴链接。
"""


def kit_build(*, job: DeliveryJob) -> dict:
    """Write the publish kit for the job's page to storage; returns what to record about it."""
    try:
        video, cover = video_source(page=job.page)
    except AssetUnavailable as error:
        if error.transient:
            raise TransientChannelError(error.message, code="asset") from error
        raise PermanentChannelError(error.message, code="asset") from error
    caption = video_caption(job.page, max_chars=1000)
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w") as kit:
            with video.open() as source, kit.open("video.mp4", "w", force_zip64=True) as target:
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
            if cover is not None:
                data, _name, _type = cover.load()
                kit.writestr("cover.jpg", data, compress_type=zipfile.ZIP_STORED)
            kit.writestr("caption.txt", caption + "\n", compress_type=zipfile.ZIP_DEFLATED)
            kit.writestr("发布步骤.txt", HOW_TO, compress_type=zipfile.ZIP_DEFLATED)
        size = buffer.tell()
        buffer.seek(0)
        name = default_storage.save(f"{KIT_FOLDER}/{job.short_key}.zip", File(buffer))
    return {"kit_path": name, "kit_size": size, "caption": caption}


@register_channel
class WechatChannelsChannel(Channel):
    name = WECHAT_CHANNELS
    label = "视频号"
    setting_names = ()
    retracts_by_api = False

    def send(self, job: DeliveryJob) -> Outcome:
        progress = job.progress
        if not progress.get("kit_path"):
            progress.record("kit_ready", **kit_build(job=job))
        return Outcome(AWAITING_CONFIRMATION, message="发布包已准备好：请下载后在视频号助手中发表，再点「标记已上传」填写链接。")

    def retract(self, job: DeliveryJob) -> Outcome:
        url = job.progress.get("post_url") or ""
        where = f"（{url}）" if url else ""
        return Outcome(RETRACT_MANUALLY, message=f"视频号没有删除接口，请在视频号助手中手动删除该视频{where}。")
