"""Douyin (抖音) open platform: upload the vertical video, in parts past 50 MB, then create the post.

Calls go to DOUYIN_API_BASE with the authorised user's `access-token` header and
`open_id` in the query string: `/video/upload/` (multipart `video`) or, for a file over
DOUYIN_CHUNK_THRESHOLD bytes (50 MB), `/video/part/init/`, `/video/part/upload/` per
20 MB part and `/video/part/complete/`; then `/video/create/` with the `video_id`, the
caption and hashtags. Answers carry `data.error_code` (0 is success) and
`data.description`.

What Douyin would refuse is checked before any upload: mp4, vertical 9:16, at least
720×1280, at most 15 minutes and 4 GB. Every id is recorded as it arrives (`video_id`,
`upload_id` and `parts_done` while uploading in parts, `item_id`), so a restarted
delivery continues with the next part and never posts twice.
"""

import logging

from django.conf import settings

import httpx

from .assets import AssetUnavailable, video_source
from .base import (
    DOUYIN,
    PUBLISHED,
    RETRACTED,
    Channel,
    ChannelError,
    DeliveryJob,
    Outcome,
    PermanentChannelError,
    TransientChannelError,
    http_client,
    http_status_error,
    register_channel,
    transport_error,
)
from .captions import video_caption

logger = logging.getLogger(__name__)

SERVICE = "抖音开放平台"
CHUNK_THRESHOLD = 50 * 1024 * 1024
CHUNK_SIZE = 20 * 1024 * 1024
MIN_CHUNK_SIZE = 5 * 1024 * 1024
MAX_VIDEO_BYTES = 4 * 1024 * 1024 * 1024
MAX_DURATION_SECONDS = 15 * 60
MIN_WIDTH, MIN_HEIGHT = 720, 1280
TRANSIENT_CODES = frozenset({2100004})
ERROR_MESSAGES = {
    2100004: "抖音系统繁忙。",
    2100005: "抖音认为请求参数不合法（2100005）。",
    2100007: "抖音账号没有该操作的权限（2100007）。",
    2100009: "抖音账号已被禁止使用该功能（2100009）。",
    2190001: "抖音接口今天的调用额度已用完（2190001），请明天重试。",
    2190002: "抖音授权无效（2190002），请重新授权后更新 DOUYIN_ACCESS_TOKEN。",
    2190004: "应用未获得抖音发布视频的能力，或用户已取消授权（2190004）。",
    2190008: "抖音授权已过期（2190008），请重新授权后更新 DOUYIN_ACCESS_TOKEN。",
    2190015: "DOUYIN_ACCESS_TOKEN 与 DOUYIN_OPEN_ID 不属于同一用户（2190015）。",
}


def douyin_error(code: int, description: str) -> ChannelError:
    """Classify a Douyin `error_code`: system busy is transient, everything else permanent."""
    message = ERROR_MESSAGES.get(code, f"抖音返回错误 {code}：{description}")
    if code in TRANSIENT_CODES:
        return TransientChannelError(message, code=code, detail=description)
    return PermanentChannelError(message, code=code, detail=description)


def video_problems(*, width: int, height: int, duration: float, size: int, content_type: str) -> list[str]:
    """What Douyin would refuse about a video, in Chinese; empty when it is fine."""
    problems = []
    if content_type != "video/mp4":
        problems.append(f"视频格式是 {content_type}，抖音需要 MP4。")
    if width and height:
        if width * 16 != height * 9 and abs(width / height - 9 / 16) > 0.01:
            problems.append(f"视频是 {width}×{height}，抖音需要 9:16 竖版。")
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            problems.append(f"视频分辨率 {width}×{height} 太低，至少需要 {MIN_WIDTH}×{MIN_HEIGHT}。")
    if duration > MAX_DURATION_SECONDS:
        problems.append(f"视频长 {duration / 60:.1f} 分钟，抖音最长 15 分钟。")
    if size > MAX_VIDEO_BYTES:
        problems.append("视频超过 4 GB。")
    return problems


