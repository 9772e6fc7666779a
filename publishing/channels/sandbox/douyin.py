"""A local Douyin open platform (video endpoints) that behaves as the documentation says and checks inputs.

Endpoints (POST): /video/upload/, /video/part/init/, /video/part/upload/,
/video/part/complete/, /video/create/, /video/delete/, /api/douyin/v1/video/video_data/ (up to
20 `item_ids`, their cumulative numbers from `item_stats`). Every call needs the `access-token`
header (invalid 2190002, expired 2190008) and the matching `open_id` (2190015). Answers are
{"data": {"error_code", "description", ...}, "extra": {...}} as on Douyin.

It checks: the multipart field `video` holds an MP4 (an `ftyp` box) and, sent whole, is at
most 128 MB (larger files must come in parts); parts are numbered from 1 without gaps and
all but the last are at least 5 MB; `create` names an uploaded video_id and a caption of at
most 1,000 characters. Video bytes are not kept, only their size and hash.
"""

import hashlib
import secrets

from .base import SandboxApp, SandboxRequest, SandboxResponse

WHOLE_MAX_BYTES = 128 * 1024 * 1024
PART_MIN_BYTES = 5 * 1024 * 1024
TEXT_MAX_CHARS = 1000
DESCRIPTIONS = {
    2100004: "系统繁忙，此时请开发者稍候再试",
    2100005: "参数不合法",
    2190002: "access_token无效",
    2190008: "access_token过期,请刷新或重新授权",
    2190015: "请求参数access_token openid不匹配",
}


VIDEO_DATA_MAX_ITEMS = 20


def is_mp4(data: bytes) -> bool:
    """An MP4 file starts with a box whose type, at bytes 4–8, is `ftyp`."""
    return data[4:8] == b"ftyp"