class DouyinClient:
    """The video endpoints of Douyin's open platform for one authorised user."""

    def __init__(self, *, access_token: str, open_id: str, base_url: str, http: httpx.Client | None = None):
        self.access_token = access_token
        self.open_id = open_id
        self.http = http or http_client(base_url=base_url.rstrip("/"), headers={"access-token": access_token})

    @classmethod
    def from_settings(cls) -> "DouyinClient":
        return cls(
            access_token=settings.DOUYIN_ACCESS_TOKEN,
            open_id=settings.DOUYIN_OPEN_ID,
            base_url=getattr(settings, "DOUYIN_API_BASE", "https://open.douyin.com"),
        )

    def close(self) -> None:
        self.http.close()

    def _post(self, path: str, *, params: dict | None = None, **kwargs) -> dict:
        query = {"open_id": self.open_id, **(params or {})}
        try:
            response = self.http.post(path, params=query, **kwargs)
        except httpx.HTTPError as error:
            raise transport_error(error, service=SERVICE) from error
        if response.status_code >= 300:
            raise http_status_error(response, service=SERVICE)
        try:
            data = response.json().get("data") or {}
        except (ValueError, AttributeError) as error:
            raise TransientChannelError(
                f"{SERVICE}返回了无法解析的内容。", code="bad_json", detail=response.text[:300]
            ) from error
        code = int(data.get("error_code") or 0)
        if code:
            raise douyin_error(code, str(data.get("description", "")))
        return data

    def upload(self, *, filename: str, content: bytes) -> dict:
        """Upload a whole video; returns {"video_id", "width", "height"}."""
        return self._post("/video/upload/", files={"video": (filename, content, "video/mp4")})["video"]

    def part_init(self) -> str:
        """Start an upload in parts; returns its upload_id."""
        return self._post("/video/part/init/")["upload_id"]

    def part_upload(self, *, upload_id: str, part_number: int, chunk: bytes) -> None:
        """Upload part `part_number` (from 1) of the upload."""
        self._post(
            "/video/part/upload/",
            params={"upload_id": upload_id, "part_number": part_number},
            files={"video": (f"part-{part_number}.mp4", chunk, "video/mp4")},
        )

    def part_complete(self, *, upload_id: str) -> dict:
        """Finish an upload in parts; returns {"video_id", "width", "height"}."""
        return self._post("/video/part/complete/", params={"upload_id": upload_id})["video"]

    def create(self, *, video_id: str, text: str, cover_tsp: float | None = None) -> str:
        """Create the post; returns its item_id."""
        payload = {"video_id": video_id, "text": text}
        if cover_tsp is not None:
            payload["cover_tsp"] = cover_tsp
        return self._post("/video/create/", json=payload)["item_id"]

    def video_data(self, *, item_ids: list[str]) -> list[dict]:
        """The cumulative play, digg, comment and share counts of up to 20 of the account's posts."""
        return self._post("/api/douyin/v1/video/video_data/", json={"item_ids": item_ids}).get("list") or []

    def delete(self, *, item_id: str) -> None:
        """Delete a post."""
        self._post("/video/delete/", json={"item_id": item_id})


@register_channel
class DouyinChannel(Channel):
    name = DOUYIN
    label = "抖音"
    setting_names = ("DOUYIN_CLIENT_KEY", "DOUYIN_ACCESS_TOKEN", "DOUYIN_OPEN_ID")
    retracts_by_api = True

    def client(self) -> DouyinClient:
        return DouyinClient.from_settings()

    def send(self, job: DeliveryJob) -> Outcome:
        self.require_configured()
        progress = job.progress
        if progress.get("item_id"):
            return Outcome(PUBLISHED, message="抖音已发布。")
        try:
            video, _cover = video_source(page=job.page)
        except AssetUnavailable as error:
            if error.transient:
                raise TransientChannelError(error.message, code="asset") from error
            raise PermanentChannelError(error.message, code="asset") from error
        problems = video_problems(
            width=video.width, height=video.height, duration=video.duration, size=video.size,
            content_type=video.content_type,
        )
        if problems:
            raise PermanentChannelError("".join(problems), code="validation")
        client = self.client()
        try:
            video_id = progress.get("video_id") or self._upload(client, video, progress)
            progress.begin("create")
            item_id = client.create(
                video_id=video_id, text=video_caption(job.page), cover_tsp=1.0 if video.duration > 1 else None
            )
            progress.record("created", item_id=item_id)
        finally:
            client.close()
        return Outcome(PUBLISHED, message=f"抖音已发布（item_id {item_id}）。")

    def _upload(self, client: DouyinClient, video, progress) -> str:
        threshold = int(getattr(settings, "DOUYIN_CHUNK_THRESHOLD", CHUNK_THRESHOLD))
        chunk_size = max(MIN_CHUNK_SIZE, int(getattr(settings, "DOUYIN_CHUNK_SIZE", CHUNK_SIZE)))
        if video.size <= threshold:
            with video.open() as handle:
                result = client.upload(filename=f"{video.key}.mp4", content=handle.read())
            progress.record("video_uploaded", video_id=result["video_id"])
            return result["video_id"]
        upload_id = progress.get("upload_id")
        if not upload_id:
            upload_id = client.part_init()
            progress.record("part_init", upload_id=upload_id, parts_done=0)
        done = int(progress.get("parts_done") or 0)
        with video.open() as handle:
            handle.seek(done * chunk_size)
            part_number = done + 1
            while chunk := handle.read(chunk_size):
                client.part_upload(upload_id=upload_id, part_number=part_number, chunk=chunk)
                progress.record("part_uploaded", parts_done=part_number)
                part_number += 1
        result = client.part_complete(upload_id=upload_id)
        progress.record("video_uploaded", video_id=result["video_id"])
        return result["video_id"]

    def retract(self, job: DeliveryJob) -> Outcome:
        self.require_configured()
        item_id = job.progress.get("item_id")
        if not item_id:
            return Outcome(RETRACTED, message="抖音视频尚未发布，无需删除。")
        client = self.client()
        try:
            client.delete(item_id=item_id)
        finally:
            client.close()
        job.progress.record("deleted", deleted_item_id=item_id)
        return Outcome(RETRACTED, message="已删除抖音视频。")

    def post_exists(self, external_ids: dict) -> bool:
        return bool(external_ids.get("item_id") or external_ids.get("in_flight") == "create")