class DouyinSandbox(SandboxApp):
    name = "douyin"

    def __init__(self, *, access_token: str = "act.sandbox-token", open_id: str = "sandbox-open-id"):  # noqa: S107 - the fake platform's own test credentials
        super().__init__()
        self.access_token = access_token
        self.open_id = open_id
        self.routes = {
            "/video/upload/": self.upload,
            "/video/part/init/": self.part_init,
            "/video/part/upload/": self.part_upload,
            "/video/part/complete/": self.part_complete,
            "/video/create/": self.create,
            "/video/delete/": self.delete,
            "/api/douyin/v1/video/video_data/": self.video_data,
        }
        self._reset_data()

    def _reset_data(self) -> None:
        self.token_expired = False
        self.videos: dict[str, dict] = {}
        self.uploads: dict[str, dict] = {}
        self.items: dict[str, dict] = {}
        self.item_stats: dict[str, dict] = {}  # cumulative play/digg/comment/share counts a test sets

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self._reset_data()

    def state(self) -> dict:
        with self.lock:
            return {
                **super().state(),
                "videos": self.videos,
                "uploads": {key: {"parts": sorted(u["parts"])} for key, u in self.uploads.items()},
                "items": self.items,
            }

    def expire_token(self) -> None:
        with self.lock:
            self.token_expired = True

    def error_response(self, code: int, message: str = "") -> SandboxResponse:
        description = DESCRIPTIONS.get(code, message)
        return SandboxResponse(200, {
            "data": {"error_code": code, "description": description},
            "extra": {"error_code": code, "description": description, "sub_error_code": 0, "logid": secrets.token_hex(8)},
        })

    def ok(self, **data) -> SandboxResponse:
        return SandboxResponse(200, {
            "data": {"error_code": 0, "description": "", **data},
            "extra": {"error_code": 0, "description": "", "sub_error_code": 0, "logid": secrets.token_hex(8)},
        })

    def _check_auth(self, request: SandboxRequest) -> SandboxResponse | None:
        if request.headers.get("access-token") != self.access_token:
            return self.error_response(2190002)
        if self.token_expired:
            return self.error_response(2190008)
        if request.query.get("open_id") != self.open_id:
            return self.error_response(2190015)
        return None

    def _video_part(self, request: SandboxRequest):
        part = request.multipart().get("video")
        if part is None or not part.data:
            return None
        return part

    def _new_video(self, *, size: int, digest: str) -> str:
        video_id = "v0200f" + secrets.token_hex(12)
        self.videos[video_id] = {"size": size, "sha1": digest, "width": 1080, "height": 1920}
        return video_id

    def upload(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_auth(request):
            return problem
        part = self._video_part(request)
        if part is None:
            return self.error_response(2100005, "缺少 video 字段")
        if not is_mp4(part.data):
            return self.error_response(2100005, "视频格式不支持，请上传 mp4")
        if len(part.data) > WHOLE_MAX_BYTES:
            return self.error_response(2100005, "视频超过128M，请使用分片上传")
        video_id = self._new_video(size=len(part.data), digest=hashlib.sha1(part.data, usedforsecurity=False).hexdigest())
        return self.ok(video={"video_id": video_id, "width": 1080, "height": 1920})

    def part_init(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_auth(request):
            return problem
        upload_id = "@" + secrets.token_urlsafe(24)
        self.uploads[upload_id] = {"parts": {}, "first_bytes": b""}
        return self.ok(upload_id=upload_id)

    def part_upload(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_auth(request):
            return problem
        upload = self.uploads.get(request.query.get("upload_id", ""))
        if upload is None:
            return self.error_response(2100005, "upload_id 无效")
        try:
            number = int(request.query.get("part_number", ""))
        except ValueError:
            return self.error_response(2100005, "part_number 无效")
        part = self._video_part(request)
        if part is None or number < 1:
            return self.error_response(2100005, "分片为空或编号无效")
        if number == 1:
            upload["first_bytes"] = part.data[:16]
        upload["parts"][number] = {"size": len(part.data), "sha1": hashlib.sha1(part.data, usedforsecurity=False).hexdigest()}
        return self.ok()

    def part_complete(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_auth(request):
            return problem
        upload = self.uploads.get(request.query.get("upload_id", ""))
        if upload is None or not upload["parts"]:
            return self.error_response(2100005, "upload_id 无效或没有分片")
        numbers = sorted(upload["parts"])
        if numbers != list(range(1, len(numbers) + 1)):
            return self.error_response(2100005, "分片编号不连续")
        if any(upload["parts"][n]["size"] < PART_MIN_BYTES for n in numbers[:-1]):
            return self.error_response(2100005, "除最后一片外，每个分片至少 5MB")
        if not is_mp4(upload["first_bytes"]):
            return self.error_response(2100005, "视频格式不支持，请上传 mp4")
        digest = hashlib.sha1("".join(upload["parts"][n]["sha1"] for n in numbers).encode(), usedforsecurity=False).hexdigest()
        video_id = self._new_video(size=sum(upload["parts"][n]["size"] for n in numbers), digest=digest)
        upload["video_id"] = video_id
        return self.ok(video={"video_id": video_id, "width": 1080, "height": 1920})

    def create(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_auth(request):
            return problem
        data = request.json()
        if not isinstance(data, dict) or data.get("video_id") not in self.videos:
            return self.error_response(2100005, "video_id 无效")
        text = data.get("text", "")
        if not isinstance(text, str) or len(text) > TEXT_MAX_CHARS:
            return self.error_response(2100005, "text 过长")
        cover_tsp = data.get("cover_tsp")
        if cover_tsp is not None and (not isinstance(cover_tsp, int | float) or cover_tsp < 0):
            return self.error_response(2100005, "cover_tsp 无效")
        item_id = "@" + secrets.token_urlsafe(30)
        self.items[item_id] = {"video_id": data["video_id"], "text": text, "deleted": False}
        return self.ok(item_id=item_id)

    def delete(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_auth(request):
            return problem
        data = request.json() or {}
        item = self.items.get(data.get("item_id"))
        if item is None or item["deleted"]:
            return self.error_response(2100005, "item_id 无效")
        item["deleted"] = True
        return self.ok()

    def video_data(self, request: SandboxRequest) -> SandboxResponse:
        """The numbers of up to 20 of the account's posts (scope video.data.bind), cumulative."""
        if problem := self._check_auth(request):
            return problem
        item_ids = (request.json() or {}).get("item_ids")
        if not isinstance(item_ids, list) or not 1 <= len(item_ids) <= VIDEO_DATA_MAX_ITEMS:
            return self.error_response(2100005, "item_ids 须为 1–20 个")
        found = []
        for item_id in item_ids:
            if item_id in self.items:
                numbers = self.item_stats.get(item_id, {})
                found.append({"item_id": item_id, "statistics": {
                    name: int(numbers.get(name, 0))
                    for name in ("play_count", "digg_count", "comment_count", "share_count", "forward_count", "download_count")
                }})
        return self.ok(list=found)
